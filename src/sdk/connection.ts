/**
 * The SDK's end of the port to the embed page: requests with ids and timeouts, answers matched
 * by id, events fanned out to listeners. Knows nothing of the DOM, so Node tests can drive it
 * with a MessageChannel.
 */
import type { SdkEventMap, SdkEventName, SdkRequest } from '../shared/sdk-protocol';
import { isFromSdkHost } from '../shared/sdk-protocol';
import { CoveSdkError } from './errors';

/** Every request fails with `timeout` after this long unless the caller says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** A request without its id (the connection numbers them). */
type RequestBody = SdkRequest extends infer R ? (R extends SdkRequest ? Omit<R, 'id'> : never) : never;

type Listener = (data: never) => void;

export class Connection {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: ReturnType<typeof setTimeout> }
  >();
  private readonly listeners = new Map<SdkEventName, Set<Listener>>();
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    port.onmessage = (e: MessageEvent) => this.onMessage(e.data);
    port.start?.();
  }

  /** `timeoutMs: 0`: wait as long as it takes (e.g. a click-to-load embed waiting for its click). */
  request<T = unknown>(body: RequestBody, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.closed) return Promise.reject(new CoveSdkError('destroyed', 'The embed was destroyed.'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const entry: {
        resolve: (v: unknown) => void;
        reject: (e: Error) => void;
        timer?: ReturnType<typeof setTimeout>;
      } = { resolve: resolve as (v: unknown) => void, reject };
      if (timeoutMs > 0)
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new CoveSdkError('timeout', `No answer to "${body.type}" within ${timeoutMs} ms.`));
        }, timeoutMs);
      this.pending.set(id, entry);
      this.port.postMessage({ ...body, id });
    });
  }

  on<K extends SdkEventName>(event: K, cb: (data: SdkEventMap[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = cb as Listener;
    set.add(l);
    return () => void set.delete(l);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.onmessage = null;
    this.port.close();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new CoveSdkError('destroyed', 'The embed was destroyed.'));
    }
    this.pending.clear();
    this.listeners.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onMessage(msg: unknown): void {
    // Whatever does not follow the protocol is dropped: the port is ours, but the page at the other end is not.
    if (this.closed || !isFromSdkHost(msg)) return;
    if (msg.type === 'response') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new CoveSdkError(msg.code, msg.message));
      return;
    }
    for (const l of [...(this.listeners.get(msg.event) ?? [])]) {
      try {
        (l as (d: unknown) => void)(msg.data);
      } catch (err) {
        // A throwing listener must not stop the others.
        setTimeout(() => {
          throw err;
        });
      }
    }
  }
}

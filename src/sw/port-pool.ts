/**
 * The service worker's MessagePorts to bundler workers (one per IDE tab that
 * opened this project). Requests go to the newest port; a port that closes, or
 * stays silent for `timeoutMs` while it owes answers, is dropped and its
 * requests move on to the next port. Ports live only as long as the service
 * worker: after the browser restarts it the pool is empty and the caller has to
 * ask a page for a new one.
 */
import type { PortMessage, PreviewRequest, PreviewResponse } from '../shared/protocol';

/** The part of MessagePort the pool uses (a DOM MessagePort or Node's). */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'close', listener: (event: { data?: unknown }) => void): void;
  start?(): void;
  close(): void;
}

export class NoPortError extends Error {
  constructor() {
    super('No connection to the Cove IDE.');
    this.name = 'NoPortError';
  }
}

export type PreviewFetch = Omit<PreviewRequest, 'type' | 'id'>;

interface Pending {
  resolve(res: PreviewResponse): void;
  /** The port went away: try the next one. */
  retry(): void;
}

interface Entry {
  port: PortLike;
  pending: Map<number, Pending>;
  watchdog?: ReturnType<typeof setTimeout>;
}

export class PortPool {
  /** Newest first. */
  private entries: Entry[] = [];
  private nextId = 1;
  private waiters = new Set<() => void>();
  private readonly timeoutMs: number;

  constructor(opts: { timeoutMs?: number } = {}) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  get size(): number {
    return this.entries.length;
  }

  add(port: PortLike): void {
    if (this.entries.some((e) => e.port === port)) return;
    const entry: Entry = { port, pending: new Map() };
    port.addEventListener('message', (event) => this.onMessage(entry, event.data));
    // Supported by Chromium and Node: the other side closed or its tab went away.
    port.addEventListener('close', () => this.drop(entry));
    port.start?.();
    this.entries.unshift(entry);
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves true as soon as a port is available, false after `timeoutMs`. */
  waitForPort(timeoutMs: number): Promise<boolean> {
    if (this.entries.length) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve(ok);
      };
      const wake = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiters.add(wake);
    });
  }

  /** Asks the newest live port; rejects with NoPortError once every port has failed. */
  async request(req: PreviewFetch): Promise<PreviewResponse> {
    for (;;) {
      const entry = this.entries[0];
      if (!entry) throw new NoPortError();
      const res = await this.ask(entry, req);
      if (res) return res;
    }
  }

  /** Closes every port (e.g. in tests). */
  clear(): void {
    for (const entry of [...this.entries]) this.drop(entry);
  }

  /** The response, or undefined when this port was dropped before answering. */
  private ask(entry: Entry, req: PreviewFetch): Promise<PreviewResponse | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      entry.pending.set(id, { resolve, retry: () => resolve(undefined) });
      this.armWatchdog(entry);
      try {
        const msg: PortMessage = { type: 'fetch', id, ...req };
        entry.port.postMessage(msg);
      } catch {
        this.drop(entry);
      }
    });
  }

  private onMessage(entry: Entry, data: unknown): void {
    // Any message proves the port alive: restart its silence timer.
    if (entry.watchdog !== undefined) {
      clearTimeout(entry.watchdog);
      entry.watchdog = undefined;
    }
    const msg = data as PortMessage | undefined;
    if (msg?.type === 'response') {
      const p = entry.pending.get(msg.id);
      entry.pending.delete(msg.id);
      p?.resolve(msg);
    } else if (msg?.type === 'ping') {
      entry.port.postMessage({ type: 'pong', id: msg.id } satisfies PortMessage);
    }
    if (entry.pending.size) this.armWatchdog(entry);
  }

  private armWatchdog(entry: Entry): void {
    if (entry.watchdog !== undefined) return;
    entry.watchdog = setTimeout(() => {
      entry.watchdog = undefined;
      if (entry.pending.size) this.drop(entry);
    }, this.timeoutMs);
  }

  private drop(entry: Entry): void {
    const i = this.entries.indexOf(entry);
    if (i < 0) return;
    this.entries.splice(i, 1);
    if (entry.watchdog !== undefined) clearTimeout(entry.watchdog);
    const pending = [...entry.pending.values()];
    entry.pending.clear();
    try {
      entry.port.close();
    } catch {
      // Already closed.
    }
    for (const p of pending) p.retry();
  }
}

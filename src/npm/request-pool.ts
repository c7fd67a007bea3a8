/**
 * Registry requests, bounded and resilient: at most `concurrency` at once, transient failures
 * (network errors, no progress for `timeoutMs`, HTTP 5xx/429) retried with a short backoff,
 * 4xx answered at once, and an aborted signal frees its slot immediately.
 */
import { NpmError } from '../shared/npm';

export interface RequestPoolOptions {
  fetch?: typeof fetch;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** Give up an attempt after this long without any bytes (default 30 s). */
  timeoutMs?: number;
  /** Waits before retry 1, 2, ... (the last one repeats). */
  backoffMs?: readonly number[];
}

/** A request that failed for good (after retries): `reason` is short and human, e.g. `HTTP 503`. */
export class RequestFailure extends Error {
  constructor(
    readonly reason: string,
    readonly status?: number,
  ) {
    super(reason);
    this.name = 'RequestFailure';
  }
}

export interface Attempt {
  response: Response;
  /** Aborts when the caller cancels or the attempt times out. */
  signal: AbortSignal;
  /** Call as bytes arrive: restarts the no-progress timer. */
  progress(): void;
}

export interface RequestPool {
  /**
   * GETs `url` in a slot and runs `read` on the response while holding it (so the body's
   * download counts against the bound). `read` sees every status except 5xx/429, which are
   * retried. Throws NpmError `cancelled`, RequestFailure after the last retry, or what `read` throws.
   */
  run<T>(url: string, init: RequestInit, read: (attempt: Attempt) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** For tests and progress displays. */
  stats(): { active: number; waiting: number };
}

type Outcome<T> = { retry: false; value: T } | { retry: true; failure: RequestFailure };

export function createRequestPool(options: RequestPoolOptions = {}): RequestPool {
  // Bound: calling an unbound `fetch` throws "Illegal invocation" in browsers.
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const retries = options.retries ?? 2;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoff = options.backoffMs ?? [250, 1000];
  const slots = createSemaphore(options.concurrency ?? 8);

  async function attempt<T>(
    url: string,
    init: RequestInit,
    read: (attempt: Attempt) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<Outcome<T>> {
    if (signal?.aborted) throw cancelled(url);
    const controller = new AbortController();
    const forward = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const progress = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new RequestFailure(`no data for ${timeoutMs / 1000} s`));
      }, timeoutMs);
    };
    // Settles as soon as the attempt is aborted, even if fetch or `read` ignore the signal.
    let stop: (reason: unknown) => void = () => {};
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => {}); // The final abort below rejects it with no one waiting.
    controller.signal.addEventListener('abort', () => stop(controller.signal.reason), { once: true });
    progress();
    try {
      const work = (async (): Promise<Outcome<T>> => {
        const response = await doFetch(url, { ...init, signal: controller.signal });
        progress();
        if (response.status >= 500 || response.status === 429) {
          await response.body?.cancel().catch(() => {});
          const text = response.statusText ? ` ${response.statusText}` : '';
          return { retry: true, failure: new RequestFailure(`HTTP ${response.status}${text}`, response.status) };
        }
        return { retry: false, value: await read({ response, signal: controller.signal, progress }) };
      })();
      work.catch(() => {}); // Its rejection after an abort is handled through `stopped`.
      return await Promise.race([work, stopped]);
    } catch (error) {
      if (signal?.aborted) throw cancelled(url);
      if (timedOut) return { retry: true, failure: new RequestFailure(`no data for ${timeoutMs / 1000} s`) };
      if (isNetworkError(error)) return { retry: true, failure: new RequestFailure(describeNetworkError(error)) };
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forward);
      if (!controller.signal.aborted) controller.abort(); // Nothing of this attempt outlives it.
    }
  }

  return {
    async run(url, init, read, signal) {
      for (let n = 0; ; n++) {
        if (signal?.aborted) throw cancelled(url);
        const release = await slots.acquire(signal, url);
        let outcome;
        try {
          outcome = await attempt(url, init, read, signal);
        } finally {
          release();
        }
        if (!outcome.retry) return outcome.value;
        if (n >= retries) throw outcome.failure;
        await sleep(backoff[Math.min(n, backoff.length - 1)] ?? 0, signal, url);
      }
    },
    stats: () => slots.stats(),
  };
}

/** Reads a whole body, calling `onChunk` per chunk (for progress and the idle timer). */
export async function readBody(response: Response, onChunk: (chunk: Uint8Array) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onChunk(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function cancelled(url: string): NpmError {
  return new NpmError('cancelled', `Cancelled: ${url}`);
}

/** `fetch` rejects with a TypeError for network trouble (and Node's body streams on a reset). */
function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof DOMException && error.name === 'NetworkError');
}

function describeNetworkError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== message ? `${message} (${cause})` : message;
}

function sleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(url));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function createSemaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      waiting.shift()?.();
    };
  };
  return {
    acquire(signal: AbortSignal | undefined, url: string): Promise<() => void> {
      if (active < limit) {
        active++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          active++;
          resolve(releaser());
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(cancelled(url));
        };
        waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    stats: () => ({ active, waiting: waiting.length }),
  };
}

/**
 * Requests to the bundler worker that get one answer by id (`npm-read`, `npm-latest`): each
 * settles with the worker's answer, its error message, or a timeout that says what was waited for.
 */

export type NpmRequestKind = 'read' | 'latest' | 'bundle';

/**
 * Reading a stored file is quick; a registry lookup may retry a slow network for a while; bundling a
 * page (the preview without a service worker) may wait for esbuild to start and packages to install.
 */
export const NPM_REQUEST_TIMEOUT_MS: Record<NpmRequestKind, number> = { read: 20_000, latest: 60_000, bundle: 120_000 };

interface Pending {
  kind: NpmRequestKind;
  resolve: (value: string) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class NpmRequests {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private readonly timeouts: Record<NpmRequestKind, number>;

  constructor(timeouts: Partial<Record<NpmRequestKind, number>> = {}) {
    this.timeouts = { ...NPM_REQUEST_TIMEOUT_MS, ...timeouts };
  }

  /** Registers a request, then calls `send` with its id. `what` finishes "The bundler did not answer ... while <what>". */
  start(kind: NpmRequestKind, what: string, send: (id: number) => void): Promise<string> {
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const ms = this.timeouts[kind];
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`The bundler did not answer within ${Math.round(ms / 1000)} s while ${what}.`));
      }, ms);
      this.pending.set(id, { kind, resolve, reject, timer });
      try {
        send(id);
      } catch (err) {
        this.finish(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** The worker's answer: a value, or an error message. Unknown ids (timed out already) are ignored. */
  settle(kind: NpmRequestKind, id: number, value: string | undefined, error: string | undefined): void {
    const p = this.pending.get(id);
    if (!p || p.kind !== kind) return;
    this.finish(id);
    if (typeof value === 'string' && !error) p.resolve(value);
    else p.reject(new Error(error || 'The bundler gave no answer.'));
  }

  rejectAll(error: Error): void {
    for (const [id, p] of [...this.pending]) {
      this.finish(id);
      p.reject(error);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private finish(id: number): void {
    const p = this.pending.get(id);
    if (p) clearTimeout(p.timer);
    this.pending.delete(id);
  }
}

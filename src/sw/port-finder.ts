/**
 * Getting a port back after the browser restarted the service worker (which
 * loses every MessagePort): ask the open preview pages with `cove:need-port`;
 * their runtime (or boot script) asks the IDE and sends a port with
 * `cove:connect`. One request at a time, shared by every fetch that waits.
 */
import type { FromServiceWorker } from '../shared/protocol';
import type { PortPool } from './port-pool';

export interface ClientsLike {
  get(id: string): Promise<{ id: string; postMessage(msg: unknown): void } | undefined | null>;
  matchAll(opts: { type: 'window' }): Promise<readonly { id: string; postMessage(msg: unknown): void }[]>;
}

export class PortFinder {
  private inflight: Promise<boolean> | undefined;

  constructor(
    private readonly pool: PortPool,
    private readonly clients: ClientsLike,
  ) {}

  /**
   * Resolves true when a port is in the pool. `clientId` (the page that made the
   * request) is asked first; the other open pages too, because any of them can relay.
   * Without any page to ask, resolves false at once.
   */
  find(clientId: string | undefined, timeoutMs: number): Promise<boolean> {
    if (this.pool.size) return Promise.resolve(true);
    this.inflight ??= (async () => {
      if (!(await this.ask(clientId))) return this.pool.size > 0;
      return this.pool.waitForPort(timeoutMs);
    })().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async ask(clientId: string | undefined): Promise<number> {
    const msg: FromServiceWorker = { type: 'cove:need-port' };
    const targets = new Map<string, { postMessage(msg: unknown): void }>();
    if (clientId) {
      const own = await this.clients.get(clientId).catch(() => undefined);
      if (own) targets.set(own.id, own);
    }
    for (const c of await this.clients.matchAll({ type: 'window' }).catch(() => [])) targets.set(c.id, c);
    for (const c of targets.values()) {
      try {
        c.postMessage(msg);
      } catch {
        // A client that went away meanwhile.
      }
    }
    return targets.size;
  }
}

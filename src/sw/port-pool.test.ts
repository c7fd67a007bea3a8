import { afterEach, describe, expect, it } from 'vitest';
import type { PortMessage } from '../shared/protocol';
import { NoPortError, PortPool, type PortLike } from './port-pool';
import { PortFinder, type ClientsLike } from './port-finder';

const opened: MessagePort[] = [];

/** A bundler stand-in: answers every fetch with its name, unless `silent`. */
function fakeBundler(name: string, opts: { silent?: boolean } = {}) {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const seen: string[] = [];
  port2.addEventListener('message', (event: MessageEvent) => {
    const msg = event.data as PortMessage;
    if (msg.type !== 'fetch') return;
    seen.push(msg.url);
    if (opts.silent) return;
    port2.postMessage({
      type: 'response',
      id: msg.id,
      status: 200,
      headers: {},
      body: `${name} ${msg.url}`,
    } satisfies PortMessage);
  });
  port2.start();
  return { port: port1 as unknown as PortLike, other: port2, seen };
}

const req = (url: string) => ({ url, destination: 'script', navigate: false });

afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

describe('PortPool', () => {
  it('rejects with NoPortError when it has no port', async () => {
    await expect(new PortPool().request(req('/a.js'))).rejects.toBeInstanceOf(NoPortError);
  });

  it('sends requests to the newest port', async () => {
    const pool = new PortPool();
    const a = fakeBundler('a');
    const b = fakeBundler('b');
    pool.add(a.port);
    pool.add(b.port);
    const res = await pool.request(req('/x.js'));
    expect(res.body).toBe('b /x.js');
    expect(a.seen).toEqual([]);
    pool.clear();
  });

  it('drops a port that stays silent and retries on the next one', async () => {
    const pool = new PortPool({ timeoutMs: 80 });
    const alive = fakeBundler('alive');
    const dead = fakeBundler('dead', { silent: true });
    pool.add(alive.port);
    pool.add(dead.port);
    const started = Date.now();
    const res = await pool.request(req('/y.js'));
    expect(res.body).toBe('alive /y.js');
    expect(dead.seen).toEqual(['/y.js']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(pool.size).toBe(1);
    // The next request goes straight to the live port.
    expect((await pool.request(req('/z.js'))).body).toBe('alive /z.js');
    pool.clear();
  });

  it('moves every pending request of a dropped port to the next one', async () => {
    const pool = new PortPool({ timeoutMs: 60 });
    const alive = fakeBundler('alive');
    const dead = fakeBundler('dead', { silent: true });
    pool.add(alive.port);
    pool.add(dead.port);
    const all = await Promise.all([pool.request(req('/1')), pool.request(req('/2')), pool.request(req('/3'))]);
    expect(all.map((r) => r.body)).toEqual(['alive /1', 'alive /2', 'alive /3']);
    pool.clear();
  });

  it('drops a port at once when the other side closes', async () => {
    const pool = new PortPool({ timeoutMs: 10_000 });
    const alive = fakeBundler('alive');
    const closing = fakeBundler('closing', { silent: true });
    pool.add(alive.port);
    pool.add(closing.port);
    const pending = pool.request(req('/c.js'));
    setTimeout(() => closing.other.close(), 20);
    const started = Date.now();
    expect((await pending).body).toBe('alive /c.js');
    expect(Date.now() - started).toBeLessThan(2_000);
    pool.clear();
  });

  it('fails with NoPortError when the only port times out', async () => {
    const pool = new PortPool({ timeoutMs: 50 });
    pool.add(fakeBundler('dead', { silent: true }).port);
    await expect(pool.request(req('/d.js'))).rejects.toBeInstanceOf(NoPortError);
    expect(pool.size).toBe(0);
  });

  it('keeps a slow port alive while it keeps talking', async () => {
    const pool = new PortPool({ timeoutMs: 80 });
    const { port1, port2 } = new MessageChannel();
    opened.push(port1, port2);
    port2.addEventListener('message', (event: MessageEvent) => {
      const msg = event.data as PortMessage;
      if (msg.type !== 'fetch') return;
      // Pings every 40 ms prove it alive; the answer comes after 200 ms.
      const ping = setInterval(() => port2.postMessage({ type: 'ping', id: 0 }), 40);
      setTimeout(() => {
        clearInterval(ping);
        port2.postMessage({ type: 'response', id: msg.id, status: 200, headers: {}, body: 'slow' });
      }, 200);
    });
    port2.start();
    pool.add(port1 as unknown as PortLike);
    expect((await pool.request(req('/slow'))).body).toBe('slow');
    pool.clear();
  });

  it('waitForPort resolves when a port arrives, or false after the timeout', async () => {
    const pool = new PortPool();
    expect(await pool.waitForPort(30)).toBe(false);
    const waiting = pool.waitForPort(1_000);
    pool.add(fakeBundler('late').port);
    expect(await waiting).toBe(true);
    pool.clear();
  });
});

describe('PortFinder', () => {
  function clients(onAsk: (id: string) => void, ids = ['page1']): ClientsLike {
    const list = ids.map((id) => ({
      id,
      postMessage: (msg: unknown) => (expect(msg).toEqual({ type: 'cove:need-port' }), onAsk(id)),
    }));
    return { get: async (id) => list.find((c) => c.id === id), matchAll: async () => list };
  }

  it('asks the open pages for a port and resolves once one is handed over', async () => {
    const pool = new PortPool();
    const asked: string[] = [];
    const finder = new PortFinder(
      pool,
      clients((id) => {
        asked.push(id);
        setTimeout(() => pool.add(fakeBundler('fresh').port), 10);
      }),
    );
    expect(await finder.find('page1', 1_000)).toBe(true);
    expect(asked).toEqual(['page1']);
    expect((await pool.request(req('/r.js'))).body).toBe('fresh /r.js');
    pool.clear();
  });

  it('asks once for many waiting requests', async () => {
    const pool = new PortPool();
    let asks = 0;
    const finder = new PortFinder(
      pool,
      clients(() => {
        asks++;
        setTimeout(() => pool.add(fakeBundler('x').port), 10);
      }, ['a', 'b']),
    );
    expect(
      await Promise.all([finder.find('a', 1_000), finder.find('b', 1_000), finder.find(undefined, 1_000)]),
    ).toEqual([true, true, true]);
    expect(asks).toBe(2); // each page once, not once per request
    pool.clear();
  });

  it('gives up at once when no page is open, and after the timeout when nobody answers', async () => {
    const pool = new PortPool();
    expect(
      await new PortFinder(
        pool,
        clients(() => {}, []),
      ).find(undefined, 5_000),
    ).toBe(false);
    expect(
      await new PortFinder(
        pool,
        clients(() => {}),
      ).find('page1', 40),
    ).toBe(false);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { createRequestPool, readBody, RequestFailure, type RequestPool } from './request-pool';
import { startTestServer, type TestServer } from './testing/http-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server whose routes count their hits; each route decides by hit number. */
let server: TestServer;
let base = '';
let hits = new Map<string, number>();
let inFlight = 0;
let maxInFlight = 0;
const held: (() => void)[] = [];

type Route = (res: ServerResponse, hit: number, req: IncomingMessage) => void;
const routes: Record<string, Route> = {
  '/ok': (res) => res.end('ok'),
  '/held': (res) => held.push(() => res.end('released')),
  '/500-then-200': (res, hit) => (hit < 3 ? ((res.statusCode = 500), res.end('boom')) : res.end('recovered')),
  '/429-then-200': (res, hit) => (hit < 2 ? ((res.statusCode = 429), res.end()) : res.end('recovered')),
  '/always-503': (res) => ((res.statusCode = 503), res.end()),
  '/404': (res) => ((res.statusCode = 404), res.end('missing')),
  '/reset-then-200': (res, hit, req) => (hit < 2 ? req.socket.destroy() : res.end('recovered')),
  '/hang': () => {},
  '/stall-mid-body-then-200': (res, hit) => {
    res.setHeader('content-length', '10');
    if (hit < 2) res.write('12345');
    else res.end('1234567890');
  },
  '/slow-but-steady': (res) => {
    let n = 0;
    const tick = setInterval(() => {
      res.write('x');
      if (++n === 8) {
        clearInterval(tick);
        res.end();
      }
    }, 40);
  },
};

beforeAll(async () => {
  server = await startTestServer((req, res, path, hit) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    (routes[path] ?? ((r) => ((r.statusCode = 400), r.end())))(res, hit, req);
  });
  base = server.base;
  hits = server.hits;
});

afterAll(() => server.close());

beforeEach(() => {
  hits.clear();
  maxInFlight = 0;
  held.splice(0).forEach((release) => release());
});

const text = (pool: RequestPool, path: string, signal?: AbortSignal) =>
  pool.run(
    base + path,
    {},
    async ({ response, progress }) => {
      const body = new TextDecoder().decode(await readBody(response, progress));
      return `${response.status} ${body}`;
    },
    signal,
  );

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

const fastRetries = { backoffMs: [10, 20] };

describe('createRequestPool', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    const pool = createRequestPool({ concurrency: 3 });
    const all = Promise.all(Array.from({ length: 8 }, () => text(pool, '/held')));
    // Polls, not fixed sleeps: the machine may be busy; then check that no fourth one sneaks in.
    await expect.poll(() => held.length).toBe(3);
    await sleep(50);
    expect(held.length).toBe(3);
    expect(pool.stats()).toEqual({ active: 3, waiting: 5 });
    while (hits.get('/held') !== 8 || held.length) {
      held.splice(0).forEach((release) => release());
      await sleep(20);
    }
    expect(await all).toEqual(Array(8).fill('200 released'));
    expect(maxInFlight).toBe(3);
    expect(pool.stats()).toEqual({ active: 0, waiting: 0 });
  });

  it('retries 5xx and 429, then succeeds', async () => {
    const pool = createRequestPool(fastRetries);
    expect(await text(pool, '/500-then-200')).toBe('200 recovered');
    expect(hits.get('/500-then-200')).toBe(3);
    expect(await text(pool, '/429-then-200')).toBe('200 recovered');
    expect(hits.get('/429-then-200')).toBe(2);
  });

  it('gives up after the retries with the last status', async () => {
    const pool = createRequestPool({ ...fastRetries, retries: 2 });
    const error = await rejection(text(pool, '/always-503'));
    expect(error).toBeInstanceOf(RequestFailure);
    expect((error as RequestFailure).status).toBe(503);
    expect((error as RequestFailure).reason).toMatch(/^HTTP 503/);
    expect(hits.get('/always-503')).toBe(3);
  });

  it('does not retry 4xx: the reader sees them', async () => {
    const pool = createRequestPool(fastRetries);
    expect(await text(pool, '/404')).toBe('404 missing');
    expect(hits.get('/404')).toBe(1);
  });

  it('retries network errors', async () => {
    const pool = createRequestPool(fastRetries);
    expect(await text(pool, '/reset-then-200')).toBe('200 recovered');
    expect(hits.get('/reset-then-200')).toBe(2);
  });

  it('reports an unreachable server with the network reason after the retries', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    let calls = 0;
    const pool = createRequestPool({ ...fastRetries, fetch: (input, init) => (calls++, fetch(input, init)) });
    const error = await rejection(pool.run(`http://127.0.0.1:${port}/x`, {}, async () => 'unreachable'));
    expect(error).toBeInstanceOf(RequestFailure);
    expect((error as RequestFailure).reason).toMatch(/ECONNREFUSED/);
    expect(calls).toBe(3);
  });

  it('times out an attempt that sends nothing, and retries it', async () => {
    const pool = createRequestPool({ timeoutMs: 100, retries: 1, backoffMs: [10] });
    const started = Date.now();
    const error = await rejection(text(pool, '/hang'));
    expect((error as RequestFailure).reason).toBe('no data for 0.1 s');
    expect(hits.get('/hang')).toBe(2);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pool.stats().active).toBe(0);
  });

  it('times out a body that stops midway, and retries it', async () => {
    const pool = createRequestPool({ timeoutMs: 150, backoffMs: [10] });
    expect(await text(pool, '/stall-mid-body-then-200')).toBe('200 1234567890');
    expect(hits.get('/stall-mid-body-then-200')).toBe(2);
  });

  it('lets a slow body run past the timeout while bytes keep coming', async () => {
    const pool = createRequestPool({ timeoutMs: 150, retries: 0 });
    expect(await text(pool, '/slow-but-steady')).toBe('200 xxxxxxxx'); // ~320 ms in all
  });

  it('cancels a request in flight at once and frees its slot', async () => {
    const pool = createRequestPool({ concurrency: 1 });
    const controller = new AbortController();
    const first = rejection(text(pool, '/hang', controller.signal));
    const second = text(pool, '/ok');
    await expect.poll(() => hits.get('/hang')).toBe(1);
    expect(pool.stats()).toEqual({ active: 1, waiting: 1 });
    const aborted = Date.now();
    controller.abort();
    const error = await first;
    // "At once": far below the 30 s no-progress timeout, with room for a busy machine.
    expect(Date.now() - aborted).toBeLessThan(1000);
    expect(error).toBeInstanceOf(NpmError);
    expect((error as NpmError).code).toBe('cancelled');
    expect(await second).toBe('200 ok'); // It got the freed slot.
  });

  it('cancels a request while it waits for a slot, without sending it', async () => {
    const pool = createRequestPool({ concurrency: 1 });
    const busy = text(pool, '/held');
    const controller = new AbortController();
    const waiting = rejection(text(pool, '/ok', controller.signal));
    await sleep(30);
    controller.abort();
    expect(((await waiting) as NpmError).code).toBe('cancelled');
    expect(pool.stats()).toEqual({ active: 1, waiting: 0 });
    held.splice(0).forEach((release) => release());
    await busy;
    expect(hits.get('/ok')).toBeUndefined();
  });

  it('cancels during the backoff between retries, and before starting', async () => {
    const pool = createRequestPool({ backoffMs: [5000] });
    const controller = new AbortController();
    const pending = rejection(text(pool, '/always-503', controller.signal));
    await expect.poll(() => hits.get('/always-503')).toBe(1);
    controller.abort();
    expect(((await pending) as NpmError).code).toBe('cancelled');
    expect(hits.get('/always-503')).toBe(1);
    expect(((await rejection(text(pool, '/ok', controller.signal))) as NpmError).code).toBe('cancelled');
    expect(hits.get('/ok')).toBeUndefined();
  });

  it('passes errors of the reader through without retrying', async () => {
    const pool = createRequestPool(fastRetries);
    const error = await rejection(
      pool.run(base + '/ok', {}, async () => {
        throw new NpmError('corrupt-tarball', 'bad');
      }),
    );
    expect((error as NpmError).code).toBe('corrupt-tarball');
    expect(hits.get('/ok')).toBe(1);
  });
});

// The HTTP API over a real server: rooms, health, CORS, rate limit, and the
// handler mounted under a base path on someone else's HTTP server (as Vite does).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollabHandler, type CollabHandler } from './collab-server';
import { silentLogger } from './log';
import { connectClient } from './testing/client';
import { openRawSocket } from './testing/raw-socket';
import { startTestServer, type TestServer } from './testing/server';
import { within } from './testing/wait';
import { ROOM_ID, verifyRoomToken } from './tokens';

const SECRET = 'http-api-secret-http-api-secret-12345';
const APP = 'http://app.localhost:5173';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers });

describe('HTTP API', () => {
  it('creates rooms with an edit and a read token that expire together', async () => {
    server = await startTestServer({ secret: SECRET, tokenTtlDays: 2 });
    const before = Date.now();
    const res = await post(`${server.url}/rooms`);
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const grant = await res.json();
    expect(grant.room).toMatch(ROOM_ID);
    expect(grant.room).toHaveLength(22);
    expect(verifyRoomToken(SECRET, grant.editToken, grant.room)).toMatchObject({ ok: true, claims: { role: 'edit' } });
    expect(verifyRoomToken(SECRET, grant.readToken, grant.room)).toMatchObject({ ok: true, claims: { role: 'read' } });
    const twoDays = 2 * 24 * 3600 * 1000;
    expect(grant.expiresAt).toBeGreaterThan(before + twoDays - 2000);
    expect(grant.expiresAt).toBeLessThanOrEqual(Date.now() + twoDays);
    const second = await (await post(`${server.url}/rooms`)).json();
    expect(second.room).not.toBe(grant.room);
  });

  it('answers health, 404 and 405 as JSON', async () => {
    server = await startTestServer({ secret: SECRET });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, rooms: 0, connections: 0, scaleOut: false });
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toHaveProperty('error');
    const wrongMethod = await fetch(`${server.url}/rooms`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toHaveProperty('error');
  });

  it('limits room creation per address (and per forwarded address behind a trusted proxy)', async () => {
    server = await startTestServer({ secret: SECRET, roomsPerMinute: 3, trustProxy: true });
    const from = (ip: string) => post(`${server!.url}/rooms`, { 'X-Forwarded-For': `203.0.113.9, ${ip}` });
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.1')).status).toBe(201);
    const refused = await from('198.51.100.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toHaveProperty('error');
    // The spoofable first entry does not matter; the proxy's last entry does.
    expect((await from('198.51.100.2')).status).toBe(201);
  });

  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    server = await startTestServer({ secret: SECRET, roomsPerMinute: 1 });
    expect((await post(`${server.url}/rooms`, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(201);
    expect((await post(`${server.url}/rooms`, { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(429);
  });

  it('answers CORS for allowed origins only, on HTTP and on WebSocket upgrades', async () => {
    server = await startTestServer({ secret: SECRET, allowedOrigins: [APP] });
    const ok = await post(`${server.url}/rooms`, { Origin: APP });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('vary')).toBe('Origin');

    const foreign = await post(`${server.url}/rooms`, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${server.url}/rooms`, {
      method: 'OPTIONS',
      headers: {
        Origin: APP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');

    const refused = await openRawSocket(server.url, { Origin: 'http://evil.example' });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const accepted = await openRawSocket(server.url, { Origin: APP });
    expect(accepted.ok).toBe(true);
    if (accepted.ok) accepted.ws.terminate();
  });
});

describe('handler mounted under a base path', () => {
  let http: Server | undefined;
  let handler: CollabHandler | undefined;
  afterEach(async () => {
    await handler?.close();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    http = handler = undefined;
  });

  it('serves its API and WebSocket under the base path and leaves everything else to the host server', async () => {
    handler = createCollabHandler({ basePath: '/__cove/collab', data: ':memory:', log: silentLogger });
    const mounted = handler;
    const otherUpgrades: string[] = [];
    http = createServer((req, res) => {
      if (!mounted.handleRequest(req, res)) res.end('host page');
    });
    http.on('upgrade', (req, socket) => {
      if (mounted.handleUpgrade(req, socket, Buffer.alloc(0))) return;
      otherUpgrades.push(req.url ?? '');
      socket.destroy();
    });
    await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', () => resolve()));
    const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const base = `${origin}/__cove/collab`;

    expect(await (await fetch(`${origin}/rooms`, { method: 'POST' })).text()).toBe('host page');
    expect(await (await fetch(`${origin}/__cove/collaborate`)).text()).toBe('host page');
    const res = await post(`${base}/rooms`);
    expect(res.status).toBe(201);
    const grant = await res.json();

    const a = connectClient({ url: base, room: grant.room, token: grant.editToken });
    const b = connectClient({ url: base, room: grant.room, token: grant.readToken });
    try {
      await within(Promise.all([a.synced, b.synced]), 'sync through the mount');
      a.doc.getText('t').insert(0, 'mounted');
      await within(
        new Promise<void>((resolve) => b.doc.on('update', () => b.doc.getText('t').length && resolve())),
        'the edit',
      );
      expect(b.doc.getText('t').toString()).toBe('mounted');
    } finally {
      a.destroy();
      b.destroy();
    }
    await openRawSocket(`${origin}/vite-hmr`).catch(() => undefined);
    expect(otherUpgrades).toEqual(['/vite-hmr']);
  });
});

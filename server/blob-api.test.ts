// The blob endpoints over a real server: upload, ask what is missing, download;
// who may do what; bytes that lie about their hash; size limits; CORS; and two
// instances sharing one SQLite file.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRoomBlobStore } from './blob-store';
import { makeDataDir, startTestServer, type TestServer } from './testing/server';
import { signRoomToken, type RoomGrant } from './tokens';

const SECRET = 'blob-api-secret-blob-api-secret-1234';
const APP = 'http://app.localhost:5173';

const servers: TestServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer({ secret: SECRET, ...options });
  servers.push(server);
  return server;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const blobUrl = (server: TestServer, room: string, name: string) => `${server.url}/rooms/${room}/blobs/${name}`;

function bytesOf(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

function put(server: TestServer, room: string, bytes: Uint8Array<ArrayBuffer>, token: string, name = sha256(bytes)) {
  return fetch(blobUrl(server, room, name), { method: 'PUT', headers: bearer(token), body: bytes });
}

function askMissing(server: TestServer, room: string, token: string, body: unknown) {
  return fetch(blobUrl(server, room, 'missing'), {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A PUT whose body arrives in chunks with no Content-Length (as a stream would). */
function putChunked(server: TestServer, room: string, name: string, token: string, chunks: Buffer[]) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(blobUrl(server, room, name), { method: 'PUT', headers: bearer(token) }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const next = (i: number) => {
      if (i === chunks.length) return req.end();
      if (req.destroyed) return;
      req.write(chunks[i], () => setTimeout(() => next(i + 1), 5));
    };
    next(0);
  });
}

describe('blob endpoints', () => {
  let server: TestServer;
  let room: RoomGrant;

  async function setUp(options: Parameters<typeof startTestServer>[0] = {}) {
    server = await start(options);
    room = await server.createRoom();
  }

  it('stores an upload once, reports what is missing, and serves it to readers as immutable bytes', async () => {
    await setUp();
    const image = bytesOf(3000);
    const hash = sha256(image);
    const absent = sha256(bytesOf(10, 7));

    const before = await askMissing(server, room.room, room.editToken, { hashes: [hash, absent, hash] });
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({
      missing: [hash, absent],
      maxBlobBytes: 32 * 1024 * 1024,
      maxRoomBlobBytes: 256 * 1024 * 1024,
      roomBlobBytes: 0,
    });

    const created = await put(server, room.room, image, room.editToken);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ hash, size: 3000, created: true });
    const again = await put(server, room.room, image, room.editToken);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false });

    const after = await askMissing(server, room.room, room.readToken, { hashes: [hash, absent] });
    expect(await after.json()).toMatchObject({ missing: [absent], roomBlobBytes: 3000 });

    const got = await fetch(blobUrl(server, room.room, hash), { headers: bearer(room.readToken) });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(got.headers.get('content-length')).toBe('3000');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(image);
    const head = await fetch(blobUrl(server, room.room, hash), { method: 'HEAD', headers: bearer(room.editToken) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('3000');

    // Another room does not see it, even with a valid token of its own.
    const other = await server.createRoom();
    const elsewhere = await fetch(blobUrl(server, other.room, hash), { headers: bearer(other.editToken) });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toHaveProperty('error');
  });

  it('needs a valid token of the room, and an edit token to upload', async () => {
    await setUp();
    const bytes = bytesOf(100);
    const hash = sha256(bytes);
    const other = await server.createRoom();
    const expired = signRoomToken(SECRET, { v: 1, room: room.room, role: 'edit', exp: Math.floor(Date.now() / 1000) });
    const forged = signRoomToken('another-secret-another-secret-another', {
      v: 1,
      room: room.room,
      role: 'edit',
      exp: 2e9,
    });

    const noToken = await fetch(blobUrl(server, room.room, hash), { method: 'PUT', body: bytes });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toBe('Bearer');
    expect((await noToken.json()).error).toMatch(/Authorization: Bearer/);
    const cases: [string, number, RegExp][] = [
      ['garbage', 401, /not valid/],
      [forged, 401, /not valid/],
      [expired, 401, /expired/],
      [other.editToken, 403, /another room/],
      [room.readToken, 403, /read-only/],
    ];
    for (const [token, status, message] of cases) {
      const res = await put(server, room.room, bytes, token);
      expect(res.status, message.source).toBe(status);
      expect((await res.json()).error).toMatch(message);
    }
    for (const [token, status] of cases.slice(0, 4)) {
      expect((await fetch(blobUrl(server, room.room, hash), { headers: bearer(token) })).status).toBe(status);
      expect((await askMissing(server, room.room, token, { hashes: [hash] })).status).toBe(status);
    }
    expect((await askMissing(server, room.room, room.readToken, { hashes: [hash] })).status).toBe(200);
    expect((await put(server, room.room, bytes, room.editToken)).status).toBe(201);
  });

  it('refuses bytes that do not match their name, bad names, bad questions and unknown routes', async () => {
    await setUp();
    const bytes = bytesOf(64);
    const wrongName = sha256(bytesOf(64, 2));
    const lie = await put(server, room.room, bytes, room.editToken, wrongName);
    expect(lie.status).toBe(400);
    expect((await lie.json()).error).toContain(sha256(bytes));
    const missing = await askMissing(server, room.room, room.editToken, { hashes: [wrongName] });
    expect((await missing.json()).missing).toEqual([wrongName]);

    const upper = await put(server, room.room, bytes, room.editToken, sha256(bytes).toUpperCase());
    expect(upper.status).toBe(400);
    expect((await fetch(blobUrl(server, room.room, 'abc'), { headers: bearer(room.editToken) })).status).toBe(400);
    expect((await fetch(blobUrl(server, 'short', sha256(bytes)), { headers: bearer(room.editToken) })).status).toBe(
      404,
    );
    const wrongMethod = await fetch(blobUrl(server, room.room, sha256(bytes)), {
      method: 'DELETE',
      headers: bearer(room.editToken),
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('PUT');
    expect((await fetch(blobUrl(server, room.room, 'missing'), { headers: bearer(room.editToken) })).status).toBe(405);

    for (const body of [
      'not json',
      { hashes: 'x' },
      { hashes: ['nope'] },
      { hashes: Array(5001).fill('a'.repeat(64)) },
    ]) {
      const res = await askMissing(server, room.room, room.editToken, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toHaveProperty('error');
    }
  });

  it('limits each file and each room, whether or not the size is announced', async () => {
    await setUp({ maxBlobBytes: 1000, maxRoomBlobBytes: 2500 });
    const tooBig = bytesOf(1001);
    const announced = await put(server, room.room, tooBig, room.editToken);
    expect(announced.status).toBe(413);
    expect((await announced.json()).error).toBe('The file is 1001 bytes; the limit is 1000 bytes.');

    const streamed = await putChunked(
      server,
      room.room,
      sha256(tooBig),
      room.editToken,
      [0, 1, 2, 3].map((i) => Buffer.from(tooBig.subarray(i * 300, (i + 1) * 300 + (i === 3 ? 1 : 0)))),
    );
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body).error).toMatch(/limit/);

    for (let i = 0; i < 2; i++)
      expect((await put(server, room.room, bytesOf(1000, i), room.editToken)).status).toBe(201);
    const full = await put(server, room.room, bytesOf(1000, 9), room.editToken);
    expect(full.status).toBe(413);
    expect((await full.json()).error).toMatch(/would exceed/);
    const fullStreamed = await putChunked(server, room.room, sha256(bytesOf(600, 3)), room.editToken, [
      Buffer.from(bytesOf(600, 3)),
    ]);
    expect(fullStreamed.status).toBe(413);
    // What fits still goes in; another room has its own allowance.
    expect((await put(server, room.room, bytesOf(500, 4), room.editToken)).status).toBe(201);
    const other = await server.createRoom();
    expect((await put(server, other.room, bytesOf(1000, 9), other.editToken)).status).toBe(201);
    // The server still answers on the same address after cutting those uploads short.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('answers CORS preflights for the blob routes and tags answers for allowed origins', async () => {
    await setUp({ allowedOrigins: [APP] });
    const preflight = await fetch(blobUrl(server, room.room, sha256(bytesOf(1))), {
      method: 'OPTIONS',
      headers: {
        Origin: APP,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
    const methods = preflight.headers.get('access-control-allow-methods') ?? '';
    for (const m of ['GET', 'PUT', 'POST']) expect(methods).toContain(m);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, content-type');

    const bytes = bytesOf(10);
    const uploaded = await fetch(blobUrl(server, room.room, sha256(bytes)), {
      method: 'PUT',
      headers: { ...bearer(room.editToken), Origin: APP },
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.headers.get('access-control-allow-origin')).toBe(APP);
    const foreign = await fetch(blobUrl(server, room.room, sha256(bytes)), {
      headers: { ...bearer(room.editToken), Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('keeps blobs in the SQLite file: across restarts and for every instance sharing it', async () => {
    const dir = makeDataDir();
    dirs.push(dir);
    const data = join(dir, 'rooms.sqlite');
    const one = await start({ data });
    const two = await start({ data });
    const grant = await one.createRoom();
    const bytes = bytesOf(5000, 5);
    const hash = sha256(bytes);
    expect((await put(one, grant.room, bytes, grant.editToken)).status).toBe(201);
    const fromTwo = await fetch(blobUrl(two, grant.room, hash), { headers: bearer(grant.readToken) });
    expect(new Uint8Array(await fromTwo.arrayBuffer())).toEqual(bytes);
    await one.close();
    await two.close();

    const store = openRoomBlobStore(data);
    expect(store.get(grant.room, hash)).toEqual(bytes);
    expect(store.roomBytes(grant.room)).toBe(5000);
    store.close();
    const three = await start({ data });
    const again = await fetch(blobUrl(three, grant.room, hash), { headers: bearer(grant.editToken) });
    expect(again.status).toBe(200);
  });
});

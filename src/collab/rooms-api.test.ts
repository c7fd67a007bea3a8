import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoom, RoomsApiError } from './rooms-api';

const ROOM = 'AbCdEfGhIjKlMnOpQrSt_-';
const TOKEN = 'eyJ2IjoxfQ.c2lnbmF0dXJl';

let server: Server | undefined;
let requests: { method?: string; url?: string; headers: IncomingMessage['headers'] }[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  requests = [];
  server = createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('createRoom', () => {
  it('POSTs {base}/rooms without a body and returns the room', async () => {
    const answer = { room: ROOM, editToken: TOKEN, readToken: TOKEN, expiresAt: 1234 };
    const base = await serve((_req, res) => json(res, 201, answer));
    await expect(createRoom(base + '/')).resolves.toEqual(answer);
    expect(requests).toHaveLength(1);
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe('/base/rooms');
    expect(requests[0].headers['content-type']).toBeUndefined();
  });

  it('says when the server is unreachable', async () => {
    const base = await serve(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const err = await createRoom(base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RoomsApiError);
    expect((err as RoomsApiError).kind).toBe('unreachable');
    expect((err as Error).message).toMatch(/Cannot reach the live sharing server/);
  });

  it('gives up on a server that does not answer', async () => {
    const base = await serve(() => undefined); // never responds
    const err = await createRoom(base, fetch, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((err as RoomsApiError).kind).toBe('unreachable');
    expect((err as Error).message).toMatch(/did not answer/);
    server?.closeAllConnections();
  });

  it('explains rate limiting (429)', async () => {
    const base = await serve((_req, res) => json(res, 429, { error: 'Too many rooms' }));
    const err = await createRoom(base).catch((e: unknown) => e);
    expect((err as RoomsApiError).kind).toBe('rate-limited');
    expect((err as Error).message).toMatch(/Too many live rooms.*Too many rooms.*try again/);
  });

  it('reports server errors with their status', async () => {
    const base = await serve((_req, res) => json(res, 500, 'oops'));
    const err = await createRoom(base).catch((e: unknown) => e);
    expect((err as RoomsApiError).kind).toBe('server');
    expect((err as Error).message).toMatch(/HTTP 500/);
  });

  for (const [name, body] of [
    ['not JSON', '<html>'],
    ['a missing token', { room: ROOM, editToken: TOKEN, expiresAt: 1 }],
    ['a bad room id', { room: 'x', editToken: TOKEN, readToken: TOKEN, expiresAt: 1 }],
    ['a bad expiry', { room: ROOM, editToken: TOKEN, readToken: TOKEN, expiresAt: 'soon' }],
  ] as const)
    it(`refuses an answer with ${name}`, async () => {
      const base = await serve((_req, res) => json(res, 201, body));
      const err = await createRoom(base).catch((e: unknown) => e);
      expect((err as RoomsApiError).kind).toBe('bad-answer');
      expect((err as Error).message).toMatch(/unexpected answer/);
    });
});

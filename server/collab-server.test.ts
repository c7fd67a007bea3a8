// The server end to end over real sockets: real Hocuspocus, real SQLite,
// Node providers as clients.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient } from './testing/client';
import { authMessage, broadcastMessage, openRawSocket, updateMessage } from './testing/raw-socket';
import { collectingLogger, startTestServer, type TestServer } from './testing/server';
import { eventually, settle, within } from './testing/wait';
import { openRoomStore } from './room-store';
import { signRoomToken, type RoomGrant } from './tokens';

const SECRET = 'test-secret-test-secret-test-secret!';

let server: TestServer;
let log: ReturnType<typeof collectingLogger>;
let room: RoomGrant;
const clients: TestClient[] = [];

function client(token: string, options: { doc?: Y.Doc; reconnect?: boolean } = {}): TestClient {
  const c = connectClient({ url: server.url, room: room.room, token, ...options });
  clients.push(c);
  return c;
}

const text = (c: TestClient) => c.doc.getText('t').toString();

/** Both clients see each other's edits. */
async function expectSync(a: TestClient, b: TestClient, tag: string): Promise<void> {
  a.doc.getText('t').insert(0, `[a:${tag}]`);
  b.doc.getText('t').insert(0, `[b:${tag}]`);
  await eventually(
    () => text(a) === text(b) && text(a).includes(`[a:${tag}]`) && text(a).includes(`[b:${tag}]`),
    `clients to converge on ${tag}`,
  );
}

beforeEach(async () => {
  log = collectingLogger();
  server = await startTestServer({ secret: SECRET, maxMessageBytes: 64 * 1024, maxConnectionsPerIp: 8, log });
  room = await server.createRoom();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server.close();
});

describe('collaboration server', () => {
  it('keeps two editors in sync and tells them they may write', async () => {
    const a = client(room.editToken);
    const b = client(room.editToken);
    expect(await within(a.authenticated, 'auth')).toBe('read-write');
    await within(Promise.all([a.synced, b.synced]), 'sync');
    await expectSync(a, b, 'one');
    await expectSync(a, b, 'two');
    expect(server.hocuspocus.documents.get(room.room)?.getText('t').toString()).toBe(text(a));
  });

  it('gives no data to a bad, tampered, expired or other-room token, with a reason for each', async () => {
    const editor = client(room.editToken);
    await within(editor.synced, 'editor sync');
    editor.doc.getText('t').insert(0, 'secret plans');
    await eventually(() => server.hocuspocus.documents.get(room.room)?.getText('t').length === 12, 'server copy');

    const other = await server.createRoom();
    const [body, sig] = room.editToken.split('.');
    const tampered = `${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;
    const expired = signRoomToken(SECRET, {
      v: 1,
      room: room.room,
      role: 'edit',
      exp: Math.floor(Date.now() / 1000) - 1,
    });
    const forged = signRoomToken('another-secret-another-secret-another', {
      v: 1,
      room: room.room,
      role: 'edit',
      exp: 2e9,
    });
    const cases: [string, string][] = [
      ['not a token', 'malformed-token'],
      ['', 'malformed-token'],
      [tampered, 'bad-signature'],
      [forged, 'bad-signature'],
      [other.editToken, 'wrong-room'],
      [expired, 'token-expired'],
    ];
    const refused = cases.map(([token]) => client(token));
    const reasons = await within(Promise.all(refused.map((c) => c.authenticationFailed)), 'refusals');
    expect(reasons).toEqual(cases.map(([, reason]) => reason));
    await settle();
    for (const c of refused) {
      expect(text(c)).toBe('');
      expect(c.provider.isSynced).toBe(false);
    }
  });

  it('applies nothing a read-only client sends, neither live nor stored', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // Hocuspocus logs the connection it closes
    const editor = client(room.editToken);
    await within(editor.synced, 'editor sync');
    editor.doc.getText('t').insert(0, 'shared');

    // An edit made before connecting reaches the server as sync step 2, one made after as an update.
    const offline = new Y.Doc();
    offline.getText('t').insert(0, 'OFFLINE');
    const reader = client(room.readToken, { doc: offline });
    expect(await within(reader.authenticated, 'reader auth')).toBe('readonly');
    await eventually(() => text(reader).includes('shared'), 'reader to receive the document');
    reader.doc.getText('t').insert(0, 'LIVE');
    await settle();

    const live = server.hocuspocus.documents.get(room.room)?.getText('t').toString();
    expect(live).toBe('shared');
    expect(text(editor)).toBe('shared');
    const late = client(room.editToken);
    await within(late.synced, 'late sync');
    expect(text(late)).toBe('shared');

    // Edits still flow from the editor to the reader.
    editor.doc.getText('t').insert(6, '!');
    await eventually(() => text(reader).includes('shared!'), 'reader to receive an edit');

    // A reader's broadcast would reach every editor: refused, and the reader disconnected.
    const stateless: string[] = [];
    editor.provider.on('stateless', ({ payload }: { payload: string }) => stateless.push(payload));
    const raw = await openRawSocket(server.url);
    if (!raw.ok) throw new Error(`upgrade refused: ${raw.status}`);
    raw.ws.send(authMessage(room.room, room.readToken));
    raw.ws.send(broadcastMessage(room.room, 'from a reader'));
    expect((await within(raw.closed, 'the broadcasting reader to be closed')).code).toBe(1008);
    await settle(100);
    expect(stateless).toEqual([]);

    await server.close({ keepDir: true });
    const store = openRoomStore(server.data);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, store.load(room.room) ?? new Uint8Array());
    store.close();
    expect(stored.getText('t').toString()).toBe('shared!');
  });

  it('closes a client whose message is too big (frame or message limit) and keeps the room working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // Hocuspocus logs the refused message itself
    const a = client(room.editToken);
    const b = client(room.editToken);
    await within(Promise.all([a.synced, b.synced]), 'sync');

    // Over the limit plus ws's frame slack: ws refuses the frame. Just over the limit: the hook does.
    const paths: [number, string][] = [
      [200 * 1024, 'Max payload size exceeded'],
      [64 * 1024 + 500, 'over the limit'],
    ];
    for (const [size, logged] of paths) {
      const big = client(room.editToken, { reconnect: false });
      await within(big.synced, 'big client sync');
      big.doc.getText('big').insert(0, 'x'.repeat(size));
      const closed = await within(big.disconnected, `close after ${size} bytes`);
      expect(closed.code).toBe(1009);
      expect(log.lines.some((line) => line.includes(logged))).toBe(true);
      await expectSync(a, b, `after-${size}`);
      expect(a.doc.getText('big').length).toBe(0);
    }
    expect(server.hocuspocus.documents.get(room.room)?.getText('big').length).toBe(0);
  });

  it('closes a client that sends junk, and only that client', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // Hocuspocus and y-protocols log what they cannot parse
    const a = client(room.editToken);
    const b = client(room.editToken);
    await within(Promise.all([a.synced, b.synced]), 'sync');

    const junk: [string, Uint8Array | string, number][] = [
      ['unterminated varints', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 1007],
      ['an empty message', new Uint8Array(0), 1007],
      ['an unknown message type', new Uint8Array([4, 0x61, 0x62, 0x63, 0x64, 99]), 1007],
      ['a text frame', 'hello', 1003],
    ];
    for (const [what, bytes, code] of junk) {
      const raw = await openRawSocket(server.url);
      if (!raw.ok) throw new Error(`upgrade refused: ${raw.status}`);
      raw.ws.send(bytes);
      expect((await within(raw.closed, `close after ${what}`)).code, what).toBe(code);
    }

    // Authenticated, then a sync message whose update is garbage: Yjs cannot apply it.
    const raw = await openRawSocket(server.url);
    if (!raw.ok) throw new Error(`upgrade refused: ${raw.status}`);
    raw.ws.send(authMessage(room.room, room.editToken));
    await settle(100);
    raw.ws.send(updateMessage(room.room, new Uint8Array([0xff, 0xff, 0x01, 0x02, 0x03, 0xff, 0xff, 0xff, 0xff])));
    await settle(100);
    raw.ws.terminate();
    // y-protocols drops an update Yjs cannot decode (and logs it); the room is untouched.
    expect(server.hocuspocus.documents.get(room.room)?.getText('t').toString()).toBe(text(a));

    // Junk before any authentication, far past the allowance: refused, never queued without bound.
    const flood = await openRawSocket(server.url);
    if (!flood.ok) throw new Error(`upgrade refused: ${flood.status}`);
    const chunk = updateMessage(room.room, new Uint8Array(16 * 1024));
    for (let i = 0; i < 8 && flood.ws.readyState === flood.ws.OPEN; i++) flood.ws.send(chunk);
    expect((await within(flood.closed, 'close after flooding')).code).toBe(1008);

    await expectSync(a, b, 'after-junk');
  });

  it('refuses connections over the per-address limit with HTTP 429, and frees a slot on close', async () => {
    const open = [];
    for (let i = 0; i < 8; i++) {
      const raw = await openRawSocket(server.url);
      expect(raw.ok).toBe(true);
      open.push(raw);
    }
    const refused = await openRawSocket(server.url);
    expect(refused).toMatchObject({ ok: false, status: 429 });
    if (!refused.ok) expect(JSON.parse(refused.body)).toHaveProperty('error');

    const first = open[0];
    if (first.ok) {
      first.ws.close();
      await first.closed;
    }
    let again = await openRawSocket(server.url);
    for (let i = 0; i < 20 && !again.ok; i++) {
      await settle(25);
      again = await openRawSocket(server.url);
    }
    expect(again.ok).toBe(true);
    for (const raw of [...open, again]) if (raw.ok) raw.ws.terminate();
  });
});

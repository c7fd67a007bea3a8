import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startCollabServer, type CollabServer } from '../../server/collab-server';
import { collabWebSocketUrl } from './live-config';
import {
  LiveRefusedError,
  LiveSession,
  TOO_BIG_REASON,
  describeRefusal,
  type LiveSessionOptions,
  type LiveStatus,
} from './live-session';
import { createRoom, type CreatedRoom } from './rooms-api';

/** Hocuspocus messages start with the document name, then the message type (1: awareness). */
const AWARENESS_MESSAGE = 1;
function messageType(message: Uint8Array): number {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  return decoding.readVarUint(decoder);
}

const quiet = { info() {}, warn() {}, error() {} };
let dir: string;
let server: CollabServer;
const sessions: LiveSession[] = [];

async function startServer(port = 0): Promise<CollabServer> {
  return startCollabServer({ host: '127.0.0.1', port, data: join(dir, 'rooms.sqlite'), log: quiet });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cove-live-session-'));
  server = await startServer();
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

function connect(room: string, token: string, doc = new Y.Doc(), extra: Partial<LiveSessionOptions> = {}) {
  const session = new LiveSession({
    url: collabWebSocketUrl(server.url),
    room,
    token,
    doc,
    identity: { name: 'Tester', color: '#0090ff' },
    WebSocket,
    network: null,
    reconnectDelayMs: 100,
    maxReconnectDelayMs: 200,
    ...extra,
  });
  sessions.push(session);
  return session;
}

/** Resolves when `check()` holds (polled), fails after `ms`. */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function fileDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('files').set(
    'f1',
    new Y.Map<unknown>([
      ['path', 'src/a.ts'],
      ['kind', 'text'],
      ['text', new Y.Text(text)],
    ]),
  );
  return doc;
}

const textOf = (doc: Y.Doc) =>
  ((doc.getMap('files').get('f1') as Y.Map<unknown> | undefined)?.get('text') as Y.Text | undefined)?.toString();

describe('LiveSession against the collaboration server', () => {
  let room: CreatedRoom;
  beforeAll(async () => {
    room = await createRoom(server.url);
  });

  it('syncs an owner and a joiner both ways, with the edit role', async () => {
    const owner = connect(room.room, room.editToken, fileDoc('hello'));
    await owner.whenSynced();
    expect(owner.status).toBe('connected');
    expect(owner.role).toBe('edit');

    const joinerDoc = new Y.Doc();
    const joiner = connect(room.room, room.editToken, joinerDoc);
    await joiner.whenSynced();
    expect(textOf(joinerDoc)).toBe('hello');

    const ytext = (joinerDoc.getMap('files').get('f1') as Y.Map<unknown>).get('text') as Y.Text;
    ytext.insert(5, ' world');
    await until(() => textOf(owner.doc) === 'hello world', 'the owner to see the edit');
  });

  it('shares presence: names, colours and files, and forgets people who leave', async () => {
    const a = connect(room.room, room.editToken);
    const b = connect(room.room, room.editToken, new Y.Doc(), {
      identity: { name: 'Bea', color: '#e5484d' },
    });
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    const peersSeen: number[] = [];
    a.onPeers((p) => peersSeen.push(p.length));
    b.setFile('src/a.ts');
    await until(() => a.peers.some((p) => p.name === 'Bea' && p.file === 'src/a.ts'), 'a to see b in src/a.ts');
    expect(a.peers.find((p) => p.name === 'Bea')).toMatchObject({ clientId: b.clientId, color: '#e5484d' });
    expect(a.peers.every((p) => p.clientId !== a.clientId)).toBe(true);

    b.setIdentity({ name: 'Beatrice', color: '#46a758' });
    await until(() => a.peers.some((p) => p.name === 'Beatrice'), 'the new name');
    b.setFile(undefined);
    await until(() => a.peers.some((p) => p.name === 'Beatrice' && p.file === undefined), 'no file');

    b.destroy();
    await until(() => !a.peers.some((p) => p.clientId === b.clientId), 'b to leave');
    expect(peersSeen.length).toBeGreaterThan(0);
  });

  it('sends only its own presence, never echoing what it receives from others', async () => {
    const sent: Uint8Array[] = [];
    class CountingSocket extends WebSocket {
      override send(data: unknown, ...rest: unknown[]): void {
        if (data instanceof Uint8Array) sent.push(data);
        (super.send as (...args: unknown[]) => void)(data, ...rest);
      }
    }
    const a = connect(room.room, room.editToken);
    const b = connect(room.room, room.editToken, new Y.Doc(), { WebSocket: CountingSocket as typeof WebSocket });
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    await until(() => b.peers.some((p) => p.clientId === a.clientId), 'b to see a');
    const awarenessSent = () => sent.filter((m) => messageType(m) === AWARENESS_MESSAGE).length;
    const before = awarenessSent();
    for (let i = 0; i < 5; i++) {
      a.setFile(`src/file-${i}.ts`);
      await until(() => b.peers.some((p) => p.file === `src/file-${i}.ts`), `b to see file ${i}`);
    }
    expect(awarenessSent()).toBe(before);
    // Its own changes still go out.
    b.setFile('src/mine.ts');
    await until(() => a.peers.some((p) => p.file === 'src/mine.ts'), 'a to see b move');
    expect(awarenessSent()).toBe(before + 1);
  });

  it('connects a read token read-only: what it sends is not applied', async () => {
    const owner = connect(room.room, room.editToken);
    await owner.whenSynced();
    const readerDoc = new Y.Doc();
    const reader = connect(room.room, room.readToken, readerDoc);
    await reader.whenSynced();
    expect(reader.role).toBe('read');
    expect(reader.status).toBe('connected');

    readerDoc.getMap('project').set('title', 'from the reader');
    owner.doc.getMap('project').set('marker', 'from the owner');
    await until(() => readerDoc.getMap('project').get('marker') === 'from the owner', 'the reader to get updates');
    await new Promise((r) => setTimeout(r, 200));
    expect(owner.doc.getMap('project').get('title')).not.toBe('from the reader');
  });

  it('is refused with a forged token, and stops trying', async () => {
    const [claims] = room.editToken.split('.');
    const forged = `${claims}.${'A'.repeat(43)}`;
    const statuses: LiveStatus[] = [];
    const s = connect(room.room, forged);
    s.onChange((st) => statuses.push(st.status));
    await expect(s.whenSynced()).rejects.toBeInstanceOf(LiveRefusedError);
    expect(s.status).toBe('refused');
    expect(s.synced).toBe(false);
    await new Promise((r) => setTimeout(r, 400));
    expect(statuses.filter((x) => x === 'refused')).toHaveLength(1);
    expect(s.status).toBe('refused');
  });

  it('stops reconnecting when the server closes it for a message over its limit (1009)', async () => {
    const small = await startCollabServer({
      host: '127.0.0.1',
      port: 0,
      data: join(dir, 'small.sqlite'),
      log: quiet,
      maxMessageBytes: 64 * 1024,
    });
    try {
      const grant = await createRoom(small.url);
      let sockets = 0;
      class CountingWebSocket extends WebSocket {
        constructor(url: string) {
          super(url);
          sockets++;
        }
      }
      const statuses: LiveStatus[] = [];
      const s = connect(grant.room, grant.editToken, fileDoc('x'.repeat(200 * 1024)), {
        url: collabWebSocketUrl(small.url),
        WebSocket: CountingWebSocket,
      });
      s.onChange((st) => statuses.push(st.status));
      // The server's own state arrives first (synced); ours, sent in answer, is the one over the limit.
      await until(() => s.status === 'refused', 'the refusal');
      const refusal = await s.whenSynced().catch((err: unknown) => err);
      expect(refusal).toBeInstanceOf(LiveRefusedError);
      expect((refusal as Error).message).toMatch(/too large for the live server/);
      expect(s.state).toMatchObject({ status: 'refused', synced: false, refusedReason: TOO_BIG_REASON });
      await new Promise((r) => setTimeout(r, 500));
      expect(sockets).toBe(1);
      expect(statuses.filter((x) => x === 'refused')).toHaveLength(1);
      s.reconnect();
      await new Promise((r) => setTimeout(r, 200));
      expect(sockets).toBe(1);
    } finally {
      await small.close();
    }
    expect(describeRefusal(TOO_BIG_REASON, 32 * 1024 * 1024)).toMatch(/\(limit 32 MB\)/);
    expect(describeRefusal(TOO_BIG_REASON, 64 * 1024)).toMatch(/\(limit 64 KB\)/);
  });

  it("is refused with another room's token", async () => {
    const other = await createRoom(server.url);
    const s = connect(room.room, other.editToken);
    await expect(s.whenSynced()).rejects.toThrow(/refused|expired/);
    expect(s.status).toBe('refused');
  });

  it('says offline when the server cannot be reached, and connects once it can', async () => {
    const statuses: LiveStatus[] = [];
    const port = server.port;
    await server.close();
    const doc = new Y.Doc();
    const s = connect(room.room, room.editToken, doc, { offlineAfterMs: 300 });
    s.onChange((st) => statuses.at(-1) !== st.status && statuses.push(st.status));
    expect(s.status).toBe('connecting');
    await until(() => s.status === 'offline', 'offline');
    doc.getMap('project').set('offline-edit', 'kept');
    server = await startServer(port);
    await s.whenSynced();
    expect(s.status).toBe('connected');
    const check = connect(room.room, room.editToken);
    await check.whenSynced();
    await until(() => check.doc.getMap('project').get('offline-edit') === 'kept', 'the offline edit to merge');
    expect(statuses).toEqual(['offline', 'connected']);
  });

  it('reconnects after the server restarts, and keeps edits made meanwhile', async () => {
    const doc = new Y.Doc();
    const s = connect(room.room, room.editToken, doc, { offlineAfterMs: 5000 });
    await s.whenSynced();
    const statuses: LiveStatus[] = [];
    s.onChange((st) => statuses.push(st.status));
    const port = server.port;
    await server.close();
    await until(() => s.status === 'reconnecting', 'reconnecting');
    expect(s.synced).toBe(false);
    doc.getMap('project').set('while-away', 'yes');
    server = await startServer(port);
    await until(() => s.status === 'connected' && s.synced, 'connected again');
    const check = connect(room.room, room.editToken);
    await check.whenSynced();
    await until(() => check.doc.getMap('project').get('while-away') === 'yes', 'the edit to arrive');
    expect(statuses[0]).toBe('reconnecting');
  });

  it('removes every listener it added when destroyed', async () => {
    const doc = new Y.Doc();
    const count = () => [...doc._observers.values()].reduce((n, set) => n + set.size, 0);
    const before = count();
    const s = connect(room.room, room.editToken, doc);
    await s.whenSynced();
    expect(count()).toBeGreaterThan(before);
    const calls: string[] = [];
    s.onChange(() => calls.push('change'));
    s.onPeers(() => calls.push('peers'));
    const awareness = s.awareness;
    s.destroy();
    expect(count()).toBe(before);
    expect([...awareness._observers.values()].reduce((n, set) => n + set.size, 0)).toBe(0);
    calls.length = 0;
    // Nothing reaches the destroyed session any more.
    const other = connect(room.room, room.editToken);
    await other.whenSynced();
    other.doc.getMap('project').set('after', 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toEqual([]);
    expect(doc.getMap('project').get('after')).toBeUndefined();
    await expect(s.whenSynced()).rejects.toThrow(/closed/);
  });
});

import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { createStore } from 'idb-keyval';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { signRoomToken, type RoomGrant } from '../../server/tokens';
import { createBlobStore, type BlobStore } from '../fs/blob-store';
import type { ChangeBatch } from '../fs/types';
import { Workspace } from '../fs/workspace';
import { BlobSync, type BlobSyncOptions } from './blob-sync';
import { collabWebSocketUrl } from './live-config';
import { LiveSession } from './live-session';

const SECRET = 'blob-sync-secret-blob-sync-secret-12';

let server: TestServer;
let room: RoomGrant;
let stores = 0;
const syncs: BlobSync[] = [];

beforeAll(async () => {
  server = await startTestServer({ secret: SECRET, maxBlobBytes: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of syncs.splice(0)) s.destroy();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const freshStore = (): BlobStore => createBlobStore(createStore(`blob-sync-test-${stores++}`, 'blobs'));

function bytesOf(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + seed * 13) & 0xff;
  return bytes;
}

/** A browser's side: its doc, blob store and workspace, and every request its sync made. */
interface Peer {
  doc: Y.Doc;
  store: BlobStore;
  workspace: Workspace;
  requests: { method: string; url: string; status: number | 'error' }[];
  arrived: string[];
  problems: string[];
  sync: BlobSync;
}

function peer(token: string, role: 'edit' | 'read', extra: Partial<BlobSyncOptions> = {}): Peer {
  const doc = new Y.Doc();
  const store = freshStore();
  const workspace = new Workspace(doc, store);
  const requests: Peer['requests'] = [];
  const arrived: string[] = [];
  const problems: string[] = [];
  const inner = extra.fetch ?? fetch;
  const recording: typeof fetch = async (input, init) => {
    const entry = { method: init?.method ?? 'GET', url: String(input), status: 'error' as number | 'error' };
    requests.push(entry);
    const res = await inner(input, init);
    entry.status = res.status;
    return res;
  };
  const sync = new BlobSync({
    doc,
    store,
    base: server.url,
    room: room.room,
    token,
    role,
    retryDelayMs: 50,
    maxRetryDelayMs: 200,
    onArrived: (hashes) => {
      arrived.push(...hashes);
      workspace.blobsArrived(hashes);
    },
    onProblem: (message) => problems.push(message),
    ...extra,
    fetch: recording,
  });
  syncs.push(sync);
  return { doc, store, workspace, requests, arrived, problems, sync };
}

/** Keeps two docs in step, as the live server would. */
function link(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, u, a));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, u, b));
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function serverMissing(hashes: string[]): Promise<string[]> {
  const res = await fetch(`${server.url}/rooms/${room.room}/blobs/missing`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${room.readToken}` },
    body: JSON.stringify({ hashes }),
  });
  return ((await res.json()) as { missing: string[] }).missing;
}

describe('BlobSync against the collaboration server', () => {
  beforeAll(async () => {
    room = await server.createRoom();
  });

  it('uploads an editor’s blobs, and a joiner downloads them and sees the files change', async () => {
    const logo = bytesOf(5000, 1);
    const font = bytesOf(9000, 2);
    const sharer = peer(room.editToken, 'edit');
    await sharer.workspace.writeFiles({ 'public/logo.png': logo, 'fonts/a.woff2': font, 'index.html': '<p>hi</p>' });
    sharer.sync.start();
    await sharer.sync.whenSettled();
    expect(await serverMissing([sha256(logo), sha256(font)])).toEqual([]);
    expect(sharer.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([201, 201]);

    const joiner = peer(room.readToken, 'read');
    const changes: ChangeBatch[] = [];
    joiner.workspace.onChange((b) => changes.push(b));
    joiner.sync.start();
    link(sharer.doc, joiner.doc);
    expect(await joiner.workspace.readBinary('public/logo.png')).toBeUndefined();
    await until(() => joiner.arrived.length === 2, 'both blobs to arrive');
    expect(await joiner.workspace.readBinary('public/logo.png')).toEqual(logo);
    expect(await joiner.workspace.readBinary('fonts/a.woff2')).toEqual(font);
    const updates = changes.flatMap((b) => b.events).filter((e) => e.type === 'update');
    expect(updates.map((e) => e.type === 'update' && e.path).sort()).toEqual(['fonts/a.woff2', 'public/logo.png']);
    // A reader never uploads, and asks nothing about uploads.
    expect(joiner.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('brings a sharer’s image to a joiner through the live server, doc and bytes alike', async () => {
    const grant = await server.createRoom();
    const sessions: LiveSession[] = [];
    const live = (doc: Y.Doc, token: string) => {
      const session = new LiveSession({
        url: collabWebSocketUrl(server.url),
        room: grant.room,
        token,
        doc,
        identity: { name: 'T', color: '#0090ff' },
        WebSocket,
        network: null,
      });
      sessions.push(session);
      return session;
    };
    try {
      const image = bytesOf(20_000, 11);
      const sharer = peer(grant.editToken, 'edit', { room: grant.room });
      await sharer.workspace.writeFiles({ 'public/cat.png': image, 'index.html': '<img src="/cat.png">' });
      await live(sharer.doc, grant.editToken).whenSynced();
      sharer.sync.start();

      const joiner = peer(grant.readToken, 'read', { room: grant.room });
      await live(joiner.doc, grant.readToken).whenSynced();
      joiner.sync.start();
      expect(joiner.workspace.statSize('public/cat.png')).toBe(20_000);
      await until(() => joiner.arrived.length === 1, 'the image to arrive');
      expect(await joiner.workspace.readBinary('public/cat.png')).toEqual(image);
    } finally {
      for (const s of sessions) s.destroy();
    }
  });

  it('retries a download until the editor who added the file has uploaded it', async () => {
    const adder = peer(room.editToken, 'edit');
    const other = peer(room.editToken, 'edit');
    link(adder.doc, other.doc);
    other.sync.start();
    // The entry reaches the other peer before the adder's sync runs: the server has no bytes yet.
    const picture = bytesOf(3000, 3);
    await adder.workspace.writeBinary('img/new.png', picture);
    await until(() => other.requests.some((r) => r.status === 404), 'a first download to find nothing');
    adder.sync.start();
    await until(() => other.arrived.includes(sha256(picture)), 'the picture to arrive');
    expect(await other.workspace.readBinary('img/new.png')).toEqual(picture);

    // Changed later (same path, new bytes): the new hash travels too.
    const edited = bytesOf(3100, 4);
    await adder.workspace.writeBinary('img/new.png', edited);
    await until(() => other.arrived.includes(sha256(edited)), 'the edited picture to arrive');
    expect(await other.workspace.readBinary('img/new.png')).toEqual(edited);
  });

  it('retries after network errors, and stores nothing that does not match its hash', async () => {
    const bytes = bytesOf(2000, 5);
    const editor = peer(room.editToken, 'edit');
    await editor.workspace.writeBinary('a.bin', bytes);
    editor.sync.start();
    await editor.sync.whenSettled();

    let calls = 0;
    const flaky: typeof fetch = async (input, init) => {
      calls++;
      if (calls <= 2) throw new TypeError('Failed to fetch');
      const res = await fetch(input, init);
      if (calls === 3) {
        // A corrupted body (a broken proxy): same length, one byte off.
        const body = new Uint8Array(await res.arrayBuffer());
        body[0] ^= 0xff;
        return new Response(body, { status: res.status });
      }
      return res;
    };
    const reader = peer(room.readToken, 'read', { fetch: flaky });
    link(editor.doc, reader.doc);
    const seen: (Uint8Array | undefined)[] = [];
    const put = reader.store.put.bind(reader.store);
    reader.store.put = async (b) => {
      seen.push(b);
      return put(b);
    };
    reader.sync.start();
    await until(() => reader.arrived.length === 1, 'the blob to arrive despite failures');
    expect(calls).toBe(4);
    expect(seen).toEqual([bytes]);
    expect(await reader.store.get(sha256(bytes))).toEqual(bytes);
  });

  it('tries again later when the local store fails', async () => {
    const bytes = bytesOf(700, 12);
    const editor = peer(room.editToken, 'edit');
    await editor.workspace.writeBinary('store-trouble.bin', bytes);
    const get = editor.store.get.bind(editor.store);
    let failures = 2;
    editor.store.get = async (hash) => {
      if (failures-- > 0) throw new Error('IndexedDB is having a moment');
      return get(hash);
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args[0]);
    try {
      editor.sync.start();
      await until(async () => (await serverMissing([sha256(bytes)])).length === 0, 'the upload after the failures');
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(['Live file sync failed', 'Live file sync failed']);
  });

  it('refuses to upload a file over the server’s limit and says which one', async () => {
    const big = bytesOf(70 * 1024, 6);
    const small = bytesOf(100, 7);
    const editor = peer(room.editToken, 'edit');
    await editor.workspace.writeFiles({ 'video/big.bin': big, 'small.bin': small });
    editor.sync.start();
    await until(() => editor.problems.length === 1, 'a problem to be reported');
    await editor.sync.whenSettled();
    expect(editor.problems[0]).toMatch(/video\/big\.bin \(70 KB\) is over the live server's limit of 64 KB per file/);
    // Known from the `missing` answer: the big one is never sent; the small one is.
    const puts = editor.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.url.slice(-64))).toEqual([sha256(small)]);
    expect(await serverMissing([sha256(big), sha256(small)])).toEqual([sha256(big)]);
  });

  it('uploads once the role becomes edit, and stops on an expired token', async () => {
    const bytes = bytesOf(1234, 8);
    const peerA = peer(room.editToken, 'read');
    await peerA.workspace.writeBinary('late.bin', bytes);
    peerA.sync.start();
    await peerA.sync.whenSettled();
    expect(await serverMissing([sha256(bytes)])).toEqual([sha256(bytes)]);
    peerA.sync.setRole('edit');
    await until(async () => (await serverMissing([sha256(bytes)])).length === 0, 'the upload after the role change');

    const expired = signRoomToken(SECRET, { v: 1, room: room.room, role: 'edit', exp: 1 });
    const stale = peer(expired, 'edit');
    link(peerA.doc, stale.doc);
    stale.sync.start();
    await stale.sync.whenSettled();
    const count = stale.requests.length;
    expect(stale.problems).toEqual([expect.stringMatching(/expired/)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(stale.requests.length).toBe(count);
  });

  it('stops cleanly on destroy: transfers aborted, no retries, doc no longer watched', async () => {
    // Never answers; only an abort ends it.
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const source = peer(room.editToken, 'edit');
    await source.workspace.writeBinary('x.bin', bytesOf(500, 9));
    const target = peer(room.readToken, 'read', { fetch: hanging });
    link(source.doc, target.doc);
    target.sync.start();
    await until(() => target.requests.length === 1, 'the download to start');
    const settled = target.sync.whenSettled();
    target.sync.destroy();
    await settled;
    await source.workspace.writeBinary('y.bin', bytesOf(600, 10));
    await new Promise((r) => setTimeout(r, 200));
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0].status).toBe('error');
    expect(target.arrived).toEqual([]);
  });
});

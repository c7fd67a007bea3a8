// Two server instances sharing one real Redis (and one SQLite file) keep a
// client on each in sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { openRoomStore } from './room-store';
import { connectClient } from './testing/client';
import { startRedis, type TestRedis } from './testing/redis';
import { makeDataDir, startTestServer } from './testing/server';
import { eventually, within } from './testing/wait';

const SECRET = 'scale-out-secret-scale-out-secret-123';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('scale-out through Redis', () => {
  it('relays edits between clients on different instances, and both store them', async () => {
    const dir = makeDataDir();
    const data = join(dir, 'rooms.sqlite');
    const one = await startTestServer({ data, secret: SECRET, redisUrl: redis.url });
    const two = await startTestServer({ data, secret: SECRET, redisUrl: redis.url });
    let roomName = '';
    try {
      const room = await one.createRoom();
      roomName = room.room;
      const a = connectClient({ url: one.url, room: room.room, token: room.editToken });
      const b = connectClient({ url: two.url, room: room.room, token: room.editToken });
      try {
        await within(Promise.all([a.synced, b.synced]), 'both clients to sync');
        const text = (doc: Y.Doc) => doc.getText('t').toString();
        a.doc.getText('t').insert(0, 'from one;');
        await eventually(() => text(b.doc) === 'from one;', 'instance two to relay the edit');
        b.doc.getText('t').insert(9, 'from two;');
        await eventually(() => text(a.doc) === 'from one;from two;', 'instance one to relay the edit');
        expect((await (await fetch(`${two.url}/health`)).json()).scaleOut).toBe(true);
        // Instance one goes first; then only instance two holds the last edit, and it closes
        // with the writer still connected and that edit's store waiting for the Redis lock.
        a.destroy();
        await one.close();
        b.doc.getText('t').insert(18, 'last;');
        await eventually(
          () => two.hocuspocus.documents.get(roomName)?.getText('t').toString().endsWith('last;') ?? false,
          'instance two to receive the last edit',
        );
        await two.close();
      } finally {
        a.destroy();
        b.destroy();
      }
    } finally {
      await one.close();
      await two.close();
    }
    const store = openRoomStore(data);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, store.load(roomName) ?? new Uint8Array());
    store.close();
    rmSync(dir, { recursive: true, force: true });
    expect(stored.getText('t').toString()).toBe('from one;from two;last;');
  });

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(
      startTestServer({ secret: SECRET, redisUrl: 'redis://127.0.0.1:1', data: ':memory:', readyTimeoutMs: 300 }),
    ).rejects.toThrow(/Cannot reach Redis/);
  });
});

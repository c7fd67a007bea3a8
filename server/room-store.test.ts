// Rooms survive restarts: the SQLite store itself, and a whole server closed
// and started again on the same file.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Database } from '@hocuspocus/extension-database';
import { openRoomStore, type RoomStore } from './room-store';
import { connectClient, type TestClient } from './testing/client';
import { makeDataDir, startTestServer } from './testing/server';
import { eventually, settle, within } from './testing/wait';

const dirs: string[] = [];
const clients: TestClient[] = [];

function dataFile(): string {
  const dir = makeDataDir();
  dirs.push(dir);
  return join(dir, 'rooms.sqlite');
}

function stateWith(text: string, doc = new Y.Doc()): Uint8Array {
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc);
}

function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getText('t').toString();
}

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('room store', () => {
  it('keeps rooms across reopening the file', () => {
    const file = dataFile();
    const store = openRoomStore(file);
    expect(store.load('room-aaaaaaaaaaaaaaaa')).toBeNull();
    store.save('room-aaaaaaaaaaaaaaaa', stateWith('one'));
    store.save('room-aaaaaaaaaaaaaaaa', stateWith('two'));
    store.close();
    store.save('room-aaaaaaaaaaaaaaaa', stateWith('dropped after close'));

    const again = openRoomStore(file);
    expect(textOf(again.load('room-aaaaaaaaaaaaaaaa'))).toBe('two');
    expect(again.count()).toBe(1);
    again.close();
  });

  it('merges instead of replacing when several instances share the file', () => {
    const file = dataFile();
    const a = openRoomStore(file, { mergeOnSave: true });
    const b = openRoomStore(file, { mergeOnSave: true });
    const base = new Y.Doc();
    base.getText('t').insert(0, 'base ');
    const first = new Y.Doc();
    Y.applyUpdate(first, Y.encodeStateAsUpdate(base));
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(base));
    a.save('room-bbbbbbbbbbbbbbbb', stateWith('A', first));
    // `second` never saw A's edit; a plain replace would erase it.
    b.save('room-bbbbbbbbbbbbbbbb', stateWith('B', second));
    const text = textOf(a.load('room-bbbbbbbbbbbbbbbb'));
    expect(text).toContain('A');
    expect(text).toContain('B');
    expect(text.startsWith('base ')).toBe(true);
    a.close();
    b.close();
  });
});

describe('server restart', () => {
  it('keeps every room and accepts the tokens it issued, even edits made just before closing', async () => {
    const data = dataFile();
    const first = await startTestServer({ data });
    const room = await first.createRoom();
    const writer = connectClient({ url: first.url, room: room.room, token: room.editToken, reconnect: false });
    clients.push(writer);
    await within(writer.synced, 'writer sync');
    writer.doc.getText('t').insert(0, 'kept across restarts');
    await eventually(
      () => first.hocuspocus.documents.get(room.room)?.getText('t').length === 20,
      'the server to receive the edit',
    );
    // Closed well inside Hocuspocus's 2 s store debounce, with the writer still connected.
    await first.close();

    // No secret configured: the key kept beside the SQLite file must still match the tokens.
    const second = await startTestServer({ data });
    const reader = connectClient({ url: second.url, room: room.room, token: room.readToken });
    clients.push(reader);
    await within(reader.synced, 'reader sync');
    expect(reader.doc.getText('t').toString()).toBe('kept across restarts');
    await second.close();
  });
});

describe('closing the server', () => {
  it('waits for stores under way before closing the database', async () => {
    // A store slow enough that closing would overtake it.
    const inner = openRoomStore(':memory:');
    const events: string[] = [];
    const slow: RoomStore = {
      ...inner,
      extension: () =>
        new Database({
          fetch: async ({ documentName }) => inner.load(documentName),
          store: async ({ documentName, state }) => {
            await settle(300);
            events.push(`save ${textOf(state)}`);
            inner.save(documentName, state);
          },
        }),
      close() {
        events.push('close');
      },
    };
    const server = await startTestServer({ store: slow });
    const room = await server.createRoom();
    const writer = connectClient({ url: server.url, room: room.room, token: room.editToken, reconnect: false });
    clients.push(writer);
    await within(writer.synced, 'writer sync');
    writer.doc.getText('t').insert(0, 'slowly stored');
    await eventually(() => server.hocuspocus.documents.get(room.room)?.getText('t').length === 13, 'the edit');
    await server.close();
    expect(events).toEqual(['save slowly stored', 'close']);
    inner.close();
  });
});

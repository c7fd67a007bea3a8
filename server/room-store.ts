// Rooms on disk: one SQLite row per room holding the Yjs state as a single
// update, written by Hocuspocus's Database extension after edits settle.
import { openSqlite } from './sqlite';
import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { mergeUpdates } from 'yjs';

export interface RoomStore {
  /** The stored state of a room, or null for a room never written. */
  load(room: string): Uint8Array | null;
  /** Stores a room's full state (merged with what is stored when `mergeOnSave`). */
  save(room: string, state: Uint8Array): void;
  /** Rooms stored so far. */
  count(): number;
  /** The Hocuspocus extension that loads and stores documents through this store. */
  extension(): DatabaseExtension;
  /** Closes the database; saves after this are dropped (the server flushes every room before closing). */
  close(): void;
}

export interface RoomStoreOptions {
  /**
   * Merge each save with the stored state instead of replacing it. Needed when several instances
   * write the same file (Redis scale-out): each writes its own replica, and one that lags behind
   * must not erase what another stored. Merging is a CRDT union, so it never loses an edit.
   */
  mergeOnSave?: boolean;
}

export function openRoomStore(file: string, options: RoomStoreOptions = {}): RoomStore {
  const db = openSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS rooms (
    name TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT`);

  const select = db.prepare<[string], { state: Buffer }>('SELECT state FROM rooms WHERE name = ?');
  const upsert = db.prepare<[string, Uint8Array, number]>(
    `INSERT INTO rooms (name, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const countRows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM rooms');
  const mergeAndSave = db.transaction((room: string, state: Uint8Array) => {
    const stored = select.get(room)?.state;
    upsert.run(room, stored ? mergeUpdates([stored, state]) : state, Date.now());
  });

  let open = true;
  const store: RoomStore = {
    load(room) {
      const row = select.get(room);
      return row ? new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength) : null;
    },
    save(room, state) {
      if (!open) return;
      if (options.mergeOnSave) mergeAndSave(room, state);
      else upsert.run(room, state, Date.now());
    },
    count() {
      return countRows.get()?.n ?? 0;
    },
    extension() {
      return new DatabaseExtension({
        fetch: async ({ documentName }) => store.load(documentName),
        store: async ({ documentName, state }) => store.save(documentName, state),
      });
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
  return store;
}

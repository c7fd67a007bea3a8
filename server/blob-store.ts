// Binary files of rooms (images, fonts), kept by content hash beside the rooms
// in the same SQLite file: the document holds only `{hash, size}`, the bytes
// live here, one row per room and hash. A blob belongs to the room it was
// uploaded to, so a token for one room learns nothing about another's files.
import { openSqlite } from './sqlite';

/** A blob's name: the sha-256 of its bytes, as 64 lowercase hex digits. */
export const BLOB_HASH = /^[0-9a-f]{64}$/;

export type BlobPut =
  | { ok: true; created: boolean }
  /** The room would hold more than `limit` bytes of blobs (it holds `used`). */
  | { ok: false; reason: 'room-full'; used: number; limit: number };

export interface RoomBlobStore {
  get(room: string, hash: string): Uint8Array | undefined;
  has(room: string, hash: string): boolean;
  /** Which of `hashes` the room does not have, in the order given. */
  missing(room: string, hashes: readonly string[]): string[];
  /** Bytes of blobs stored for a room. */
  roomBytes(room: string): number;
  /**
   * Stores bytes the caller has already checked against `hash`, unless the room's blobs would then
   * exceed `maxRoomBytes` (checked and written in one transaction, so concurrent uploads, even
   * from other instances on the same file, cannot overshoot together).
   */
  put(room: string, hash: string, bytes: Uint8Array, maxRoomBytes: number): BlobPut;
  /** Closes the database; later calls throw. */
  close(): void;
}

/**
 * Opens (creating if needed) the `blobs` table in the SQLite file `file`. A connection of its own:
 * with WAL, it and the room store's connection (and other instances') share the file safely.
 */
export function openRoomBlobStore(file: string): RoomBlobStore {
  const db = openSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS blobs (
    room TEXT NOT NULL,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (room, hash)
  ) STRICT`);

  const selectBytes = db.prepare<[string, string], { bytes: Buffer }>(
    'SELECT bytes FROM blobs WHERE room = ? AND hash = ?',
  );
  const selectOne = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM blobs WHERE room = ? AND hash = ?',
  );
  const sumSizes = db.prepare<[string], { total: number | null }>(
    'SELECT sum(size) AS total FROM blobs WHERE room = ?',
  );
  const insert = db.prepare<[string, string, number, Uint8Array, number]>(
    'INSERT INTO blobs (room, hash, size, bytes, created_at) VALUES (?, ?, ?, ?, ?)',
  );
  const has = (room: string, hash: string) => selectOne.get(room, hash) !== undefined;
  const roomBytes = (room: string) => sumSizes.get(room)?.total ?? 0;
  const putChecked = db.transaction((room: string, hash: string, bytes: Uint8Array, maxRoomBytes: number): BlobPut => {
    if (has(room, hash)) return { ok: true, created: false };
    const used = roomBytes(room);
    if (used + bytes.byteLength > maxRoomBytes) return { ok: false, reason: 'room-full', used, limit: maxRoomBytes };
    insert.run(room, hash, bytes.byteLength, bytes, Date.now());
    return { ok: true, created: true };
  });

  return {
    get(room, hash) {
      const row = selectBytes.get(room, hash);
      return row ? new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : undefined;
    },
    has,
    missing: (room, hashes) => hashes.filter((hash) => !has(room, hash)),
    roomBytes,
    // IMMEDIATE: take the write lock before reading the total, so two writers cannot both pass the check.
    put: (room, hash, bytes, maxRoomBytes) => putChecked.immediate(room, hash, bytes, maxRoomBytes),
    close() {
      if (db.open) db.close();
    },
  };
}

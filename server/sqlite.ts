// Opens the server's SQLite file the way every store needs it: WAL (readers never wait for the
// writer, and instances on one host share the file), and a busy timeout. Instances started at
// the same moment race to switch the file to WAL, which SQLite answers with SQLITE_BUSY at once
// (no busy handler for that): retry for a few seconds rather than fail to start.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const BUSY_RETRY_MS = 5000;

export function openSqlite(file: string): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: BUSY_RETRY_MS });
  const deadline = Date.now() + BUSY_RETRY_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) {
        db.close();
        throw err;
      }
      // Start-up only: a short synchronous pause before the next try.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  db.pragma('synchronous = NORMAL');
  return db;
}

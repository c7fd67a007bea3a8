// A real collaboration server for a test: its own SQLite file in a temp
// directory, a random port on loopback, and no log lines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollabServer, type CollabHandlerOptions, type CollabServer } from '../collab-server';
import { silentLogger, type CollabLogger } from '../log';
import type { RoomGrant } from '../tokens';

export interface TestServer extends CollabServer {
  /** The SQLite file (inside `dir`). */
  data: string;
  dir: string;
  /** Creates a room through the HTTP API. */
  createRoom(): Promise<RoomGrant>;
  /** Closes the server and removes its temp directory (unless `keepDir`). */
  close(options?: { keepDir?: boolean }): Promise<void>;
}

/** A temp directory for server data; remove it with `rmSync(dir, { recursive: true })`. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cove-collab-'));
}

export async function startTestServer(options: CollabHandlerOptions = {}): Promise<TestServer> {
  const dir = options.data ? '' : makeDataDir();
  const data = options.data ?? join(dir, 'rooms.sqlite');
  const server = await startCollabServer({ host: '127.0.0.1', port: 0, log: silentLogger, ...options, data });
  return {
    ...server,
    data,
    dir,
    createRoom: () => createRoom(server.url),
    async close(closeOptions = {}) {
      await server.close();
      if (dir && !closeOptions.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST {url}/rooms; throws unless the server answers 201. */
export async function createRoom(url: string, headers: Record<string, string> = {}): Promise<RoomGrant> {
  const res = await fetch(`${url.replace(/\/$/, '')}/rooms`, { method: 'POST', headers });
  if (res.status !== 201) throw new Error(`POST /rooms answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as RoomGrant;
}

/** A logger that keeps every line, for asserting what the server reported. */
export function collectingLogger(): CollabLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message, error) => lines.push(`error: ${message}${error === undefined ? '' : ` ${String(error)}`}`),
  };
}

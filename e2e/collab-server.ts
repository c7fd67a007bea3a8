/**
 * The real collaboration server for end-to-end tests: the production build (`dist/server/main.mjs`)
 * run as its own process, so a test can stop and restart it, or run two that share Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The port the e2e build's `VITE_COVE_COLLAB_URL` names (see scripts/test.mjs). */
export const COLLAB_PORT = Number(process.env.E2E_COLLAB_PORT ?? 4875);

export interface CollabServerOptions {
  port?: number;
  /** SQLite file; a fresh temporary one by default. Reuse it to restart "the same" server. */
  data?: string;
  redisUrl?: string;
  env?: Record<string, string>;
}

export class CollabServerProcess {
  readonly port: number;
  readonly data: string;
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly options: CollabServerOptions = {}) {
    this.port = options.port ?? COLLAB_PORT;
    this.data = options.data ?? join(mkdtempSync(join(tmpdir(), 'cove-collab-e2e-')), 'rooms.sqlite');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['dist/server/main.mjs'], {
      env: {
        ...process.env,
        COVE_COLLAB_PORT: String(this.port),
        COVE_COLLAB_HOST: '127.0.0.1',
        COVE_COLLAB_DATA: this.data,
        // Every test's browser contexts share 127.0.0.1.
        COVE_COLLAB_MAX_CONNECTIONS_PER_IP: '64',
        ...(this.options.redisUrl ? { COVE_COLLAB_REDIS_URL: this.options.redisUrl } : {}),
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`collab server exited (${child.exitCode}):\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`collab server did not answer /health within 20 s:\n${this.output}`);
  }

  /** SIGTERM is a graceful stop (rooms stored); SIGKILL a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  log(): string {
    return this.output;
  }
}

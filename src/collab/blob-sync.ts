/**
 * Binary files (images, fonts) of a live project travel beside the document: the doc holds only
 * `{kind: 'binary', hash, size}`, so whoever has the bytes uploads them to the room on the
 * collaboration server, by hash, and whoever lacks them downloads them into the local
 * content-addressed store. It runs on start and whenever the files map gains or changes a binary
 * entry. Editors upload (after asking which hashes the server lacks); everyone downloads.
 *
 * Endpoints (server/blob-api.ts): `POST {base}/rooms/<room>/blobs/missing`,
 * `PUT|GET {base}/rooms/<room>/blobs/<sha256>`, token in `Authorization: Bearer`.
 */
import * as Y from 'yjs';
import { sha256Hex, type BlobStore } from '../fs/blob-store';
import { entryKind, entryPath, filesMap } from '../fs/project-doc';
import type { LiveRole } from './live-link';

export interface BlobSyncOptions {
  doc: Y.Doc;
  /** Where this browser keeps blobs (IndexedDB in the IDE). */
  store: Pick<BlobStore, 'get' | 'put'>;
  /** The collaboration server's HTTP base URL. */
  base: string;
  room: string;
  token: string;
  /** The role the token grants; only editors upload. */
  role: LiveRole;
  fetch?: typeof fetch;
  /** Blobs that were missing here and are now in the store (the files that use them can be re-read). */
  onArrived?(hashes: string[]): void;
  /** Something that retrying will not fix (a file over the server's limit, an expired token), for people. */
  onProblem?(message: string): void;
  /** Transfers at once, each way (default 3). */
  concurrency?: number;
  /** First retry delay after a failure, doubling per failure up to the maximum (defaults 500 ms, 30 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Give up on one request after this long (default 2 min: big files on slow links). */
  requestTimeoutMs?: number;
}

/** What the server says about its limits (with every `missing` answer). */
interface ServerLimits {
  maxBlobBytes?: number;
}

interface Wanted {
  path: string;
  size?: number;
}

const HASH = /^[0-9a-f]{64}$/;
/** Hashes per `missing` question (the server takes up to 5000). */
const MISSING_BATCH = 1000;

type Outcome = 'done' | 'retry' | 'stop';

/** A server answer, read in full. */
interface Answer {
  status: number;
  ok: boolean;
  bytes: Uint8Array;
}

export class BlobSync {
  private readonly opts: BlobSyncOptions;
  private readonly fetchFn: typeof fetch;
  private readonly baseUrl: string;
  private role: LiveRole;
  /** Hashes known to be in the local store (it never deletes, so this only grows). */
  private readonly local = new Set<string>();
  /** Hashes known to be on the server. */
  private readonly onServer = new Set<string>();
  /** Uploads the server refused for good (too big, room full); not retried this session. */
  private readonly refused = new Set<string>();
  /** Per transfer (`get:<hash>`, `put:<hash>`): failures so far and when to try again. */
  private readonly backoff = new Map<string, { failures: number; at: number }>();
  private readonly inFlight = new Set<AbortController>();
  private limits: ServerLimits = {};
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private started = false;
  private stopped = false;
  private settledWaiters: (() => void)[] = [];
  /** Passes in a row that failed as a whole (the local store failing, say). */
  private passFailures = 0;

  constructor(options: BlobSyncOptions) {
    this.opts = options;
    this.role = options.role;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = `${options.base.replace(/\/+$/, '')}/rooms/${encodeURIComponent(options.room)}/blobs`;
  }

  /** Look at every binary file now, and again whenever one is added or changed. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    filesMap(this.opts.doc).observeDeep(this.onFilesChanged);
    this.requestPass();
  }

  /** The server's answer about this connection's role (it may differ from what the link claimed). */
  setRole(role: LiveRole): void {
    if (role === this.role) return;
    this.role = role;
    this.requestPass();
  }

  /** Retry everything now (e.g. the connection is back), instead of waiting for the backoff. */
  kick(): void {
    if (this.stopped) return;
    this.backoff.clear();
    this.requestPass();
  }

  /** Resolves once a pass finds nothing left to move (or when stopped). */
  whenSettled(): Promise<void> {
    const idle = !this.running && this.timer === undefined;
    if (this.stopped || (this.started && idle)) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Stop: no new transfers, those under way are aborted, the doc is no longer observed. */
  destroy(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.started) filesMap(this.opts.doc).unobserveDeep(this.onFilesChanged);
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.resolveSettled();
  }

  // ---------------------------------------------------------------------------- scheduling

  private onFilesChanged = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const files = filesMap(this.opts.doc);
    // Typing in a text file changes a Y.Text: not ours. Entries added/removed, or a hash set, are.
    const relevant = events.some(
      (e) => e.target === files || (e.target instanceof Y.Map && (e.keys.has('hash') || e.keys.has('kind'))),
    );
    if (relevant) this.requestPass();
  };

  private requestPass(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // A burst of changes (a folder upload, the first sync) becomes one pass.
    this.timer = setTimeout(() => void this.run(), 0);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.stopped) return;
    this.running = true;
    let next: number | undefined;
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.stopped);
      this.passFailures = 0;
    } catch (err) {
      console.error('Live file sync failed', err);
      next = Date.now() + this.retryDelay(++this.passFailures);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    for (const b of this.backoff.values()) next = Math.min(next ?? b.at, b.at);
    if (next === undefined) return this.resolveSettled();
    this.timer = setTimeout(() => void this.run(), Math.max(0, next - Date.now()));
  }

  /** The wait before retry number `failures`: doubling from the first delay up to the maximum, with jitter. */
  private retryDelay(failures: number): number {
    const min = this.opts.retryDelayMs ?? 500;
    const delay = Math.min(this.opts.maxRetryDelayMs ?? 30_000, min * 2 ** (failures - 1));
    // So that clients that failed together do not retry together.
    return delay * (0.8 + Math.random() * 0.4);
  }

  private resolveSettled(): void {
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  /** True if `key` failed recently and its retry time has not come. */
  private waiting(key: string): boolean {
    const b = this.backoff.get(key);
    return b !== undefined && b.at > Date.now();
  }

  private failed(key: string): void {
    const failures = (this.backoff.get(key)?.failures ?? 0) + 1;
    this.backoff.set(key, { failures, at: Date.now() + this.retryDelay(failures) });
  }

  private succeeded(key: string): void {
    this.backoff.delete(key);
  }

  // ---------------------------------------------------------------------------- a pass

  private async pass(): Promise<void> {
    const wanted = this.wanted();
    // Forget backoff for hashes no longer in the project.
    for (const key of this.backoff.keys()) if (!wanted.has(key.slice(4))) this.backoff.delete(key);
    const absent: string[] = [];
    for (const hash of wanted.keys()) {
      if (this.local.has(hash)) continue;
      if ((await this.opts.store.get(hash)) !== undefined) this.local.add(hash);
      else absent.push(hash);
      if (this.stopped) return;
    }
    const uploads =
      this.role === 'edit'
        ? [...wanted.keys()].filter((h) => this.local.has(h) && !this.onServer.has(h) && !this.refused.has(h))
        : [];
    await Promise.all([this.downloadAll(absent), this.uploadAll(uploads, wanted)]);
  }

  /** Every well-formed binary entry's hash, with a path to name it by. */
  private wanted(): Map<string, Wanted> {
    const wanted = new Map<string, Wanted>();
    for (const entry of filesMap(this.opts.doc).values()) {
      if (!(entry instanceof Y.Map) || entryKind(entry) !== 'binary') continue;
      const hash = entry.get('hash');
      const size = entry.get('size');
      if (typeof hash !== 'string' || !HASH.test(hash)) continue;
      wanted.set(hash, { path: entryPath(entry) ?? hash, size: typeof size === 'number' ? size : undefined });
    }
    return wanted;
  }

  private async downloadAll(hashes: string[]): Promise<void> {
    const due = hashes.filter((h) => !this.waiting(`get:${h}`));
    await eachLimited(due, this.opts.concurrency ?? 3, async (hash) => {
      if (this.stopped) return;
      const outcome = await this.download(hash);
      if (outcome === 'done') this.succeeded(`get:${hash}`);
      else if (outcome === 'retry') this.failed(`get:${hash}`);
    });
  }

  private async download(hash: string): Promise<Outcome> {
    const res = await this.request(`${this.baseUrl}/${hash}`, { method: 'GET' });
    if (!res) return 'retry';
    if (res.status === 401 || res.status === 403) return this.tokenRefused(res);
    // 404: nobody has uploaded it yet (the editor who added it may be uploading right now).
    if (!res.ok) return 'retry';
    const { bytes } = res;
    // The server checks uploads, but what we store under a hash must be those very bytes.
    if ((await sha256Hex(bytes)) !== hash) return 'retry';
    if (this.stopped) return 'stop';
    await this.opts.store.put(bytes);
    this.local.add(hash);
    this.onServer.add(hash);
    this.opts.onArrived?.([hash]);
    return 'done';
  }

  private async uploadAll(hashes: string[], wanted: Map<string, Wanted>): Promise<void> {
    const due = hashes.filter((h) => !this.waiting(`put:${h}`));
    for (let i = 0; i < due.length && !this.stopped && this.role === 'edit'; i += MISSING_BATCH) {
      const batch = due.slice(i, i + MISSING_BATCH);
      const missing = await this.askMissing(batch);
      if (missing === 'stop') return;
      if (!missing) {
        for (const hash of batch) this.failed(`put:${hash}`);
        continue;
      }
      const lacking = new Set(missing);
      for (const hash of batch) {
        if (lacking.has(hash)) continue;
        this.onServer.add(hash);
        this.succeeded(`put:${hash}`);
      }
      await eachLimited(missing, this.opts.concurrency ?? 3, async (hash) => {
        if (this.stopped || this.role !== 'edit') return;
        const outcome = await this.upload(hash, wanted.get(hash)?.path ?? hash);
        if (outcome === 'done') this.succeeded(`put:${hash}`);
        else if (outcome === 'retry') this.failed(`put:${hash}`);
        else this.backoff.delete(`put:${hash}`);
      });
    }
  }

  /** The hashes of `batch` the server lacks; undefined to retry later; 'stop' if we may not ask. */
  private async askMissing(batch: string[]): Promise<string[] | undefined | 'stop'> {
    const res = await this.request(`${this.baseUrl}/missing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ hashes: batch }),
    });
    if (!res) return undefined;
    if (res.status === 401 || res.status === 403) return this.tokenRefused(res);
    if (!res.ok) return undefined;
    const json = parseJson(res) as { missing?: unknown; maxBlobBytes?: unknown } | undefined;
    if (typeof json?.maxBlobBytes === 'number') this.limits = { maxBlobBytes: json.maxBlobBytes };
    if (!Array.isArray(json?.missing)) return undefined;
    const asked = new Set(batch);
    return json.missing.filter((h): h is string => typeof h === 'string' && asked.has(h));
  }

  private async upload(hash: string, path: string): Promise<Outcome> {
    const bytes = await this.opts.store.get(hash);
    if (!bytes) {
      this.local.delete(hash);
      return 'stop';
    }
    const limit = this.limits.maxBlobBytes;
    if (limit !== undefined && bytes.byteLength > limit) {
      return this.refuse(
        hash,
        `${path} (${formatBytes(bytes.byteLength)}) is over the live server's limit of ${formatBytes(limit)} per file`,
      );
    }
    const res = await this.request(`${this.baseUrl}/${hash}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    if (!res) return 'retry';
    if (res.ok) {
      this.onServer.add(hash);
      return 'done';
    }
    if (res.status === 401) return this.tokenRefused(res);
    if (res.status === 403) return this.uploadsRefused();
    // Too big or the room is full (413), or our stored bytes do not match their hash (400).
    if (res.status === 413 || res.status === 400) return this.refuse(hash, `${path}: ${errorText(res)}`);
    return 'retry';
  }

  // ---------------------------------------------------------------------------- outcomes

  private refuse(hash: string, reason: string): 'stop' {
    this.refused.add(hash);
    this.opts.onProblem?.(`Could not share ${reason}. Others in this project will not see it.`);
    return 'stop';
  }

  /** The server says this token may not upload: it is a read-only one. */
  private uploadsRefused(): 'stop' {
    this.role = 'read';
    return 'stop';
  }

  /** The token is not (or no longer) valid: nothing more can be moved. */
  private tokenRefused(res: Answer): 'stop' {
    if (!this.stopped) {
      this.opts.onProblem?.(`Files of this live project cannot be exchanged: ${errorText(res)}`);
      this.destroy();
    }
    return 'stop';
  }

  /** The whole answer, or undefined when the network (or the timeout) failed it. */
  private async request(url: string, init: RequestInit): Promise<Answer | undefined> {
    if (this.stopped) return undefined;
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.requestTimeoutMs ?? 120_000);
    try {
      const res = await this.fetchFn(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          Authorization: `Bearer ${this.opts.token}`,
        },
        signal: controller.signal,
      });
      // The body is read here, under the same timeout and abort.
      return { status: res.status, ok: res.ok, bytes: new Uint8Array(await res.arrayBuffer()) };
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }
}

function parseJson(res: Answer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(res.bytes));
  } catch {
    return undefined;
  }
}

/** The server's `{"error": "..."}`, or the status when it gave none. */
function errorText(res: Answer): string {
  const error = (parseJson(res) as { error?: unknown } | undefined)?.error;
  return typeof error === 'string' && error.trim()
    ? error.trim().slice(0, 300)
    : `the server answered HTTP ${res.status}`;
}

/** Sizes in messages: `32 MB`, `1.5 MB`, `900 KB`, `12 bytes`. */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/** Runs `fn` over `items`, at most `limit` at a time. `fn` must not throw. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

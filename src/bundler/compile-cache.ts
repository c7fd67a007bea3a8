/**
 * esbuild output cached by content: sha-256 of (cache version, loader options, source).
 * Levels: a per-file memo checked synchronously (a cached module costs no await), an in-memory
 * map by hash (all a cheap compile uses), the compile seed (the templates' outputs, built with the app, so an unmodified
 * template never waits for esbuild), and IndexedDB (idb-keyval store of its own) so a reload or
 * a second visit skips esbuild. Failed compiles stay in memory only.
 */
import { createStore, get, set } from 'idb-keyval';
import type { Diagnostic } from '../shared/protocol';

/** Bump when loader output changes shape or meaning. */
const CACHE_VERSION = 'cove-1';

export interface CompileOutput {
  /** JS (with inline source map) or, for CSS modules, the class-map module. */
  code: string;
  /** CSS text (CSS modules). */
  css?: string;
  warnings: Diagnostic[];
  /** Non-empty when the compile failed; `code` is then unusable. */
  errors: Diagnostic[];
}

export interface PersistentStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: CompileOutput): Promise<void>;
}

export function idbCompileStore(): PersistentStore {
  const store = createStore('cove-bundler-cache', 'compiled');
  return { get: (key) => get(key, store), set: (key, value) => set(key, value, store) };
}

/** Read-only outputs known ahead of time, by hash (see compile-seed.ts). */
export interface SeedStore {
  get(key: string): Promise<CompileOutput | undefined>;
}

export interface CacheResult {
  output: CompileOutput;
  /** Where it came from: the per-file memo, memory by hash, the seed, IndexedDB, or a fresh compile. */
  from: 'memo' | 'memory' | 'seed' | 'persistent' | 'compiled';
  ms: number;
}

interface Memo {
  optionsKey: string;
  source: string;
  output: CompileOutput;
}

/** A per-file memo as it is kept across visits (compiled-snapshot.ts). */
export interface MemoEntry extends Memo {
  slot: string;
}

export class CompileCache {
  private readonly memo = new Map<string, Memo>();
  private readonly byHash = new Map<string, CompileOutput>();
  private readonly inflight = new Map<string, Promise<CacheResult>>();

  constructor(
    private readonly persistent?: PersistentStore,
    private readonly maxEntries = 5000,
    private readonly seed?: SeedStore,
  ) {}

  /** The hot path: the last output for this slot if options and source are unchanged. */
  peek(slot: string, optionsKey: string, source: string): CompileOutput | undefined {
    const m = this.memo.get(slot);
    return m && m.optionsKey === optionsKey && m.source === source ? m.output : undefined;
  }

  /**
   * Output for (options, source): from a cache level or by running `compile`. A `cheap` compile
   * (the in-thread fast path) is quicker than reading IndexedDB or waiting for the seed to
   * arrive, so only memory is checked first, and its output is not persisted.
   */
  async get(
    slot: string,
    optionsKey: string,
    source: string,
    compile: () => Promise<CompileOutput>,
    cheap = false,
  ): Promise<CacheResult> {
    const peeked = this.peek(slot, optionsKey, source);
    if (peeked) return { output: peeked, from: 'memo', ms: 0 };
    const started = performance.now();
    const hash = await compileKey(optionsKey, source);
    let pending = this.inflight.get(hash);
    if (!pending) {
      pending = this.lookupOrCompile(hash, compile, started, cheap);
      this.inflight.set(hash, pending);
      void pending.finally(() => this.inflight.delete(hash)).catch(() => {});
    }
    const result = await pending;
    this.memo.set(slot, { optionsKey, source, output: result.output });
    return result;
  }

  /** The per-file memos whose slot starts with `prefix`, failed compiles left out. */
  memos(prefix: string): MemoEntry[] {
    const out: MemoEntry[] = [];
    for (const [slot, memo] of this.memo)
      if (slot.startsWith(prefix) && !memo.output.errors.length) out.push({ slot, ...memo });
    return out;
  }

  /** Memos kept from an earlier visit; a slot compiled meanwhile keeps its newer memo. */
  restoreMemos(entries: readonly MemoEntry[]): void {
    for (const { slot, optionsKey, source, output } of entries)
      if (!this.memo.has(slot)) this.memo.set(slot, { optionsKey, source, output });
  }

  /** Drop per-file memos whose slot starts with `prefix` (a closed project). */
  forget(prefix: string): void {
    for (const key of this.memo.keys()) if (key.startsWith(prefix)) this.memo.delete(key);
  }

  private async lookupOrCompile(
    hash: string,
    compile: () => Promise<CompileOutput>,
    started: number,
    cheap: boolean,
  ): Promise<CacheResult> {
    const inMemory = this.byHash.get(hash);
    if (inMemory) return { output: inMemory, from: 'memory', ms: performance.now() - started };
    if (cheap) {
      const output = await compile();
      this.remember(hash, output);
      return { output, from: 'compiled', ms: performance.now() - started };
    }
    const seeded = await this.seed?.get(hash).catch(() => undefined);
    if (seeded) {
      this.remember(hash, seeded);
      return { output: seeded, from: 'seed', ms: performance.now() - started };
    }
    const stored = await this.persistent?.get(hash).catch(() => undefined);
    if (isCompileOutput(stored)) {
      this.remember(hash, stored);
      return { output: stored, from: 'persistent', ms: performance.now() - started };
    }
    const output = await compile();
    this.remember(hash, output);
    // Persisting is best effort (quota, private mode): never fail a request for it.
    if (!output.errors.length) void this.persistent?.set(hash, output).catch(() => {});
    return { output, from: 'compiled', ms: performance.now() - started };
  }

  private remember(hash: string, output: CompileOutput): void {
    if (this.byHash.size >= this.maxEntries) {
      // Map iteration order is insertion order: drop the oldest.
      this.byHash.delete(this.byHash.keys().next().value!);
    }
    this.byHash.set(hash, output);
  }
}

/** The key of an output in every level: the seed is built with this same function. */
export function compileKey(optionsKey: string, source: string): Promise<string> {
  return sha256Hex(`${CACHE_VERSION}\0${optionsKey}\0${source}`);
}

export function isCompileOutput(v: unknown): v is CompileOutput {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as CompileOutput).code === 'string' &&
    Array.isArray((v as CompileOutput).warnings) &&
    Array.isArray((v as CompileOutput).errors)
  );
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

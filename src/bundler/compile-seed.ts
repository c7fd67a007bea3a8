/**
 * The compile seed: every output the CompileCache would store for the unmodified templates,
 * built with the app (scripts/compile-seed.ts) and fetched by the worker at start-up, so a
 * project fresh from a template previews before esbuild-wasm has even started. Keys are the
 * cache's own (compileKey), so an edited file simply misses and compiles as usual.
 */
import { isCompileOutput, type CompileOutput, type SeedStore } from './compile-cache';

/** Bump with any change to the file's shape. */
export const SEED_FORMAT = 'cove-compile-seed-1';

/** How long a lookup waits for a seed still loading: a slow or hung fetch must not stall previews. */
export const SEED_WAIT_MS = 1500;

export interface CompileSeedFile {
  format: typeof SEED_FORMAT;
  entries: Record<string, CompileOutput>;
}

/** A seed from `load` (started now); lookups before it arrives wait for it, up to `waitMs` after start. */
export function loadCompileSeed(load: () => Promise<unknown>, waitMs = SEED_WAIT_MS): SeedStore {
  let entries: Map<string, CompileOutput> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loaded = Promise.resolve()
    .then(load)
    .then(parseCompileSeed)
    .then(
      (map) => void (entries = map),
      // No seed (dev, offline, bad file): every lookup misses and the other levels answer.
      () => void (entries = new Map()),
    )
    .finally(() => clearTimeout(timer));
  const ready = Promise.race([loaded, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  return {
    async get(key) {
      if (!entries) await ready;
      return entries?.get(key);
    },
  };
}

/** The seed at `url` (none when `url` is null: the dev server builds no seed). */
export function fetchCompileSeed(url: string | null, fetchFn: typeof fetch = fetch): SeedStore {
  return loadCompileSeed(async () => {
    if (!url) return { format: SEED_FORMAT, entries: {} };
    const res = await fetchFn(url);
    if (!res.ok) throw new Error(`compile seed: HTTP ${res.status}`);
    return res.json();
  });
}

export function parseCompileSeed(data: unknown): Map<string, CompileOutput> {
  const file = data as CompileSeedFile;
  if (typeof file !== 'object' || file === null || file.format !== SEED_FORMAT) {
    throw new Error('compile seed: unknown format');
  }
  const map = new Map<string, CompileOutput>();
  for (const [key, output] of Object.entries(file.entries ?? {})) {
    if (isCompileOutput(output) && !output.errors.length) map.set(key, output);
  }
  return map;
}

/**
 * A project's compiled modules, kept across visits in one IndexedDB record per project. A second
 * visit then serves every unchanged module after a single read, instead of a compile, a hash and
 * an IndexedDB read per module (a thousand modules: seconds of this worker's time). Entries are
 * the CompileCache's per-file memos: each is used only for the same options and the same source.
 */
import { createStore, get, set } from 'idb-keyval';
import { isCompileOutput, type MemoEntry } from './compile-cache';

/** Bump when the record's shape changes; older records are then ignored. */
const SNAPSHOT_FORMAT = 'cove-compiled-1';

export interface SnapshotStore {
  load(projectId: string): Promise<MemoEntry[]>;
  save(projectId: string, entries: MemoEntry[]): Promise<void>;
}

interface SnapshotRecord {
  format: typeof SNAPSHOT_FORMAT;
  entries: MemoEntry[];
}

export function idbSnapshotStore(): SnapshotStore {
  const store = createStore('cove-bundler-snapshots', 'projects');
  return {
    load: async (projectId) => parseSnapshot(await get(projectId, store)),
    save: (projectId, entries) => set(projectId, { format: SNAPSHOT_FORMAT, entries } satisfies SnapshotRecord, store),
  };
}

/** The well-formed entries of a stored record (none for another format or a damaged record). */
export function parseSnapshot(value: unknown): MemoEntry[] {
  const record = value as SnapshotRecord | undefined;
  if (typeof record !== 'object' || record === null || record.format !== SNAPSHOT_FORMAT) return [];
  if (!Array.isArray(record.entries)) return [];
  return record.entries.filter(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.slot === 'string' &&
      typeof e.optionsKey === 'string' &&
      typeof e.source === 'string' &&
      isCompileOutput(e.output) &&
      e.output.errors.length === 0,
  );
}

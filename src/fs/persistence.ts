/**
 * Keeps a project's Y.Doc in IndexedDB (see ./update-log.ts): loads it on open, appends edits
 * in batches (written within `flushDelayMs` of an edit), and folds the log into one snapshot when
 * it grows. Failures are reported as a SaveState and retried on the next change; pending
 * updates stay in memory until a write succeeds.
 */
import * as Y from 'yjs';
import type { UseStore } from 'idb-keyval';
import type { SaveState } from './types';
import { appendUpdate, compactUpdateLog, createUpdateLogStore, loadUpdateLog, newWriterId } from './update-log';

export interface PersistenceOptions {
  /** The update-log store (default: the shared `cove-docs` database). */
  store?: UseStore;
  /** Delay between an edit and its write; edits within it share one write. */
  flushDelayMs?: number;
  /** Fold the log into one snapshot once it has more entries than this. */
  compactAfter?: number;
  /** Flush on `pagehide` / hidden `visibilitychange` (default: when `window`/`document` exist). */
  lifecycle?: boolean;
  now?: () => number;
}

export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

export class DocPersistence {
  readonly doc: Y.Doc;
  readonly projectId: string;
  saveState: SaveState;
  private readonly store: UseStore;
  private readonly flushDelayMs: number;
  private readonly compactAfter: number;
  private readonly now: () => number;
  private readonly writerId = newWriterId();
  private seq = 0;
  private logEntries = 0;
  private pending: Uint8Array[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private listeners = new Set<(s: SaveState) => void>();
  private destroyed = false;
  private detachLifecycle = () => {};

  /** Load the project's log into `doc`, then persist every further change. */
  static async open(doc: Y.Doc, projectId: string, options: PersistenceOptions = {}): Promise<DocPersistence> {
    const persistence = new DocPersistence(doc, projectId, options);
    persistence.logEntries = await loadUpdateLog(persistence.store, projectId, doc, persistence);
    persistence.start(options.lifecycle ?? (typeof window !== 'undefined' && typeof document !== 'undefined'));
    return persistence;
  }

  private constructor(doc: Y.Doc, projectId: string, options: PersistenceOptions) {
    this.doc = doc;
    this.projectId = projectId;
    this.store = options.store ?? createUpdateLogStore();
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.compactAfter = options.compactAfter ?? 100;
    this.now = options.now ?? Date.now;
    this.saveState = { state: 'saved', at: this.now() };
  }

  private start(lifecycle: boolean): void {
    this.doc.on('update', this.onUpdate);
    if (!lifecycle) return;
    const flushNow = () => void this.flush().catch(() => {}); // the SaveState already reports it
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flushNow();
    };
    window.addEventListener('pagehide', flushNow);
    document.addEventListener('visibilitychange', onVisibility);
    this.detachLifecycle = () => {
      window.removeEventListener('pagehide', flushNow);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }

  onSaveState(cb: (s: SaveState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Write everything pending now. Rejects if the write fails (the SaveState says so too). */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    // Writes run one after another so a compaction never races an append of this writer.
    const run = this.writing.catch(() => {}).then(() => this.writePending());
    this.writing = run;
    return run;
  }

  /** Flush, then stop listening to the doc. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    try {
      await this.flush();
    } finally {
      this.destroyed = true;
      this.doc.off('update', this.onUpdate);
      this.detachLifecycle();
      this.listeners.clear();
    }
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return; // our own load
    this.pending.push(update);
    if (this.saveState.state !== 'error') this.setState({ state: 'saving' });
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => {}); // reported through the SaveState; retried on the next change
    }, this.flushDelayMs);
  };

  private async writePending(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    try {
      const key = [this.projectId, this.writerId, this.seq++];
      if (this.logEntries + 1 > this.compactAfter) {
        // The in-memory state includes every pending update, so the snapshot replaces them.
        await compactUpdateLog(this.store, this.projectId, key, Y.encodeStateAsUpdate(this.doc));
        this.logEntries = 1;
      } else {
        await appendUpdate(this.store, key, batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
        this.logEntries++;
      }
      this.setState(this.pending.length ? { state: 'saving' } : { state: 'saved', at: this.now() });
    } catch (err) {
      // Keep the batch (before anything that arrived meanwhile) for the next attempt.
      this.pending = [...batch, ...this.pending];
      const message = err instanceof Error ? err.message : String(err);
      const quota = isQuotaError(err);
      this.setState({
        state: 'error',
        quota,
        message: quota
          ? `Browser storage is full: changes are not saved (${message})`
          : `Could not save changes: ${message}`,
      });
      throw err;
    }
  }

  private setState(s: SaveState): void {
    this.saveState = s;
    for (const cb of [...this.listeners]) cb(s);
  }
}

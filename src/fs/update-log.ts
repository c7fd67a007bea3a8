/**
 * The IndexedDB update log that holds every project's Y.Doc: one object store, keys
 * `[projectId, writerId, seq]`. Each open document appends its updates under its own writer id,
 * so tabs never overwrite each other's entries; Yjs updates commute, so load order is irrelevant.
 */
import * as Y from 'yjs';
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import { randomId } from './project-doc';

export const DOC_DB_NAME = 'cove-docs';

export function createUpdateLogStore(): UseStore {
  return createStore(DOC_DB_NAME, 'updates');
}

/** Every key of a project: arrays sort after strings and numbers, so `[id, []]` bounds them all. */
export function projectRange(projectId: string): IDBKeyRange {
  return IDBKeyRange.bound([projectId], [projectId, []]);
}

export function newWriterId(): string {
  return randomId(10);
}

export async function readUpdateLog(
  store: UseStore,
  projectId: string,
): Promise<{ keys: IDBValidKey[]; updates: Uint8Array[] }> {
  return store('readonly', async (s) => {
    const range = projectRange(projectId);
    const [keys, values] = await Promise.all([
      promisifyRequest(s.getAllKeys(range)),
      promisifyRequest(s.getAll(range)),
    ]);
    const updates = values.map((v: unknown, i) => {
      if (v instanceof Uint8Array) return v;
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      throw new Error(`Project ${projectId}: stored update ${JSON.stringify(keys[i])} is not binary`);
    });
    return { keys, updates };
  });
}

/** Apply a project's whole log to `doc` (one transaction, with `origin`). Returns the number of entries. */
export async function loadUpdateLog(store: UseStore, projectId: string, doc: Y.Doc, origin: unknown): Promise<number> {
  const { updates } = await readUpdateLog(store, projectId);
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates), origin);
  return updates.length;
}

export async function appendUpdate(store: UseStore, key: IDBValidKey, update: Uint8Array): Promise<void> {
  await store('readwrite', (s) => {
    s.put(update, key);
    return transactionDone(s.transaction);
  });
}

/**
 * In one transaction: read the project's log, merge it with `extra` (e.g. the in-memory state),
 * write the result under `key` and delete the merged entries. Another tab's entries written
 * before the transaction are merged, never lost; later ones stay in the log.
 */
export async function compactUpdateLog(
  store: UseStore,
  projectId: string,
  key: IDBValidKey,
  extra?: Uint8Array,
): Promise<void> {
  await store('readwrite', (s) => {
    const range = projectRange(projectId);
    const keysRequest = s.getAllKeys(range);
    const valuesRequest = s.getAll(range);
    let failure: unknown;
    valuesRequest.onsuccess = () => {
      try {
        const parts = (valuesRequest.result as unknown[]).filter((v): v is Uint8Array => v instanceof Uint8Array);
        if (parts.length !== valuesRequest.result.length)
          throw new Error(`Project ${projectId}: the update log has non-binary entries`);
        if (extra) parts.push(extra);
        const merged = Y.mergeUpdates(parts);
        for (const k of keysRequest.result) s.delete(k);
        s.put(merged, key);
      } catch (err) {
        // A corrupt entry: abort, so nothing is deleted.
        failure = err;
        s.transaction.abort();
      }
    };
    return transactionDone(s.transaction).catch((err: unknown) => {
      throw failure ?? err;
    });
  });
}

export async function deleteUpdateLog(store: UseStore, projectId: string): Promise<void> {
  await store('readwrite', (s) => {
    s.delete(projectRange(projectId));
    return transactionDone(s.transaction);
  });
}

/** Resolves when the transaction commits; rejects with its error (e.g. QuotaExceededError) when it aborts. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error ?? new Error('IndexedDB transaction aborted')));
  });
}

/**
 * Where the browser denies this origin its storage (a frame of another site with third-party storage
 * blocked, some private modes) IndexedDB throws; an in-memory IndexedDB (fake-indexeddb, installed
 * globally so every idb-keyval store uses it) stands in. Used by the IDE page and the bundler worker.
 */

/** Replaces the global IndexedDB API (factory and the classes code checks against) with fake-indexeddb's. */
export async function installMemoryIndexedDb(): Promise<void> {
  const fake = await import('fake-indexeddb');
  const globals: Record<string, unknown> = {
    indexedDB: fake.indexedDB,
    IDBCursor: fake.IDBCursor,
    IDBCursorWithValue: fake.IDBCursorWithValue,
    IDBDatabase: fake.IDBDatabase,
    IDBFactory: fake.IDBFactory,
    IDBIndex: fake.IDBIndex,
    IDBKeyRange: fake.IDBKeyRange,
    IDBObjectStore: fake.IDBObjectStore,
    IDBOpenDBRequest: fake.IDBOpenDBRequest,
    IDBRequest: fake.IDBRequest,
    IDBTransaction: fake.IDBTransaction,
    IDBVersionChangeEvent: fake.IDBVersionChangeEvent,
  };
  for (const [name, value] of Object.entries(globals))
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: false });
}

export async function indexedDbWorks(): Promise<boolean> {
  try {
    if (typeof indexedDB === 'undefined') return false;
    // Lists databases without creating one; rejects when storage is denied.
    if (typeof indexedDB.databases === 'function') {
      await indexedDB.databases();
      return true;
    }
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('cove-storage-probe');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB refused'));
    });
    return true;
  } catch {
    return false;
  }
}

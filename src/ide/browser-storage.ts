/**
 * Storage the IDE can use in any browser window. Where the browser denies this site its storage
 * (Cove embedded in a page of another site with third-party storage blocked, some private
 * modes), `localStorage` and IndexedDB throw; the IDE then still runs, in memory: an in-memory
 * IndexedDB (fake-indexeddb, installed globally so every idb-keyval store uses it) and an
 * in-memory Storage stand in, and the caller tells the person that nothing will be kept.
 */
export type StorageMode = 'persistent' | 'memory';

let memory: Storage | undefined;

/** `localStorage`, or an in-memory stand-in where reading it is denied. */
export function appStorage(): Storage {
  try {
    const storage = localStorage;
    void storage.length; // Some browsers only throw on first use.
    return storage;
  } catch {
    return (memory ??= memoryStorage());
  }
}

/** Call before anything opens IndexedDB. */
export async function prepareStorage(): Promise<StorageMode> {
  if (await indexedDbWorks()) return 'persistent';
  await installMemoryIndexedDb();
  return 'memory';
}

/** Replaces the global IndexedDB API (factory and the classes code checks against) with fake-indexeddb's. */
async function installMemoryIndexedDb(): Promise<void> {
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

async function indexedDbWorks(): Promise<boolean> {
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

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

export const MEMORY_ONLY_NOTICE =
  'This browser window does not let Cove store anything (site data is blocked here, for example because Cove is ' +
  'embedded in a page of another site, or in a private window). Your projects live in memory only and are lost ' +
  'when this page closes: export a project to keep it.';

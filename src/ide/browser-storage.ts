/**
 * Storage the IDE can use in any browser window. Where the browser denies this site its storage
 * (Cove embedded in a page of another site with third-party storage blocked, some private
 * modes), `localStorage` and IndexedDB throw; the IDE then still runs, in memory: an in-memory
 * IndexedDB (fake-indexeddb, installed globally so every idb-keyval store uses it) and an
 * in-memory Storage stand in, and the caller tells the person that nothing will be kept.
 */
import { indexedDbWorks, installMemoryIndexedDb } from '../fs/indexeddb-fallback';

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

let prepared: StorageMode | undefined;

/** Call before anything opens IndexedDB. */
export async function prepareStorage(): Promise<StorageMode> {
  if (await indexedDbWorks()) return (prepared = 'persistent');
  await installMemoryIndexedDb();
  return (prepared = 'memory');
}

/** What `prepareStorage` found (undefined before it ran). */
export function storageMode(): StorageMode | undefined {
  return prepared;
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

/**
 * Content-addressed storage for binary files, shared by all projects: the key is the sha-256
 * hex of the bytes, so identical files are stored once and the Y.Doc only holds the hash.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

export interface BlobStore {
  put(bytes: Uint8Array): Promise<string /*sha-256 hex*/>;
  get(hash: string): Promise<Uint8Array | undefined>;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const BLOB_DB_NAME = 'cove-blobs';

/** IndexedDB via idb-keyval; pass a store to use another database (tests). */
export function createBlobStore(store: UseStore = createStore(BLOB_DB_NAME, 'blobs')): BlobStore {
  return {
    async put(bytes) {
      const hash = await sha256Hex(bytes);
      // Content-addressed: an existing entry already holds these bytes.
      if ((await get(hash, store)) === undefined) await set(hash, bytes.slice(), store);
      return hash;
    },
    async get(hash) {
      const value: unknown = await get(hash, store);
      if (value === undefined) return undefined;
      if (value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      throw new Error(`Blob ${hash} has an unexpected stored type`);
    },
  };
}

/** An in-memory BlobStore, for tests and for callers without IndexedDB. */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(bytes) {
      const hash = await sha256Hex(bytes);
      if (!blobs.has(hash)) blobs.set(hash, bytes.slice());
      return hash;
    },
    async get(hash) {
      return blobs.get(hash)?.slice();
    },
  };
}

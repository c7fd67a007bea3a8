import 'fake-indexeddb/auto';
import { createStore, set, type UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { idbPackageStore, memoryPackageStore } from './package-store';
import type { PackageContents } from './types';

let n = 0;
const freshDb = () => createStore(`package-store-test-${n++}`, 'packages');

/** Counts what reaches IndexedDB, so tests can tell the memory cache answered. */
function counting(store: UseStore) {
  const calls = { read: 0, write: 0 };
  const wrapped: UseStore = (mode, callback) => {
    calls[mode === 'readonly' ? 'read' : 'write']++;
    return store(mode, callback);
  };
  return { store: wrapped, calls };
}

const encode = (s: string) => new TextEncoder().encode(s);
function pkg(name: string, version = '1.0.0', files: Record<string, string> = { 'index.js': name }): PackageContents {
  return {
    name,
    version,
    integrity: `sha512-${name}-${version}`,
    files: new Map(Object.entries(files).map(([p, s]) => [p, encode(s)])),
  };
}
const decoded = (c: PackageContents | undefined) =>
  c && Object.fromEntries([...c.files].map(([p, b]) => [p, new TextDecoder().decode(b)]));

describe('idbPackageStore', () => {
  it('keeps packages across store instances, keyed by integrity', async () => {
    const db = freshDb();
    const files = { 'package.json': '{"name":"a"}', 'lib/index.js': 'export {}', 'empty.d.ts': '' };
    await idbPackageStore({ store: db }).put(pkg('a', '1.0.0', files));

    const fresh = idbPackageStore({ store: db }); // Empty memory cache: read from IndexedDB.
    const got = await fresh.get('sha512-a-1.0.0');
    expect(got?.name).toBe('a');
    expect(got?.version).toBe('1.0.0');
    expect(got?.integrity).toBe('sha512-a-1.0.0');
    expect(got?.files).toBeInstanceOf(Map);
    expect(got?.files.get('lib/index.js')).toBeInstanceOf(Uint8Array);
    expect(decoded(got)).toEqual(files);
    expect(await fresh.get('sha512-missing')).toBeUndefined();
  });

  it('answers has() without reading the record', async () => {
    const db = freshDb();
    await idbPackageStore({ store: db }).put(pkg('a'));
    const { store, calls } = counting(db);
    const fresh = idbPackageStore({ store });
    expect(await fresh.has('sha512-a-1.0.0')).toBe(true);
    expect(await fresh.has('sha512-b-1.0.0')).toBe(false);
    expect(calls.read).toBe(2);
    // has() does not fill the cache, so a get() still reads.
    await fresh.get('sha512-a-1.0.0');
    expect(calls.read).toBe(3);
  });

  it('serves repeated reads from memory', async () => {
    const { store, calls } = counting(freshDb());
    const packages = idbPackageStore({ store });
    await packages.put(pkg('a'));
    const first = await packages.get('sha512-a-1.0.0');
    const second = await packages.get('sha512-a-1.0.0');
    expect(second).toBe(first);
    expect(await packages.has('sha512-a-1.0.0')).toBe(true);
    expect(calls).toEqual({ read: 0, write: 1 });
  });

  it('forgets the least recently used package beyond its bounds', async () => {
    const { store, calls } = counting(freshDb());
    const packages = idbPackageStore({ store, cacheEntries: 2 });
    await packages.put(pkg('a'));
    await packages.put(pkg('b'));
    await packages.get('sha512-a-1.0.0'); // a is now the most recent
    await packages.put(pkg('c')); // evicts b
    expect(calls.read).toBe(0);
    await packages.get('sha512-a-1.0.0');
    await packages.get('sha512-c-1.0.0');
    expect(calls.read).toBe(0);
    expect(decoded(await packages.get('sha512-b-1.0.0'))).toEqual({ 'index.js': 'b' });
    expect(calls.read).toBe(1);

    const bySize = counting(freshDb());
    const small = idbPackageStore({ store: bySize.store, cacheBytes: 10 });
    await small.put(pkg('big', '1.0.0', { 'a.js': 'x'.repeat(11) }));
    await small.get('sha512-big-1.0.0');
    expect(bySize.calls.read).toBe(1);
  });

  it('stores only the bytes of a file that is a view into a larger buffer', async () => {
    const db = freshDb();
    const buffer = encode('0123456789');
    const contents = pkg('v');
    contents.files.set('slice.txt', buffer.subarray(2, 5));
    await idbPackageStore({ store: db }).put(contents);
    const got = await idbPackageStore({ store: db }).get('sha512-v-1.0.0');
    const slice = got?.files.get('slice.txt');
    expect(new TextDecoder().decode(slice)).toBe('234');
    expect(slice?.buffer.byteLength).toBe(3);
  });

  it('treats an unreadable record as missing', async () => {
    const db = freshDb();
    await set('sha512-old', { name: 'old', files: 'not files' }, db);
    expect(await idbPackageStore({ store: db }).get('sha512-old')).toBeUndefined();
  });

  it('reports a full disk as storage-full, naming the package', async () => {
    const db = freshDb();
    const full: UseStore = (mode, callback) =>
      mode === 'readwrite'
        ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
        : db(mode, callback);
    const packages = idbPackageStore({ store: full });
    const error = await packages.put(pkg('react', '18.3.1')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NpmError);
    expect((error as NpmError).code).toBe('storage-full');
    expect((error as NpmError).message).toMatch(/^Browser storage is full: react@18\.3\.1 \(1 KB\) cannot be kept/);
    expect(await packages.has('sha512-react-18.3.1')).toBe(false);

    const broken: UseStore = () => Promise.reject(new Error('disk on fire'));
    await expect(idbPackageStore({ store: broken }).put(pkg('a'))).rejects.toThrow('disk on fire');
  });
});

describe('memoryPackageStore', () => {
  it('keeps packages by integrity', async () => {
    const packages = memoryPackageStore();
    expect(await packages.has('sha512-a-1.0.0')).toBe(false);
    await packages.put(pkg('a'));
    expect(await packages.has('sha512-a-1.0.0')).toBe(true);
    expect(decoded(await packages.get('sha512-a-1.0.0'))).toEqual({ 'index.js': 'a' });
    expect(await packages.get('sha512-b-1.0.0')).toBeUndefined();
  });
});

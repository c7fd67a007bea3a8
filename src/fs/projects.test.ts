import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBlobStore } from './blob-store';
import { ProjectStore, type OpenProject } from './projects';
import { readUpdateLog } from './update-log';

let n = 0;
function makeStore() {
  const i = n++;
  const logStore = createStore(`projects-test-log-${i}`, 'updates');
  const store = new ProjectStore({
    metaStore: createStore(`projects-test-meta-${i}`, 'meta'),
    logStore,
    settingsStore: createStore(`projects-test-settings-${i}`, 'settings'),
    blobs: createMemoryBlobStore(),
    tabSync: false,
  });
  return { store, logStore };
}

const opened: OpenProject[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await p.close();
});

describe('ProjectStore', () => {
  it('creates, lists, opens and edits a project', async () => {
    const { store } = makeStore();
    const meta = await store.create({
      title: '  My   app ',
      template: 'vanilla-ts',
      files: { 'index.html': '<p>\r\n', 'public/i.png': new Uint8Array([9, 8]) },
    });
    expect(meta.id).toMatch(/^[a-z0-9]{10}$/);
    expect(meta).toMatchObject({ title: 'My app', template: 'vanilla-ts' });
    expect((await store.list()).map((m) => m.id)).toEqual([meta.id]);

    const p = await store.open(meta.id);
    opened.push(p);
    expect(p.workspace.readText('index.html')).toBe('<p>\n');
    expect(await p.workspace.readBinary('public/i.png')).toEqual(new Uint8Array([9, 8]));
    expect(await store.getLastOpened()).toBe(meta.id);
    p.workspace.writeText('src/new.ts', 'x');
    await p.flush();
    expect(p.saveState.state).toBe('saved');
    expect((await store.get(meta.id))!.updatedAt).toBeGreaterThanOrEqual(meta.updatedAt);
    await p.close();

    const again = await store.open(meta.id);
    opened.push(again);
    expect(again.workspace.readText('src/new.ts')).toBe('x');
  });

  it('stores nothing when a file path is invalid', async () => {
    const { store } = makeStore();
    await expect(store.create({ title: 'x', files: { 'a.ts': '', 'a.ts/b.ts': '' } })).rejects.toThrow(/is a file/);
    await expect(store.create({ title: '   ', files: {} })).rejects.toThrow(/title/);
    expect(await store.list()).toEqual([]);
  });

  it('duplicates including unsaved edits of an open copy, then renames and deletes', async () => {
    const { store, logStore } = makeStore();
    const meta = await store.create({ title: 'Orig', files: { 'a.ts': 'a' } });
    const p = await store.open(meta.id);
    opened.push(p);
    p.workspace.writeText('a.ts', 'edited');
    p.workspace.createFolder('empty');
    const copy = await store.duplicate(meta.id);
    expect(copy.id).not.toBe(meta.id);
    expect(copy.title).toBe('Orig (copy)');
    const c = await store.open(copy.id);
    opened.push(c);
    expect(c.workspace.readText('a.ts')).toBe('edited');
    expect(c.workspace.folders()).toEqual(['empty']);

    const renamed = await store.rename(copy.id, 'Renamed');
    expect(renamed.title).toBe('Renamed');
    expect((await store.get(copy.id))!.title).toBe('Renamed');
    await expect(store.rename(copy.id, '')).rejects.toThrow(/title/);

    await store.delete(meta.id);
    expect((await store.list()).map((m) => m.id)).toEqual([copy.id]);
    expect((await readUpdateLog(logStore, meta.id)).keys).toEqual([]);
    expect((await readUpdateLog(logStore, copy.id)).keys.length).toBeGreaterThan(0);
    expect(await store.getLastOpened()).toBe(copy.id);
    await expect(store.open(meta.id)).rejects.toThrow(/No project/);
    await store.setLastOpened(meta.id);
    expect(await store.getLastOpened()).toBeUndefined();
  });

  it('keeps live sharing info in the metadata, and finds a project by its room', async () => {
    const { store } = makeStore();
    const live = { room: 'r'.repeat(22), token: 'a.b', role: 'edit' as const, server: 'http://collab.test' };
    const joined = await store.create({ title: 'Live project', files: {}, live });
    const other = await store.create({ title: 'Local', files: { 'a.ts': 'x' } });
    expect(joined.live).toEqual(live);
    expect(await store.findByRoom(live.room)).toMatchObject({ id: joined.id });
    expect(await store.findByRoom('x'.repeat(22))).toBeUndefined();

    const p = await store.open(other.id);
    opened.push(p);
    const shared = { ...live, room: 's'.repeat(22), readToken: 'c.d' };
    await store.setLive(other.id, shared);
    expect(p.meta.live).toEqual(shared);
    expect((await store.get(other.id))!.live).toEqual(shared);
    // Edits after going live keep the live info (the metadata touch must not drop it).
    p.workspace.writeText('a.ts', 'y');
    await p.flush();
    expect((await store.get(other.id))!.live).toEqual(shared);

    await store.setLive(other.id, undefined);
    expect(p.meta.live).toBeUndefined();
    expect((await store.get(other.id))!.live).toBeUndefined();
    expect((await store.get(other.id))!.title).toBe('Local');
    const reopened = await store.open(joined.id);
    opened.push(reopened);
    expect(reopened.workspace.list()).toEqual([]);
  });
});

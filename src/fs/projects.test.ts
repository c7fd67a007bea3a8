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
});

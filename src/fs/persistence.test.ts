import 'fake-indexeddb/auto';
import { createStore, type UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocPersistence } from './persistence';
import type { SaveState } from './types';
import { readUpdateLog } from './update-log';

let n = 0;
const freshStore = () => createStore(`persistence-test-${n++}`, 'updates');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DocPersistence', () => {
  it('round-trips a doc through a fresh doc', async () => {
    const store = freshStore();
    const doc = new Y.Doc();
    const p = await DocPersistence.open(doc, 'proj1', { store });
    doc.getText('t').insert(0, 'hello');
    doc.getMap('m').set('k', 1);
    await p.flush();
    expect(p.saveState.state).toBe('saved');
    await p.destroy();

    const fresh = new Y.Doc();
    const p2 = await DocPersistence.open(fresh, 'proj1', { store });
    expect(fresh.getText('t').toString()).toBe('hello');
    expect(fresh.getMap('m').get('k')).toBe(1);
    // Other projects in the same store are separate.
    const other = new Y.Doc();
    await DocPersistence.open(other, 'proj10', { store });
    expect(other.getText('t').toString()).toBe('');
    await p2.destroy();
  });

  it('writes within the flush delay without an explicit flush', async () => {
    const store = freshStore();
    const doc = new Y.Doc();
    const states: SaveState['state'][] = [];
    const p = await DocPersistence.open(doc, 'p', { store, flushDelayMs: 20 });
    p.onSaveState((s) => states.push(s.state));
    doc.getText('t').insert(0, 'a');
    doc.getText('t').insert(1, 'b');
    expect(p.saveState.state).toBe('saving');
    await sleep(150);
    expect(states).toEqual(['saving', 'saving', 'saved']);
    const { updates } = await readUpdateLog(store, 'p');
    expect(updates).toHaveLength(1); // both edits in one batched write
  });

  it('compacts the log into one snapshot that keeps the content', async () => {
    const store = freshStore();
    const doc = new Y.Doc();
    const p = await DocPersistence.open(doc, 'p', { store, compactAfter: 5 });
    for (let i = 0; i < 12; i++) {
      doc.getText('t').insert(i, String(i % 10));
      await p.flush();
    }
    const { keys } = await readUpdateLog(store, 'p');
    expect(keys.length).toBeLessThanOrEqual(5);
    const fresh = new Y.Doc();
    await DocPersistence.open(fresh, 'p', { store });
    expect(fresh.getText('t').toString()).toBe('012345678901');
  });

  it('merges entries of another writer during compaction instead of deleting them', async () => {
    const store = freshStore();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const pa = await DocPersistence.open(a, 'p', { store, compactAfter: 2 });
    const pb = await DocPersistence.open(b, 'p', { store });
    b.getText('t').insert(0, 'from b ');
    await pb.flush();
    for (const word of ['x', 'y', 'z']) {
      a.getText('u').insert(0, word);
      await pa.flush();
    }
    const fresh = new Y.Doc();
    await DocPersistence.open(fresh, 'p', { store });
    expect(fresh.getText('t').toString()).toBe('from b ');
    expect(fresh.getText('u').toString()).toBe('zyx');
  });

  it('reports a failing store as an error state and saves once the store works again', async () => {
    const real = freshStore();
    let failing = false;
    const store: UseStore = (mode, cb) =>
      failing && mode === 'readwrite'
        ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
        : real(mode, cb);
    const doc = new Y.Doc();
    const p = await DocPersistence.open(doc, 'p', { store, flushDelayMs: 10 });
    const states: SaveState[] = [];
    p.onSaveState((s) => states.push(s));
    failing = true;
    doc.getText('t').insert(0, 'kept');
    await expect(p.flush()).rejects.toThrow(/quota/);
    expect(p.saveState).toMatchObject({ state: 'error', quota: true });
    expect((p.saveState as { message: string }).message).toMatch(/storage is full/);
    expect(doc.getText('t').toString()).toBe('kept');

    failing = false;
    doc.getText('t').insert(4, '!'); // the next change retries, including the failed batch
    await sleep(100);
    expect(p.saveState.state).toBe('saved');
    const fresh = new Y.Doc();
    await DocPersistence.open(fresh, 'p', { store: real });
    expect(fresh.getText('t').toString()).toBe('kept!');
    expect(states.some((s) => s.state === 'error')).toBe(true);
  });

  it('reports non-quota failures with quota=false', async () => {
    const real = freshStore();
    let failing = false;
    const store: UseStore = (mode, cb) =>
      failing && mode === 'readwrite' ? Promise.reject(new Error('disk on fire')) : real(mode, cb);
    const doc = new Y.Doc();
    const p = await DocPersistence.open(doc, 'p', { store });
    failing = true;
    doc.getText('t').insert(0, 'x');
    await expect(p.flush()).rejects.toThrow('disk on fire');
    expect(p.saveState).toEqual({ state: 'error', quota: false, message: 'Could not save changes: disk on fire' });
    failing = false;
    await p.flush();
    expect(p.saveState.state).toBe('saved');
  });
});

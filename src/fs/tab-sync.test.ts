import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { TabSync } from './tab-sync';

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

const open: TabSync[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

describe('TabSync', () => {
  it('keeps two docs converged, both directions', async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    open.push(new TabSync(a, 'sync1'), new TabSync(b, 'sync1'));
    a.getText('t').insert(0, 'from a');
    await until(() => b.getText('t').toString() === 'from a');
    b.getText('t').insert(0, 'b+');
    await until(() => a.getText('t').toString() === 'b+from a');
  });

  it('lets a late tab catch up, and sends back what only it had', async () => {
    const early = new Y.Doc();
    early.getText('t').insert(0, 'early ');
    open.push(new TabSync(early, 'sync2'));
    const late = new Y.Doc();
    late.getMap('m').set('offline', true);
    open.push(new TabSync(late, 'sync2'));
    await until(() => late.getText('t').toString() === 'early ' && early.getMap('m').get('offline') === true);
    expect(Y.encodeStateVector(early)).toEqual(Y.encodeStateVector(late));
  });

  it('does not echo updates it applied, and ignores other projects and junk', async () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const other = new Y.Doc();
    open.push(new TabSync(a, 'sync3'), new TabSync(b, 'sync3'), new TabSync(other, 'sync4'));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    let aUpdates = 0;
    a.on('update', () => aUpdates++);
    const junk = new BroadcastChannel('cove-project:sync3');
    junk.postMessage({ cove: 'tab-sync', t: 'update', from: 'x', update: 'not bytes' });
    junk.postMessage({ cove: 'tab-sync', t: 'update', from: 'x', update: new Uint8Array([1, 2, 3]) });
    junk.close();
    a.getText('t').insert(0, 'x');
    await until(() => b.getText('t').toString() === 'x');
    await new Promise((r) => setTimeout(r, 50));
    expect(aUpdates).toBe(1);
    expect(other.getText('t').toString()).toBe('');
    // The undecodable update was reported (by both tabs) and changed nothing.
    expect(errors).toHaveBeenCalledTimes(2);
    expect(b.getText('t').toString()).toBe('x');
    errors.mockRestore();
  });
});

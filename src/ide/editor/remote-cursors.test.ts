import { afterEach, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RemoteCursorStyles } from './remote-cursors';

const awarenesses: Awareness[] = [];

function room() {
  const mine = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  awarenesses.push(mine, theirs);
  // What the provider does: their awareness updates are applied to ours.
  theirs.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [...added, ...updated, ...removed]), 'remote');
  });
  return { mine, theirs };
}

afterEach(() => {
  for (const a of awarenesses.splice(0)) a.destroy();
});

describe('RemoteCursorStyles', () => {
  it('keeps one rule set per other person and removes it when they leave', () => {
    const { mine, theirs } = room();
    mine.setLocalState({ user: { name: 'Me', color: '#111111' } });
    const writes: string[] = [];
    const styles = new RemoteCursorStyles(mine, (css) => writes.push(css));
    expect(styles.clients).toBe(0);

    theirs.setLocalState({ user: { name: 'Ada', color: '#0090ff' } });
    expect(styles.clients).toBe(1);
    const css = writes.at(-1)!;
    expect(css).toContain(`.yRemoteSelectionHead-${theirs.clientID}::after { content: "Ada"`);
    expect(css).not.toContain(`-${mine.clientID}`);

    // Cursor moves do not rewrite the stylesheet; a new name or colour does.
    const count = writes.length;
    theirs.setLocalStateField('selection', { anchor: null, head: null });
    expect(writes).toHaveLength(count);
    theirs.setLocalStateField('user', { name: 'Ada L.', color: '#e5484d' });
    expect(writes.at(-1)).toContain('content: "Ada L."');
    expect(writes.at(-1)).toContain('#e5484d');

    removeAwarenessStates(mine, [theirs.clientID], 'timeout');
    expect(styles.clients).toBe(0);
    expect(writes.at(-1)).toBe('');
  });

  it('ignores a colour that is not #rrggbb', () => {
    const { mine, theirs } = room();
    const writes: string[] = [];
    new RemoteCursorStyles(mine, (css) => writes.push(css));
    theirs.setLocalState({ user: { name: 'Mallory', color: 'red; } body { display: none' } });
    expect(writes.at(-1)).not.toContain('display');
    expect(writes.at(-1)).toMatch(/border-left: 2px solid #[0-9a-f]{6};/);
  });

  it('picks up people who were there before it started, and stops listening when disposed', () => {
    const { mine, theirs } = room();
    theirs.setLocalState({ user: { name: 'Early', color: '#46a758' } });
    const listeners = () => (mine._observers.get('change') as Set<unknown> | undefined)?.size ?? 0;
    const before = listeners();
    const writes: string[] = [];
    const styles = new RemoteCursorStyles(mine, (css) => writes.push(css));
    expect(writes.at(-1)).toContain('"Early"');
    expect(listeners()).toBe(before + 1);
    styles.dispose();
    expect(listeners()).toBe(before);
    expect(writes.at(-1)).toBe('');
  });
});

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { onSharedTitle, setSharedTitle, sharedTitle } from './shared-title';

describe('shared title', () => {
  it('is written, read and observed across docs', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const seen: [string, boolean][] = [];
    const off = onSharedTitle(b, (title, local) => seen.push([title, local]));
    expect(sharedTitle(a)).toBeUndefined();
    setSharedTitle(a, 'My app');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(sharedTitle(b)).toBe('My app');
    setSharedTitle(b, 'Renamed');
    off();
    setSharedTitle(b, 'Unseen');
    expect(seen).toEqual([
      ['My app', false],
      ['Renamed', true],
    ]);
  });

  it('cleans what others wrote', () => {
    const doc = new Y.Doc();
    doc.getMap('project').set('title', '  a\n\tb  ' + 'x'.repeat(300));
    expect(sharedTitle(doc)).toMatch(/^a b x+$/);
    expect(sharedTitle(doc)!.length).toBe(200);
    doc.getMap('project').set('title', 42);
    expect(sharedTitle(doc)).toBeUndefined();
    doc.getMap('project').set('title', '   ');
    expect(sharedTitle(doc)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { absoluteSelection, peerSelectionIn, relativeSelection } from './relative-selection';

function twoFiles() {
  const doc = new Y.Doc();
  const files = doc.getMap<Y.Text>('files');
  files.set('a', new Y.Text('const a = 1;\n'));
  files.set('b', new Y.Text('const b = 2;\n'));
  return { doc, a: files.get('a')!, b: files.get('b')! };
}

/** What a selection looks like after a trip through awareness (JSON over the wire). */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('relative selections', () => {
  it('follow edits made before them', () => {
    const { a } = twoFiles();
    const sel = relativeSelection(a, { anchor: 6, head: 7 });
    a.insert(0, '// hi\n');
    expect(absoluteSelection(sel, a)).toEqual({ anchor: 12, head: 13 });
  });

  it('resolve only in the text they were made in', () => {
    const { a, b } = twoFiles();
    const sel = relativeSelection(a, { anchor: 2, head: 4 });
    expect(absoluteSelection(sel, b)).toBeUndefined();
    expect(peerSelectionIn(overTheWire(sel), a)).toEqual({ anchor: 2, head: 4 });
    expect(peerSelectionIn(overTheWire(sel), b)).toBeUndefined();
  });

  it('resolve a peer’s selection made in their replica', () => {
    const { doc, a } = twoFiles();
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const theirs = replica.getMap<Y.Text>('files').get('a')!;
    expect(peerSelectionIn(overTheWire(relativeSelection(theirs, { anchor: 5, head: 0 })), a)).toEqual({
      anchor: 5,
      head: 0,
    });
  });

  it('refuse malformed or unknown positions from peers', () => {
    const { a } = twoFiles();
    const good = overTheWire(relativeSelection(a, { anchor: 1, head: 1 })) as { anchor: unknown; head: unknown };
    const bad: unknown[] = [
      undefined,
      null,
      'x',
      [good.anchor, good.head],
      { anchor: good.anchor },
      { anchor: good.anchor, head: 'x' },
      { anchor: good.anchor, head: { item: { client: -1, clock: 0 }, type: null, tname: null, assoc: 0 } },
      { anchor: good.anchor, head: { item: { client: 1, clock: 0.5 }, type: null, tname: null, assoc: 0 } },
      { anchor: good.anchor, head: { item: null, type: null, tname: null, assoc: 0 } },
      { anchor: good.anchor, head: { item: null, type: null, tname: 5, assoc: 0 } },
      { anchor: good.anchor, head: { item: { client: 1, clock: 0 }, type: null, tname: null, assoc: 'x' } },
      // Well-formed but naming structs this document does not have.
      { anchor: good.anchor, head: { item: { client: 12345, clock: 99 }, type: null, tname: null, assoc: 0 } },
      { anchor: good.anchor, head: { item: null, type: { client: 12345, clock: 0 }, tname: null, assoc: 0 } },
      // A root-level type by name is not a file's text.
      { anchor: good.anchor, head: { item: null, type: null, tname: 'files', assoc: 0 } },
    ];
    for (const value of bad) expect(peerSelectionIn(value, a), JSON.stringify(value)).toBeUndefined();
    expect(peerSelectionIn(good, a)).toEqual({ anchor: 1, head: 1 });
  });
});

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fallbackColor, parsePeer, peersFromStates } from './presence';

describe('presence parsing', () => {
  it('reads a well-formed state', () => {
    expect(parsePeer(7, { user: { name: 'Ada', color: '#AABBCC' }, file: 'src/main.ts' })).toEqual({
      clientId: 7,
      name: 'Ada',
      color: '#aabbcc',
      file: 'src/main.ts',
    });
  });

  it('keeps a y-monaco selection made of relative positions', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hello');
    const anchor = Y.createRelativePositionFromTypeIndex(text, 1);
    const head = Y.createRelativePositionFromTypeIndex(text, 3);
    // Awareness states travel as JSON.
    const state = JSON.parse(JSON.stringify({ user: { name: 'A', color: '#000000' }, selection: { anchor, head } }));
    const peer = parsePeer(1, state)!;
    expect(peer.selection).toBeDefined();
    const abs = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(peer.selection!.head),
      doc,
    );
    expect(abs?.index).toBe(3);
  });

  it('ignores states without a user (e.g. a tab that has not said who it is)', () => {
    for (const state of [null, undefined, 1, 'x', [], {}, { user: 'Ada' }, { user: [] }])
      expect(parsePeer(1, state)).toBeUndefined();
  });

  it('repairs or drops unsafe fields instead of trusting them', () => {
    const peer = parsePeer(3, {
      user: { name: '  \u202eEve\u0000 ', color: 'red; background: url(//evil)' },
      file: '../../etc/passwd',
      selection: { anchor: { type: { client: 'x', clock: 1 } }, head: {} },
    })!;
    expect(peer).toEqual({ clientId: 3, name: 'Eve', color: fallbackColor(3) });
  });

  it('names anonymous peers and drops odd paths', () => {
    expect(parsePeer(4, { user: { name: 42 } })?.name).toBe('Anonymous');
    for (const file of ['/abs.ts', 'a//b.ts', './a.ts', 'a/\u0001.ts', 'x'.repeat(2000), 5, ''])
      expect(parsePeer(4, { user: { name: 'A' }, file })?.file).toBeUndefined();
  });

  it('rejects bad client ids', () => {
    expect(parsePeer(-1, { user: { name: 'A' } })).toBeUndefined();
    expect(parsePeer(1.5, { user: { name: 'A' } })).toBeUndefined();
  });

  it('lists everyone but this tab, sorted by name', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Me', color: '#111111' } }],
      [5, { user: { name: 'Zoe', color: '#222222' } }],
      [3, { user: { name: 'Ann', color: '#333333' } }],
      [9, { garbage: true }],
    ]);
    expect(peersFromStates(states, 1).map((p) => p.name)).toEqual(['Ann', 'Zoe']);
  });
});

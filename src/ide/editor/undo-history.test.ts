import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from '../../fs/blob-store';
import { Workspace } from '../../fs/workspace';
import { relativeSelection, type OffsetSelection } from './relative-selection';
import { isRemovedType, UndoHistories, type UndoTarget } from './undo-history';

function setup(files: Record<string, string> = { 'a.ts': 'hello' }) {
  const doc = new Y.Doc();
  const ws = new Workspace(doc, createMemoryBlobStore());
  for (const [p, t] of Object.entries(files)) ws.writeText(p, t);
  // captureTimeout 0: every transaction is its own undo step.
  return { doc, ws, undo: new UndoHistories(0) };
}

/** A stand-in for the y-monaco binding: its transactions carry it as origin, as MonacoBinding's do. */
function typist(ytext: Y.Text) {
  const origin = { name: 'binding' };
  return {
    origin,
    insert: (i: number, s: string) => ytext.doc!.transact(() => ytext.insert(i, s), origin),
    replace: (i: number, n: number, s: string) =>
      ytext.doc!.transact(() => {
        ytext.delete(i, n);
        ytext.insert(i, s);
      }, origin),
  };
}

/** An editor cursor as LiveBinding reports it: relative positions noted at each cursor move. */
function cursorTarget(undo: UndoHistories, ytext: Y.Text) {
  const restored: OffsetSelection[] = [];
  const moveTo = (anchor: number, head = anchor) =>
    undo.noteSelection(ytext, relativeSelection(ytext, { anchor, head }));
  const target: UndoTarget = {
    restoreSelection: (s) => {
      restored.push(s);
      moveTo(s.anchor, s.head);
    },
  };
  return { target, restored, moveTo };
}

/** A second replica (another person, another tab) whose updates arrive with their own origin. */
function peerOf(doc: Y.Doc) {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  peer.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u, 'provider'));
  doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'provider' && Y.applyUpdate(peer, u, 'local'));
  const entry = [...peer.getMap<Y.Map<unknown>>('files').values()][0];
  return entry.get('text') as Y.Text;
}

describe('UndoHistories', () => {
  it('undoes only the binding’s edits, not the IDE’s own writes or a peer’s', () => {
    const { doc, ws, undo } = setup();
    const ytext = ws.getYText('a.ts')!;
    const me = typist(ytext);
    undo.bind(ytext, me.origin, cursorTarget(undo, ytext).target);
    me.insert(5, ' world');
    ws.writeText('a.ts', 'hello world!'); // e.g. a quick fix, through the Workspace
    peerOf(doc).insert(0, '>');
    expect(ytext.toString()).toBe('>hello world!');

    expect(undo.undo(ytext)).toBe(true);
    expect(ytext.toString()).toBe('>hello!');
    expect(undo.undo(ytext)).toBe(false);
    expect(ytext.toString()).toBe('>hello!');
    expect(undo.redo(ytext)).toBe(true);
    expect(ytext.toString()).toBe('>hello world!');
  });

  it('never records local transactions without the binding as origin', () => {
    const { doc, ws, undo } = setup();
    const ytext = ws.getYText('a.ts')!;
    undo.bind(ytext, typist(ytext).origin, cursorTarget(undo, ytext).target);
    doc.transact(() => ytext.insert(0, 'x'));
    ytext.insert(0, 'y');
    expect(undo.undo(ytext)).toBe(false);
    expect(ytext.toString()).toBe('yxhello');
  });

  it('keeps a file’s history when it is unbound and bound again (switching files)', () => {
    const { ws, undo } = setup({ 'a.ts': 'a', 'b.ts': 'b' });
    const a = ws.getYText('a.ts')!;
    const b = ws.getYText('b.ts')!;
    const first = typist(a);
    const unbind = undo.bind(a, first.origin, cursorTarget(undo, a).target);
    first.insert(1, '1');
    unbind();
    // The old binding is gone: anything still tagged with it is not this person's typing any more.
    first.insert(2, '!');
    const inB = typist(b);
    undo.bind(b, inB.origin, cursorTarget(undo, b).target);
    inB.insert(1, '2');
    expect(undo.size).toBe(2);

    const second = typist(a); // a new binding for a.ts
    undo.bind(a, second.origin, cursorTarget(undo, a).target);
    expect(undo.undo(a)).toBe(true);
    expect(a.toString()).toBe('a!');
    expect(b.toString()).toBe('b2');
  });

  it('puts the cursor back where the change happened, even after others edited', () => {
    const { doc, ws, undo } = setup({ 'a.ts': 'abcz' });
    const ytext = ws.getYText('a.ts')!;
    const me = typist(ytext);
    const cursor = cursorTarget(undo, ytext);
    undo.bind(ytext, me.origin, cursor.target);
    cursor.moveTo(3);
    me.insert(3, 'd');
    cursor.moveTo(4);
    peerOf(doc).insert(0, 'XX');
    expect(ytext.toString()).toBe('XXabcdz');

    undo.undo(ytext);
    expect(ytext.toString()).toBe('XXabcz');
    expect(cursor.restored.at(-1)).toEqual({ anchor: 5, head: 5 });
    // Redo puts the cursor where it was right after the edit.
    cursor.moveTo(0); // wherever it is when Redo is pressed
    undo.redo(ytext);
    expect(ytext.toString()).toBe('XXabcdz');
    expect(cursor.restored.at(-1)).toEqual({ anchor: 6, head: 6 });
  });

  it('restores a backwards selection that was typed over', () => {
    const { ws, undo } = setup({ 'a.ts': 'abcz' });
    const ytext = ws.getYText('a.ts')!;
    const me = typist(ytext);
    const cursor = cursorTarget(undo, ytext);
    undo.bind(ytext, me.origin, cursor.target);
    cursor.moveTo(3, 1);
    me.replace(1, 2, 'X');
    cursor.moveTo(2);
    undo.undo(ytext);
    expect(ytext.toString()).toBe('abcz');
    expect(cursor.restored).toEqual([{ anchor: 3, head: 1 }]);
    undo.redo(ytext);
    expect(ytext.toString()).toBe('aXz');
    expect(cursor.restored.at(-1)).toEqual({ anchor: 2, head: 2 });
    // Undo after redo restores the original selection again.
    undo.undo(ytext);
    expect(cursor.restored.at(-1)).toEqual({ anchor: 3, head: 1 });
  });

  it('restores the selection from before the first edit of a merged step', () => {
    const { ws } = setup({ 'a.ts': '' });
    const undo = new UndoHistories(60_000);
    const ytext = ws.getYText('a.ts')!;
    const me = typist(ytext);
    const cursor = cursorTarget(undo, ytext);
    undo.bind(ytext, me.origin, cursor.target);
    for (const [i, ch] of [...'abc'].entries()) {
      cursor.moveTo(i);
      me.insert(i, ch);
    }
    cursor.moveTo(3);
    undo.undo(ytext);
    expect(ytext.toString()).toBe('');
    expect(cursor.restored).toEqual([{ anchor: 0, head: 0 }]);
    undo.redo(ytext);
    expect(ytext.toString()).toBe('abc');
    expect(cursor.restored.at(-1)).toEqual({ anchor: 3, head: 3 });
  });

  it('starts a new step when told to (the cursor moved)', () => {
    const { ws } = setup({ 'a.ts': '' });
    const undo = new UndoHistories(60_000);
    const ytext = ws.getYText('a.ts')!;
    const me = typist(ytext);
    undo.bind(ytext, me.origin, cursorTarget(undo, ytext).target);
    me.insert(0, 'a');
    undo.stopCapturing(ytext);
    me.insert(1, 'b');
    undo.undo(ytext);
    expect(ytext.toString()).toBe('a');
  });

  it('keeps the history through a rename and drops it when the file is deleted or becomes binary', async () => {
    const { ws, undo } = setup({ 'a.ts': 'a', 'b.ts': 'b' });
    const a = ws.getYText('a.ts')!;
    const b = ws.getYText('b.ts')!;
    for (const t of [a, b]) {
      const me = typist(t);
      undo.bind(t, me.origin, cursorTarget(undo, t).target);
      me.insert(1, '+');
    }
    ws.rename('a.ts', 'src/renamed.ts');
    expect(undo.prune()).toBe(0);
    expect(ws.getYText('src/renamed.ts')).toBe(a);
    expect(undo.undo(a)).toBe(true);
    expect(ws.readText('src/renamed.ts')).toBe('a');

    await ws.writeBinary('b.ts', new Uint8Array([1, 2]));
    expect(isRemovedType(b)).toBe(true);
    expect(undo.prune()).toBe(1);
    expect(undo.has(b)).toBe(false);

    ws.delete('src');
    expect(isRemovedType(a)).toBe(true);
    expect(undo.prune()).toBe(1);
    expect(undo.size).toBe(0);
  });

  it('stops listening to the document once destroyed', () => {
    const { doc, ws, undo } = setup();
    const ytext = ws.getYText('a.ts')!;
    const before = doc._observers.get('afterTransaction')?.size ?? 0;
    undo.manager(ytext);
    expect(doc._observers.get('afterTransaction')?.size).toBe(before + 1);
    undo.dispose();
    expect(doc._observers.get('afterTransaction')?.size ?? 0).toBe(before);
    expect(undo.size).toBe(0);
  });
});

describe('isRemovedType', () => {
  it('is true for a text outside any document and false for a live one', () => {
    expect(isRemovedType(new Y.Text('x'))).toBe(true);
    const { ws } = setup();
    expect(isRemovedType(ws.getYText('a.ts')!)).toBe(false);
  });
});

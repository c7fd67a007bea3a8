import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from './blob-store';
import type { ChangeBatch } from './types';
import { Workspace, WorkspaceError } from './workspace';

function setup() {
  const doc = new Y.Doc();
  const ws = new Workspace(doc, createMemoryBlobStore());
  const batches: ChangeBatch[] = [];
  ws.onChange((b) => batches.push(b));
  return { doc, ws, batches };
}

describe('Workspace', () => {
  it('creates, reads and updates text files', () => {
    const { ws, batches } = setup();
    ws.writeText('/src//main.ts', 'console.log(1)');
    expect(ws.readText('src/main.ts')).toBe('console.log(1)');
    expect(ws.kindOf('src/main.ts')).toBe('text');
    expect(ws.exists('src/main.ts')).toBe(true);
    expect(ws.folders()).toEqual(['src']);
    expect(batches.at(-1)).toEqual({
      local: true,
      events: [
        { type: 'folder-create', path: 'src' },
        { type: 'create', path: 'src/main.ts', kind: 'text' },
      ],
    });
    const id = ws.fileId('src/main.ts');
    ws.writeText('src/main.ts', 'console.log(2)');
    expect(ws.fileId('src/main.ts')).toBe(id);
    expect(ws.readText('src/main.ts')).toBe('console.log(2)');
    expect(batches.at(-1)?.events).toEqual([{ type: 'update', path: 'src/main.ts' }]);
  });

  it('writes many files as one change batch, or nothing when one conflicts', async () => {
    const { ws, batches } = setup();
    ws.writeText('data/a.txt', 'old');
    const id = ws.fileId('data/a.txt');
    await ws.writeFiles({ 'data/a.txt': 'new\r\n', 'data/b.bin': new Uint8Array([0, 255]), 'data/sub/c.txt': 'c' });
    expect(batches).toHaveLength(2);
    expect(ws.fileId('data/a.txt')).toBe(id);
    expect(ws.readText('data/a.txt')).toBe('new\n');
    expect(await ws.readBinary('data/b.bin')).toEqual(new Uint8Array([0, 255]));
    expect(ws.statSize('data/b.bin')).toBe(2);
    expect(ws.readText('data/sub/c.txt')).toBe('c');
    await expect(ws.writeFiles({ 'x.txt': 'x', 'data/a.txt/d.txt': 'd' })).rejects.toThrow(WorkspaceError);
    await expect(ws.writeFiles({ 'y.txt': 'y', 'y.txt/z.txt': 'z' })).rejects.toThrow(/is a file/);
    expect(ws.exists('x.txt')).toBe(false);
    expect(ws.exists('y.txt')).toBe(false);
    expect(batches).toHaveLength(2);
  });

  it('normalises line endings to LF', () => {
    const { ws } = setup();
    ws.writeText('a.txt', 'one\r\ntwo\rthree\n');
    expect(ws.readText('a.txt')).toBe('one\ntwo\nthree\n');
  });

  it('keeps the Y.Text when overwriting, changing only the middle', () => {
    const { ws } = setup();
    ws.writeText('a.txt', 'hello 😀 world');
    const ytext = ws.getYText('a.txt');
    ws.writeText('a.txt', 'hello 😁 world');
    expect(ws.getYText('a.txt')).toBe(ytext);
    expect(ws.readText('a.txt')).toBe('hello 😁 world');
  });

  it('reports Y.Text edits (as y-monaco makes them) as updates', () => {
    const { ws, batches } = setup();
    ws.writeText('a.ts', 'x');
    ws.getYText('a.ts')!.insert(1, 'y');
    expect(batches.at(-1)).toEqual({ local: true, events: [{ type: 'update', path: 'a.ts' }] });
  });

  it('renames a file keeping its id', () => {
    const { ws, batches } = setup();
    ws.writeText('src/a.ts', 'a');
    const id = ws.fileId('src/a.ts');
    ws.rename('src/a.ts', 'lib/b.ts');
    expect(ws.fileId('lib/b.ts')).toBe(id);
    expect(ws.exists('src/a.ts')).toBe(false);
    expect(ws.readText('lib/b.ts')).toBe('a');
    // The emptied folder stays, as in a file manager.
    expect(ws.folders()).toEqual(['lib', 'src']);
    expect(batches.at(-1)?.events).toEqual([
      { type: 'folder-create', path: 'lib' },
      { type: 'rename', from: 'src/a.ts', to: 'lib/b.ts' },
    ]);
  });

  it('renames a folder, moving its children and subfolders with their ids', () => {
    const { ws, batches } = setup();
    ws.writeText('src/a.ts', 'a');
    ws.writeText('src/deep/b.ts', 'b');
    ws.createFolder('src/empty');
    ws.writeText('srcx.ts', 'not inside');
    const ids = [ws.fileId('src/a.ts'), ws.fileId('src/deep/b.ts')];
    ws.rename('src', 'app/code');
    expect([ws.fileId('app/code/a.ts'), ws.fileId('app/code/deep/b.ts')]).toEqual(ids);
    expect(ws.list().map((f) => f.path)).toEqual(['app/code/a.ts', 'app/code/deep/b.ts', 'srcx.ts']);
    expect(ws.folders()).toEqual(['app', 'app/code', 'app/code/deep', 'app/code/empty']);
    const events = batches.at(-1)!.events;
    expect(events).toContainEqual({ type: 'rename', from: 'src/a.ts', to: 'app/code/a.ts' });
    expect(events).toContainEqual({ type: 'folder-delete', path: 'src/empty' });
    expect(events).toContainEqual({ type: 'folder-create', path: 'app/code/empty' });
    expect(() => ws.rename('app', 'app/inner')).toThrow(/into itself/);
  });

  it('deletes files and folders recursively', () => {
    const { ws, batches } = setup();
    ws.writeText('src/a.ts', 'a');
    ws.writeText('src/x/b.ts', 'b');
    ws.writeText('keep.ts', 'k');
    ws.delete('src/a.ts');
    expect(ws.exists('src/a.ts')).toBe(false);
    ws.delete('src');
    expect(ws.list().map((f) => f.path)).toEqual(['keep.ts']);
    expect(ws.folders()).toEqual([]);
    expect(batches.at(-1)?.events).toEqual([
      { type: 'delete', path: 'src/x/b.ts' },
      { type: 'folder-delete', path: 'src/x' },
      { type: 'folder-delete', path: 'src' },
    ]);
    expect(() => ws.delete('nope.ts')).toThrow(WorkspaceError);
  });

  it('keeps empty folders and the folder of a deleted file', () => {
    const { ws } = setup();
    ws.createFolder('empty/inner');
    expect(ws.folders()).toEqual(['empty', 'empty/inner']);
    ws.writeText('lib/only.ts', '');
    ws.delete('lib/only.ts');
    expect(ws.isFolder('lib')).toBe(true);
    ws.createFolder('empty/inner'); // already there: no error
  });

  it('refuses colliding writes with clear errors', () => {
    const { ws } = setup();
    ws.writeText('a.ts', 'a');
    ws.writeText('b.ts', 'b');
    ws.writeText('dir/c.ts', 'c');
    expect(() => ws.rename('a.ts', 'b.ts')).toThrow('"b.ts" already exists');
    expect(() => ws.rename('a.ts', 'dir')).toThrow(/already exists/);
    expect(() => ws.writeText('dir', 'x')).toThrow(/a folder with that name exists/);
    expect(() => ws.writeText('a.ts/x.ts', 'x')).toThrow(/"a.ts" is a file/);
    expect(() => ws.createFolder('b.ts')).toThrow(/a file with that name exists/);
    expect(() => ws.rename('missing.ts', 'z.ts')).toThrow(/no such file/);
    expect(() => ws.writeText('../escape.ts', '')).toThrow(/leaves the project/);
    // Nothing was lost or changed.
    expect(ws.list().map((f) => [f.path, ws.readText(f.path)])).toEqual([
      ['a.ts', 'a'],
      ['b.ts', 'b'],
      ['dir/c.ts', 'c'],
    ]);
  });

  it('handles unicode and spaces in names', () => {
    const { ws } = setup();
    ws.writeText('src/My Component/Grüße 😀.tsx', 'x');
    ws.rename('src/My Component', 'src/Ünïcode folder');
    expect(ws.readText('src/Ünïcode folder/Grüße 😀.tsx')).toBe('x');
    expect(ws.folders()).toContain('src/Ünïcode folder');
  });

  it('stores binary files by hash and reports their size', async () => {
    const { ws, doc } = setup();
    const bytes = new Uint8Array([137, 80, 78, 71, 0, 255]);
    await ws.writeBinary('public/icon.png', bytes);
    expect(ws.kindOf('public/icon.png')).toBe('binary');
    expect(ws.statSize('public/icon.png')).toBe(6);
    expect(await ws.readBinary('public/icon.png')).toEqual(bytes);
    expect(ws.readText('public/icon.png')).toBeUndefined();
    const entry = doc.getMap<Y.Map<unknown>>('files').get(ws.fileId('public/icon.png')!)!;
    expect(entry.get('hash')).toMatch(/^[0-9a-f]{64}$/);
    ws.writeText('a.txt', 'é');
    expect(ws.statSize('a.txt')).toBe(2);
    expect(await ws.readBinary('a.txt')).toEqual(new Uint8Array([0xc3, 0xa9]));
  });

  it('reports remote updates with local=false, identically to local ones', () => {
    const a = setup();
    const remoteDoc = new Y.Doc();
    const b = new Workspace(remoteDoc, createMemoryBlobStore());
    const remoteBatches: ChangeBatch[] = [];
    b.onChange((batch) => remoteBatches.push(batch));
    a.doc.on('update', (u: Uint8Array) => Y.applyUpdate(remoteDoc, u));
    a.ws.writeText('src/a.ts', 'a');
    a.ws.rename('src/a.ts', 'src/b.ts');
    expect(b.readText('src/b.ts')).toBe('a');
    expect(remoteBatches.map((x) => x.local)).toEqual([false, false]);
    expect(remoteBatches.map((x) => x.events)).toEqual(a.batches.map((x) => x.events));
  });

  it('picks one file deterministically when peers create the same path concurrently', () => {
    const d1 = new Y.Doc();
    const d2 = new Y.Doc();
    const w1 = new Workspace(d1, createMemoryBlobStore());
    const w2 = new Workspace(d2, createMemoryBlobStore());
    w1.writeText('a.ts', 'one');
    w2.writeText('a.ts', 'two');
    Y.applyUpdate(d1, Y.encodeStateAsUpdate(d2));
    Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1));
    expect(w1.list()).toHaveLength(1);
    expect(w1.readText('a.ts')).toBe(w2.readText('a.ts'));
  });
});

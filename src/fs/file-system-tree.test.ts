import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from './blob-store';
import { fromFileSystemTree, toFileSystemTree } from './file-system-tree';
import { Workspace } from './workspace';

describe('FileSystemTree import/export', () => {
  it('round-trips text, binary and empty folders', async () => {
    const ws = new Workspace(new Y.Doc(), createMemoryBlobStore());
    ws.writeText('index.html', '<h1>hi</h1>');
    ws.writeText('src/main.ts', 'export {}');
    await ws.writeBinary('public/icon.png', new Uint8Array([1, 2, 3]));
    ws.createFolder('empty');
    const tree = await toFileSystemTree(ws);
    expect(tree).toEqual({
      'index.html': { file: { contents: '<h1>hi</h1>' } },
      src: { directory: { 'main.ts': { file: { contents: 'export {}' } } } },
      public: { directory: { 'icon.png': { file: { contents: new Uint8Array([1, 2, 3]) } } } },
      empty: { directory: {} },
    });
    const flat = fromFileSystemTree(tree);
    expect(flat).toEqual({
      'index.html': '<h1>hi</h1>',
      'src/main.ts': 'export {}',
      'public/icon.png': new Uint8Array([1, 2, 3]),
    });
    expect(flat['public/icon.png']).toBeInstanceOf(Uint8Array);
  });

  it('rejects bad shapes with errors that name the path', () => {
    expect(() => fromFileSystemTree({ a: { file: { symlink: '../b' } } })).toThrow('"a": symlinks are not supported');
    expect(() => fromFileSystemTree({ d: { directory: { x: { file: { contents: 5 } } } } })).toThrow(
      '"d/x": contents must be',
    );
    expect(() => fromFileSystemTree({ x: { file: { contents: '' }, directory: {} } })).toThrow(/exactly one/);
    expect(() => fromFileSystemTree({ 'a/b': { file: { contents: '' } } })).toThrow(/invalid file name/);
    expect(() => fromFileSystemTree({ '..': { directory: {} } })).toThrow(/invalid file name/);
    expect(() => fromFileSystemTree({ d: { directory: [] } })).toThrow(/must be an object/);
    expect(() => fromFileSystemTree(null)).toThrow(/The tree/);
    expect(() => fromFileSystemTree({ x: 'text' })).toThrow(/expected \{ file \}/);
  });
});

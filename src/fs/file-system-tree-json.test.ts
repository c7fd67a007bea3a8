import { describe, expect, it } from 'vitest';
import { fromFileSystemTree } from './file-system-tree';
import { fileSystemTreeFromJson, fileSystemTreeToJson } from './file-system-tree-json';

describe('FileSystemTree JSON', () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 128, 10]);
  const tree = {
    'index.html': { file: { contents: '<h1>hé</h1>\n' } },
    src: { directory: { 'main.ts': { file: { contents: 'export {}' } } } },
    public: { directory: { 'icon.png': { file: { contents: bytes } } } },
    empty: { directory: {} },
  };

  it('writes text as strings and binary files as base64 with an encoding marker', () => {
    const json = JSON.parse(fileSystemTreeToJson(tree)) as Record<string, unknown>;
    expect(json).toEqual({
      'index.html': { file: { contents: '<h1>hé</h1>\n' } },
      src: { directory: { 'main.ts': { file: { contents: 'export {}' } } } },
      public: { directory: { 'icon.png': { file: { contents: 'iVBORwD/gAo=', encoding: 'base64' } } } },
      empty: { directory: {} },
    });
  });

  it('round-trips, binary files back to the same bytes', () => {
    const back = fileSystemTreeFromJson(fileSystemTreeToJson(tree));
    expect(back).toEqual(tree);
    const flat = fromFileSystemTree(back);
    expect(flat['public/icon.png']).toBeInstanceOf(Uint8Array);
    expect([...(flat['public/icon.png'] as Uint8Array)]).toEqual([...bytes]);
  });

  it('accepts a plain FileSystemTree with string contents', () => {
    const plain = '{"a.txt":{"file":{"contents":"hi"}},"d":{"directory":{"b.js":{"file":{"contents":"1"}}}}}';
    expect(fromFileSystemTree(fileSystemTreeFromJson(plain))).toEqual({ 'a.txt': 'hi', 'd/b.js': '1' });
  });

  it('rejects what is not JSON or not a tree, in plain words', () => {
    expect(() => fileSystemTreeFromJson('{oops')).toThrow(/not valid JSON/);
    expect(() => fileSystemTreeFromJson('[1,2]')).toThrow(/expected a JSON object/);
    expect(() => fileSystemTreeFromJson('"x"')).toThrow(/expected a JSON object/);
    expect(() => fileSystemTreeFromJson('{"a":{"file":{"contents":"%%%","encoding":"base64"}}}')).toThrow(
      '"a": contents are not valid base64',
    );
    expect(() => fileSystemTreeFromJson('{"a":{"file":{"contents":"x","encoding":"hex"}}}')).toThrow(
      /unknown encoding "hex"/,
    );
    expect(() => fileSystemTreeFromJson('{"d":{"directory":{"a":{"file":{"contents":3}}}}}')).toThrow(
      '"d/a": contents must be a string',
    );
    expect(() => fileSystemTreeFromJson('{"d":{"directory":[]}}')).toThrow(/folder must be an object/);
    // Shapes that are not files are named by fromFileSystemTree.
    expect(() => fromFileSystemTree(fileSystemTreeFromJson('{"l":{"file":{"symlink":"x"}}}'))).toThrow(/symlinks/);
    expect(() => fromFileSystemTree(fileSystemTreeFromJson('{"x":5}'))).toThrow(/expected \{ file \}/);
  });
});

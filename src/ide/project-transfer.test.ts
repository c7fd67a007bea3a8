import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from '../fs/blob-store';
import { Workspace } from '../fs/workspace';
import { zipSync } from 'fflate';
import {
  describeSkipped,
  exportProjectJson,
  exportProjectZip,
  fileNameFor,
  importProjectFile,
  importProjectFolder,
  titleFromFileName,
} from './project-transfer';

function fileOf(name: string, contents: string | Uint8Array) {
  const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
  return {
    name,
    size: bytes.length,
    text: () => Promise.resolve(new TextDecoder().decode(bytes)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
}

function fakeStore() {
  const created: { title: string; files: Record<string, string | Uint8Array> }[] = [];
  return {
    created,
    create(input: { title: string; files: Record<string, string | Uint8Array> }) {
      created.push(input);
      return Promise.resolve({ id: 'p1234', title: input.title, createdAt: 0, updatedAt: 0 });
    },
  };
}

describe('project export and import', () => {
  it('imports what it exports as a new project with the same files', async () => {
    const ws = new Workspace(new Y.Doc(), createMemoryBlobStore());
    ws.writeText('index.html', '<p>hi</p>');
    ws.writeText('src/main.ts', 'console.log(1)');
    await ws.writeBinary('public/icon.png', new Uint8Array([137, 80, 78, 71, 0, 255]));
    const { fileName, json } = await exportProjectJson(ws, 'My app: v2');
    expect(fileName).toBe('My app- v2.json');

    const store = fakeStore();
    const { meta } = await importProjectFile(store, fileOf(fileName, json));
    expect(meta.title).toBe('My app- v2');
    expect(store.created[0].files).toEqual({
      'index.html': '<p>hi</p>',
      'src/main.ts': 'console.log(1)',
      'public/icon.png': new Uint8Array([137, 80, 78, 71, 0, 255]),
    });
  });

  it('creates nothing for a broken or empty file, and says why', async () => {
    const store = fakeStore();
    await expect(importProjectFile(store, fileOf('x.json', '{"a": {'))).rejects.toThrow(
      /"x.json" is not a Cove project export: The file is not valid JSON/,
    );
    await expect(importProjectFile(store, fileOf('x.json', '{"a": {"file": {}}}'))).rejects.toThrow(
      /"a": contents must be a string or a Uint8Array/,
    );
    await expect(importProjectFile(store, fileOf('x.json', '{}'))).rejects.toThrow(/has no files/);
    await expect(importProjectFile(store, { ...fileOf('big.json', ''), size: 1e12 })).rejects.toThrow(/larger than/);
    expect(store.created).toEqual([]);
  });

  it('imports what it exports as a zip, text as text and binary as bytes', async () => {
    const ws = new Workspace(new Y.Doc(), createMemoryBlobStore());
    ws.writeText('index.html', '<p>hi</p>');
    await ws.writeBinary('public/icon.png', new Uint8Array([137, 80, 78, 71, 0, 255]));
    const { fileName, bytes } = await exportProjectZip(ws, 'Zipped', Date.UTC(2025, 0, 1));
    expect(fileName).toBe('Zipped.zip');
    const store = fakeStore();
    // Recognised by its bytes too, whatever the name says.
    const { meta } = await importProjectFile(store, fileOf('download', bytes));
    expect(meta.title).toBe('download');
    expect(store.created[0].files).toEqual({
      'index.html': '<p>hi</p>',
      'public/icon.png': new Uint8Array([137, 80, 78, 71, 0, 255]),
    });
  });

  it('leaves node_modules and .git out of a zip and says so; refuses a zip slip', async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const store = fakeStore();
    const zip = zipSync({ 'app/a.js': enc('1'), 'app/node_modules/x/i.js': enc('2'), 'app/.git/HEAD': enc('3') });
    const { skipped } = await importProjectFile(store, fileOf('app.zip', zip));
    expect(store.created[0]).toEqual({ title: 'app', files: { 'a.js': '1' } });
    expect(describeSkipped(skipped)).toMatch(/node_modules\/ is skipped.*; \.git\/ is skipped\.$/);
    await expect(
      importProjectFile(store, fileOf('evil.zip', zipSync({ 'a.js': enc('1'), '../evil': enc('x') }))),
    ).rejects.toThrow(/"evil.zip": The zip is refused: the entry "..\/evil" points outside the project folder/);
    expect(store.created).toHaveLength(1);
  });

  it('imports a folder without node_modules and .git, and refuses one that is too big', async () => {
    const store = fakeStore();
    const blob = (t: string | Uint8Array) => new Blob([t as BlobPart]);
    const { meta, skipped } = await importProjectFolder(store, {
      name: 'site',
      files: [
        { path: 'index.html', file: blob('<h1>x</h1>') },
        { path: 'img/a.png', file: blob(new Uint8Array([1, 0, 2])) },
        { path: 'node_modules/x/index.js', file: blob('nope') },
        { path: '.DS_Store', file: blob('junk') },
      ],
      skipped: [{ path: '.git/', reason: '.git/ is skipped' }],
    });
    expect(meta.title).toBe('site');
    expect(store.created[0].files).toEqual({ 'index.html': '<h1>x</h1>', 'img/a.png': new Uint8Array([1, 0, 2]) });
    expect(skipped.map((s) => s.path)).toEqual(['.git/', 'node_modules/x/index.js', '.DS_Store']);
    const huge = { size: 60 * 1024 * 1024 } as Blob;
    await expect(importProjectFolder(store, { name: 'big', files: [{ path: 'a.bin', file: huge }] })).rejects.toThrow(
      /"a.bin" is larger than 50 MB/,
    );
    await expect(
      importProjectFolder(store, { name: 'empty', files: [{ path: '.git/HEAD', file: blob('x') }] }),
    ).rejects.toThrow(/"empty" has no files to import/);
    expect(store.created).toHaveLength(1);
  });

  it('makes safe file names and titles', () => {
    expect(fileNameFor('a/b\\c?')).toBe('a-b-c-');
    expect(fileNameFor(' .. ')).toBe('project');
    expect(titleFromFileName('Todo (1).JSON')).toBe('Todo (1)');
    expect(titleFromFileName('.json')).toBe('Imported project');
    expect(titleFromFileName('my-app-main.ZIP')).toBe('my-app-main');
  });
});

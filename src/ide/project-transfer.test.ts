import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryBlobStore } from '../fs/blob-store';
import { Workspace } from '../fs/workspace';
import { exportProjectJson, fileNameFor, importProjectFile, titleFromFileName } from './project-transfer';

function fileOf(name: string, text: string) {
  return { name, size: text.length, text: () => Promise.resolve(text) };
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
    const meta = await importProjectFile(store, fileOf(fileName, json));
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
    await expect(
      importProjectFile(store, { name: 'big.json', size: 1e12, text: () => Promise.reject(new Error('read')) }),
    ).rejects.toThrow(/larger than/);
    expect(store.created).toEqual([]);
  });

  it('makes safe file names and titles', () => {
    expect(fileNameFor('a/b\\c?')).toBe('a-b-c-');
    expect(fileNameFor(' .. ')).toBe('project');
    expect(titleFromFileName('Todo (1).JSON')).toBe('Todo (1)');
    expect(titleFromFileName('.json')).toBe('Imported project');
  });
});

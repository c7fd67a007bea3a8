import { describe, expect, it } from 'vitest';
import type { FromBundler, PreviewResponse } from '../shared/protocol';
import { CompileCache, type MemoEntry } from './compile-cache';
import { parseSnapshot, type SnapshotStore } from './compiled-snapshot';
import { ProjectServer } from './project-server';
import { MemoryFiles } from './testing/memory-files';
import { nodeEsbuild } from './testing/node-esbuild';

function memoryStore() {
  const records = new Map<string, MemoEntry[]>();
  let saves = 0;
  const store: SnapshotStore = {
    load: async (id) => records.get(id) ?? [],
    save: async (id, entries) => {
      saves++;
      records.set(id, structuredClone(entries));
    },
  };
  return { store, records, saves: () => saves };
}

async function serverOver(files: MemoryFiles, snapshots: SnapshotStore) {
  const posted: FromBundler[] = [];
  const server = new ProjectServer({
    projectId: 'p1',
    files,
    esbuild: nodeEsbuild(),
    cache: new CompileCache(),
    post: (m) => posted.push(m),
    snapshots,
  });
  let id = 1;
  const get = async (url: string): Promise<string> => {
    const res: PreviewResponse = await server.handle({
      type: 'fetch',
      id: id++,
      url,
      destination: 'script',
      navigate: false,
    });
    expect(res.status).toBe(200);
    return typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
  };
  const compiled = () => posted.flatMap((m) => (m.type === 'compiled' ? [m.path] : []));
  return { server, get, compiled };
}

const FILES = {
  'src/a.ts': 'export const a: number = 1;\n',
  'src/b.ts': "import { a } from './a';\nexport const b = (): number => a + 1;\n",
  'src/env.ts': 'export const mode = import.meta.env.MODE;\n',
};

describe('compiled snapshot', () => {
  it('saves a project once compiling is quiet, and a later visit serves unchanged modules from it', async () => {
    const { store, records, saves } = memoryStore();
    const first = await serverOver(new MemoryFiles(FILES), store);
    for (const url of ['/src/a.ts', '/src/b.ts', '/src/env.ts']) await first.get(url);
    expect(first.compiled().sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/env.ts']);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(saves()).toBe(1);
    expect(
      records
        .get('p1')
        ?.map((e) => e.slot.split('\0').pop())
        .sort(),
    ).toEqual(['src/a.ts', 'src/b.ts', 'src/env.ts']);
    first.server.dispose();

    // A new worker: a.ts unchanged, b.ts edited since.
    const files = new MemoryFiles(FILES);
    files.write('src/b.ts', "import { a } from './a';\nexport const b = (): number => a + 2;\n");
    const second = await serverOver(files, store);
    expect(await second.get('/src/a.ts')).toContain('export const a = 1');
    expect(await second.get('/src/env.ts')).toContain('"development"');
    expect(await second.get('/src/b.ts')).toContain('a + 2');
    expect(second.compiled()).toEqual(['src/b.ts']);
    second.server.dispose();
  });

  it('keeps only well-formed, successful entries of its own format', () => {
    const good = {
      slot: 'p1\0script\0a.ts',
      optionsKey: 'k',
      source: 's',
      output: { code: 'c', warnings: [], errors: [] },
    };
    const failed = {
      ...good,
      output: { ...good.output, errors: [{ file: 'a.ts', line: 1, column: 1, message: 'x', severity: 'error' }] },
    };
    expect(parseSnapshot({ format: 'cove-compiled-1', entries: [good, failed, { slot: 1 }, null] })).toEqual([good]);
    expect(parseSnapshot({ format: 'other', entries: [good] })).toEqual([]);
    expect(parseSnapshot(undefined)).toEqual([]);
  });
});

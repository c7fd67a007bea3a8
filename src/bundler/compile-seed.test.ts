import { describe, expect, it } from 'vitest';
import { readTemplate } from '../../scripts/compile-seed';
import type { FromBundler } from '../shared/protocol';
import { CompileCache, type CompileOutput } from './compile-cache';
import { SEED_FORMAT, loadCompileSeed, parseCompileSeed } from './compile-seed';
import { buildCompileSeed } from './compile-seed-builder';
import type { EsbuildApi } from './loaders/types';
import { ProjectServer } from './project-server';
import { fileUrl } from './resolve';
import { MemoryFiles } from './testing/memory-files';
import { nodeEsbuild } from './testing/node-esbuild';

const TEMPLATE = readTemplate(new URL('../../templates/vanilla-ts', import.meta.url).pathname);

/** esbuild that counts calls and either throws or delegates to Node's esbuild-wasm. */
function countingEsbuild(real?: EsbuildApi): { api: EsbuildApi; calls: () => number } {
  let calls = 0;
  const call = <T>(run: (api: EsbuildApi) => Promise<T>): Promise<T> => {
    calls++;
    return real ? run(real) : Promise.reject(new Error('esbuild must not be called: the seed should answer'));
  };
  const api: EsbuildApi = {
    transform: ((...args: Parameters<EsbuildApi['transform']>) =>
      call((e) => e.transform(...args))) as EsbuildApi['transform'],
    build: ((...args: Parameters<EsbuildApi['build']>) => call((e) => e.build(...args))) as EsbuildApi['build'],
  };
  return { api, calls: () => calls };
}

function seededServer(files: MemoryFiles, entries: Record<string, CompileOutput>, esbuild: EsbuildApi) {
  const posted: FromBundler[] = [];
  const seed = loadCompileSeed(async () => ({ format: SEED_FORMAT, entries }));
  const noStore = { get: async () => undefined, set: async () => {} };
  const server = new ProjectServer({
    projectId: 'p1',
    files,
    esbuild: Promise.resolve(esbuild),
    cache: new CompileCache(noStore, undefined, seed),
    post: (m) => posted.push(m),
  });
  return { server, posted };
}

let nextId = 1;
const fetchAs = (server: ProjectServer, path: string, destination: string) =>
  server.handle({ type: 'fetch', id: nextId++, url: fileUrl(path), destination, navigate: false });

describe('compile seed', () => {
  it('serves every file of the unmodified template without calling esbuild', async () => {
    const entries = await buildCompileSeed(TEMPLATE, await nodeEsbuild());
    // What needs esbuild (features.module.css); scripts and JSON take the fast path and are not stored.
    expect(Object.keys(entries).length).toBeGreaterThanOrEqual(1);
    const esbuild = countingEsbuild();
    const { server, posted } = seededServer(new MemoryFiles(TEMPLATE), entries, esbuild.api);
    // tsconfig.json is JSONC: as a JSON module it fails, and failed compiles are never stored (nor imported).
    for (const path of Object.keys(TEMPLATE).filter((p) => p !== 'tsconfig.json')) {
      for (const destination of path.endsWith('.css') ? ['script', 'style'] : ['script']) {
        const res = await fetchAs(server, path, destination);
        expect(res.status, `${path} as ${destination}`).toBe(200);
        const body = typeof res.body === 'string' ? res.body : '';
        expect(body, path).not.toContain('esbuild must not be called');
      }
    }
    expect(esbuild.calls()).toBe(0);
    const seeded = posted.filter((m) => m.type === 'compiled').map((m) => m.type === 'compiled' && m.path);
    expect(seeded).toEqual(expect.arrayContaining(['src/main.ts', 'src/data.json', 'src/features.module.css']));
    const main = await fetchAs(server, 'src/main.ts', 'script');
    expect(main.body).toContain('/src/counter.ts');
  });

  it('misses for a changed file, which is compiled as usual (esbuild only where the fast path declines)', async () => {
    const entries = await buildCompileSeed(TEMPLATE, await nodeEsbuild());
    const files = new MemoryFiles(TEMPLATE);
    files.write('src/counter.ts', `${TEMPLATE['src/counter.ts'] as string}\nexport const changed = 1;\n`);
    files.write(
      'src/greeting.ts',
      `${TEMPLATE['src/greeting.ts'] as string}\nexport const mode = import.meta.env.MODE;\n`,
    );
    const esbuild = countingEsbuild(await nodeEsbuild());
    const { server } = seededServer(files, entries, esbuild.api);
    expect((await fetchAs(server, 'src/features.ts', 'script')).status).toBe(200);
    expect(esbuild.calls()).toBe(0);
    const res = await fetchAs(server, 'src/counter.ts', 'script');
    expect(res.status).toBe(200);
    expect(res.body).toContain('changed = 1');
    expect(esbuild.calls()).toBe(0);
    // `import.meta.env` needs esbuild's defines.
    const greeting = await fetchAs(server, 'src/greeting.ts', 'script');
    expect(greeting.body).toContain('"development"');
    expect(greeting.body).not.toContain('import.meta.env');
    expect(esbuild.calls()).toBe(1);
  });

  it('never blocks on a seed that fails or hangs', async () => {
    const failed = loadCompileSeed(() => Promise.reject(new Error('offline')), 60_000);
    expect(await failed.get('any')).toBeUndefined();
    const hung = loadCompileSeed(() => new Promise(() => {}), 50);
    const t0 = performance.now();
    expect(await hung.get('any')).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('rejects a file of another format and drops malformed entries', () => {
    expect(() => parseCompileSeed({ format: 'other', entries: {} })).toThrow(/format/);
    const good: CompileOutput = { code: 'x', warnings: [], errors: [] };
    const map = parseCompileSeed({ format: SEED_FORMAT, entries: { a: good, b: { code: 1 } } });
    expect([...map.keys()]).toEqual(['a']);
  });
});

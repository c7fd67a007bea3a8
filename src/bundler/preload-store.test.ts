import { expect, it } from 'vitest';
import type { PreviewResponse } from '../shared/protocol';
import { CompileCache } from './compile-cache';
import type { EsbuildApi } from './loaders/types';
import type { PagePreloads, PreloadStore } from './preload-store';
import { isPagePreloads } from './preload-store';
import { ProjectServer } from './project-server';
import { MemoryFiles } from './testing/memory-files';
import { nodeEsbuild } from './testing/node-esbuild';

const PAGE = '<!doctype html><html><head></head><body><script type="module" src="/src/main.ts"></script></body></html>';
const FILES = {
  'index.html': PAGE,
  'src/main.ts': "import { x } from './util';\nconsole.log(x);\n",
  'src/util.ts': 'export const x: number = 1;\n',
};

function memoryStore(): PreloadStore & { saved: Map<string, PagePreloads> } {
  const saved = new Map<string, PagePreloads>();
  return { saved, load: async (id) => saved.get(id) ?? {}, save: async (id, p) => void saved.set(id, p) };
}

async function server(store: PreloadStore) {
  const esbuild = (await nodeEsbuild()) as unknown as EsbuildApi;
  return new ProjectServer({
    projectId: 'p1',
    files: new MemoryFiles(FILES),
    esbuild: Promise.resolve(esbuild),
    cache: new CompileCache(),
    post: () => undefined,
    preloads: store,
  });
}

let id = 1;
const fetchText = async (s: ProjectServer, url: string, destination: string, navigate = false) => {
  const res: PreviewResponse = await s.handle({ type: 'fetch', id: id++, url, destination, navigate });
  return typeof res.body === 'string' ? res.body : new TextDecoder().decode(res.body);
};

it('a second visit (a new worker) preloads the modules the page loaded on the first', async () => {
  const store = memoryStore();
  const first = await server(store);
  expect(await fetchText(first, '/', 'document', true)).not.toContain('modulepreload');
  await fetchText(first, '/src/main.ts', 'script');
  await fetchText(first, '/src/util.ts', 'script');
  await expect
    .poll(() => store.saved.get('p1')?.['index.html'], { timeout: 3000 })
    .toEqual(['/src/main.ts', '/src/util.ts']);
  first.dispose();

  const second = await server(store);
  const html = await fetchText(second, '/', 'document', true);
  expect(html).toContain(
    '<link rel="modulepreload" href="/src/main.ts"><link rel="modulepreload" href="/src/util.ts">',
  );
  second.dispose();
});

it('a stored list of another shape is ignored', () => {
  expect(isPagePreloads({ 'index.html': ['/a.ts'] })).toBe(true);
  expect(isPagePreloads({ 'index.html': [1] })).toBe(false);
  expect(isPagePreloads('nope')).toBe(false);
});

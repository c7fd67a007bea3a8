/**
 * Builds a template's compile seed by serving every file of it through a real ProjectServer,
 * the way a preview would request it, and recording what the CompileCache persists. Runs in
 * Node at build time with esbuild-wasm's Node build; nothing here is browser-specific.
 */
import type { PreviewRequest } from '../shared/protocol';
import { CompileCache, type CompileOutput, type PersistentStore } from './compile-cache';
import type { EsbuildApi } from './loaders/types';
import { ProjectServer } from './project-server';
import { fileUrl } from './resolve';
import { MemoryFiles } from './testing/memory-files';

/** The requests a preview may make for `path`: as a module, as a stylesheet, as a page. */
function requestsFor(path: string): Omit<PreviewRequest, 'id'>[] {
  const url = fileUrl(path);
  const asModule = { type: 'fetch' as const, url, destination: 'script', navigate: false };
  if (path.endsWith('.css')) return [asModule, { ...asModule, destination: 'style' }];
  if (path.endsWith('.html')) return [asModule, { ...asModule, destination: 'document', navigate: true }];
  return [asModule];
}

/** Every cache entry (key -> output) that serving `files` would persist. */
export async function buildCompileSeed(
  files: Record<string, string | Uint8Array>,
  esbuild: EsbuildApi,
): Promise<Record<string, CompileOutput>> {
  const entries: Record<string, CompileOutput> = {};
  const store: PersistentStore = {
    get: async () => undefined,
    set: async (key, value) => void (entries[key] = value),
  };
  const server = new ProjectServer({
    projectId: 'seed',
    files: new MemoryFiles(files),
    esbuild: Promise.resolve(esbuild),
    cache: new CompileCache(store),
    post: () => {},
  });
  try {
    let id = 0;
    const requests = Object.keys(files).flatMap(requestsFor);
    await Promise.all(requests.map((req) => server.handle({ ...req, id: ++id })));
  } finally {
    server.dispose();
  }
  // Stable order, so an unchanged template gives a byte-identical seed (and asset hash).
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1)));
}

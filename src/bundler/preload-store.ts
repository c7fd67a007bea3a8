/**
 * The modules each page of a project loaded last time, kept across visits: a second visit's HTML
 * then lists them all as `modulepreload`, so the browser asks for the whole graph at once instead
 * of discovering it one import level at a time.
 */
import { createStore, get, set } from 'idb-keyval';

export type PagePreloads = Record<string, string[]>;

export interface PreloadStore {
  load(projectId: string): Promise<PagePreloads>;
  save(projectId: string, preloads: PagePreloads): Promise<void>;
}

export function idbPreloadStore(): PreloadStore {
  const store = createStore('cove-bundler-preloads', 'pages');
  return {
    load: async (projectId) => {
      const v: unknown = await get(projectId, store);
      return isPagePreloads(v) ? v : {};
    },
    save: (projectId, preloads) => set(projectId, preloads, store),
  };
}

export function isPagePreloads(v: unknown): v is PagePreloads {
  return (
    typeof v === 'object' &&
    v !== null &&
    Object.values(v).every((urls) => Array.isArray(urls) && urls.every((u) => typeof u === 'string'))
  );
}

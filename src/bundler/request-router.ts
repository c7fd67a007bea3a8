/**
 * Maps a preview request (URL, destination, navigation) to a project file and to the way it
 * is served, following a Vite dev server's conventions: `/` and folders -> `index.html`,
 * `public/` at the root, extensionless URLs resolved, SPA fallback for navigations.
 */
import { extname } from '../shared/paths';
import type { ProjectFiles } from '../fs/types';
import { PUBLIC_DIR, SCRIPT_EXTENSIONS, fileUrl, resolveFile, urlPathToProjectPath } from './resolve';

export type ServeAs =
  /** HTML page with the Cove runtime injected. */
  | 'html'
  /** TS/JS compiled by esbuild, imports rewritten. */
  | 'script'
  | 'json-module'
  /** `.module.css` imported from a module: class map + style upsert. */
  | 'css-module'
  /** Plain CSS imported from a module: style upsert. */
  | 'css-js'
  /** CSS requested as a stylesheet. */
  | 'css-text'
  /** `?inline` CSS: the text as default export. */
  | 'css-inline'
  /** An asset imported from a module: its URL as default export. */
  | 'asset-module'
  | 'raw-module'
  | 'url-module'
  /** The file's bytes as they are. */
  | 'file';

export interface PreviewRequestInfo {
  url: string;
  destination: string;
  navigate: boolean;
}

export type Route =
  | { kind: 'file'; path: string; /** Canonical URL (cache-busting params removed). */ url: string; as: ServeAs }
  | { kind: 'not-found'; pathname: string };

/** Query params that only defeat caches; they never change what a URL means. */
const CACHE_BUSTERS = ['t', 'v', 'import'];
/** Destinations of requests that execute a module. */
const MODULE_DESTINATIONS = new Set(['script', 'worker', 'sharedworker', 'audioworklet', 'paintworklet']);
const DOCUMENT_DESTINATIONS = new Set(['document', 'iframe', 'frame']);

export function isModuleDestination(destination: string): boolean {
  return MODULE_DESTINATIONS.has(destination);
}

export function isDocumentRequest(req: PreviewRequestInfo): boolean {
  return req.navigate || DOCUMENT_DESTINATIONS.has(req.destination);
}

export function route(files: ProjectFiles, req: PreviewRequestInfo): Route {
  const parsed = new URL(req.url, 'http://preview.invalid');
  for (const p of CACHE_BUSTERS) parsed.searchParams.delete(p);
  const flags = parsed.searchParams;
  const query = flags.size ? '?' + flags.toString().replace(/=(?=&|$)/g, '') : '';
  const pathname = parsed.pathname;
  const document = isDocumentRequest(req);

  const path = findFile(files, pathname, document);
  if (path === undefined) return { kind: 'not-found', pathname };
  const url = fileUrl(path) + query;
  return { kind: 'file', path, url, as: serveAs(path, req.destination, flags, document) };
}

function findFile(files: ProjectFiles, pathname: string, document: boolean): string | undefined {
  const isFolderUrl = pathname.endsWith('/');
  const p = pathname === '/' ? '' : urlPathToProjectPath(pathname);
  if (p === undefined) return undefined;
  if (p === '') return files.exists('index.html') ? 'index.html' : undefined;
  if (isFolderUrl) {
    if (files.exists(`${p}/index.html`)) return `${p}/index.html`;
    if (files.exists(`${PUBLIC_DIR}/${p}/index.html`)) return `${PUBLIC_DIR}/${p}/index.html`;
    return document && files.exists('index.html') ? 'index.html' : undefined;
  }
  // Vite serves public/ before project files.
  if (files.exists(`${PUBLIC_DIR}/${p}`)) return `${PUBLIC_DIR}/${p}`;
  if (document) {
    for (const candidate of [p, `${p}/index.html`, `${p}.html`]) if (files.exists(candidate)) return candidate;
    // Single-page-app fallback: unknown page URLs get the root page, like Vite's `appType: 'spa'`.
    return files.exists('index.html') ? 'index.html' : undefined;
  }
  return resolveFile(files, p);
}

function serveAs(path: string, destination: string, flags: URLSearchParams, document: boolean): ServeAs {
  const ext = extname(path);
  const asModule = isModuleDestination(destination);
  if (flags.has('raw')) return asModule ? 'raw-module' : 'file';
  if (flags.has('url')) return asModule ? 'url-module' : 'file';
  if (path.startsWith(PUBLIC_DIR + '/')) return ext === '.html' && document ? 'html' : 'file';
  if (ext === '.html' || ext === '.htm') return asModule ? 'raw-module' : 'html';
  if (SCRIPT_EXTENSIONS.includes(ext)) return 'script';
  if (ext === '.json') return asModule ? 'json-module' : 'file';
  if (ext === '.css') {
    if (flags.has('inline')) return asModule ? 'css-inline' : 'css-text';
    if (!asModule) return 'css-text';
    return path.endsWith('.module.css') ? 'css-module' : 'css-js';
  }
  // Images, fonts, media (ASSET_EXTENSIONS) and any other file imported from a module: its URL.
  return asModule ? 'asset-module' : 'file';
}

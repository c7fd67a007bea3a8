/**
 * Vite-style module resolution inside a project: relative and root-absolute specifiers,
 * extensionless and folder imports, `public/` files at the root. Every resolved file has
 * exactly one URL (`fileUrl`), so the browser's module map never holds a module twice.
 */
import { extname, normalizePath, resolveRelative } from '../shared/paths';
import type { ProjectFiles } from '../fs/types';

export const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.mts'];
/** Tried in this order for extensionless and folder imports, as Vite does. */
export const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.mts', '.json'];
export const PUBLIC_DIR = 'public';

/** The one URL of a project file; `public/x` is served at `/x`. */
export function fileUrl(path: string): string {
  const served = path.startsWith(PUBLIC_DIR + '/') ? path.slice(PUBLIC_DIR.length + 1) : path;
  return '/' + served.split('/').map(encodeURIComponent).join('/');
}

/** `./a.svg?url#x` -> base `./a.svg`, query `?url`. The hash is dropped. */
export function splitQuery(spec: string): { base: string; query: string } {
  const hash = spec.indexOf('#');
  const noHash = hash < 0 ? spec : spec.slice(0, hash);
  const q = noHash.indexOf('?');
  return q < 0 ? { base: noHash, query: '' } : { base: noHash.slice(0, q), query: noHash.slice(q) };
}

/**
 * The file a project path means: itself, with a script/JSON extension added, or the folder's
 * index file; `import './x.js'` also finds `x.ts` (TypeScript's ESM convention).
 */
export function resolveFile(files: ProjectFiles, path: string): string | undefined {
  if (files.exists(path)) return path;
  for (const ext of RESOLVE_EXTENSIONS) if (files.exists(path + ext)) return path + ext;
  for (const ext of RESOLVE_EXTENSIONS) if (files.exists(`${path}/index${ext}`)) return `${path}/index${ext}`;
  const ext = extname(path);
  const tsTwin = ext === '.js' ? ['.ts', '.tsx'] : ext === '.jsx' ? ['.tsx'] : ext === '.mjs' ? ['.mts'] : [];
  for (const alt of tsTwin) {
    const candidate = path.slice(0, -ext.length) + alt;
    if (files.exists(candidate)) return candidate;
  }
  return undefined;
}

export type Resolution =
  /** A project file, with the URL (query kept) that the import should use. */
  | { kind: 'file'; path: string; url: string }
  /** A full URL (`https:`, `data:`, ...): left as written. */
  | { kind: 'external' }
  /** An npm package or other bare name. */
  | { kind: 'bare'; message: string }
  /** A relative or absolute import of a file that does not exist; `tried` is the path it looked for. */
  | { kind: 'missing'; message: string; tried?: string };

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Resolve an import specifier written in project file `importer`. */
export function resolveImport(files: ProjectFiles, importer: string, spec: string): Resolution {
  if (EXTERNAL.test(spec)) return { kind: 'external' };
  const { base, query } = splitQuery(spec);
  const isRelative = base === '.' || base === '..' || base.startsWith('./') || base.startsWith('../');
  if (!isRelative && !base.startsWith('/')) {
    const pkg = base.startsWith('@') ? base.split('/').slice(0, 2).join('/') : base.split('/')[0];
    return { kind: 'bare', message: `npm packages are not available yet: '${pkg}'` };
  }
  const missing = (tried?: string): Resolution => ({
    kind: 'missing',
    message: `Cannot find module '${spec}' imported from ${importer}`,
    tried,
  });
  const target = resolveRelative(importer, base);
  if (target === undefined) return missing();
  let path = resolveFile(files, target);
  // Root-absolute imports also reach `public/` (Vite: `import logo from '/vite.svg'`).
  if (path === undefined && base.startsWith('/') && files.exists(`${PUBLIC_DIR}/${target}`)) {
    path = `${PUBLIC_DIR}/${target}`;
  }
  if (path === undefined) return missing(target);
  return { kind: 'file', path, url: fileUrl(path) + query };
}

/** Project path of a URL path (`/src/a%20b.ts` -> `src/a b.ts`); undefined for the root or bad input. */
export function urlPathToProjectPath(pathname: string): string | undefined {
  try {
    const decoded = pathname.split('/').map(decodeURIComponent).join('/');
    return normalizePath(decoded);
  } catch {
    return undefined;
  }
}

/**
 * Project paths: `/`-separated, relative to the project root, no leading slash,
 * no `.` or `..` segments, e.g. `src/components/My Button.tsx`.
 */

export class PathError extends Error {}

/** Normalise user input (`/src//a/../b.ts`, `./x`) to a project path; throws PathError on escapes or bad names. */
export function normalizePath(input: string): string {
  const out: string[] = [];
  for (const seg of input.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) throw new PathError(`Path leaves the project: ${input}`);
      out.pop();
      continue;
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(seg)) throw new PathError(`Invalid character in file name: ${JSON.stringify(seg)}`);
    out.push(seg);
  }
  if (!out.length) throw new PathError('Empty path');
  return out.join('/');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Extension with the dot, lower-cased: `.ts`; `.module.css` is reported as `.css`. Empty if none. */
export function extname(path: string): string {
  const base = basename(path);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i).toLowerCase();
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter(Boolean).join('/'));
}

/** Resolve `spec` (`./a`, `../b`, `/c`) against the folder of `from`; undefined if it escapes the root. */
export function resolveRelative(from: string, spec: string): string | undefined {
  try {
    return spec.startsWith('/') ? normalizePath(spec) : normalizePath(`${dirname(from)}/${spec}`);
  } catch {
    return undefined;
  }
}

/** True if `path` is `folder` itself or inside it. */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + '/');
}

/** Every ancestor folder of a path, outermost first: `a/b/c.ts` -> [`a`, `a/b`]. */
export function parentFolders(path: string): string[] {
  const segs = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) out.push(segs.slice(0, i).join('/'));
  return out;
}

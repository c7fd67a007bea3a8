/**
 * The `/@npm/` URL scheme on the preview origin. One URL per (package version, entry):
 * `/@npm/react@18.3.1`, `/@npm/react-dom@18.3.1/client`, `/@npm/@s/pkg@1.0.0/dist/style.css`
 * are pre-bundled ES modules; `/@npm/<name>@<version>/-/<file>` is a raw file of the package
 * (fonts and images its CSS references). Versions make the URLs immutable.
 */

export const NPM_PREFIX = '/@npm/';
/** The segment that separates raw files from module subpaths (no package exports `./-/...`). */
const FILE_MARK = '-';

export type NpmUrl =
  { name: string; version: string; subpath: string } | { name: string; version: string; file: string };

/** encodeURIComponent, minus the characters a path segment may hold as they are (`@`, `+`, ...). */
function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/%(?:40|2B|3A|24|26|2C|3B|3D)/g, decodeURIComponent);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeSegment).join('/');
}

function stripDotSlash(subpath: string): string {
  return subpath === '.' ? '' : subpath.replace(/^\.\//, '');
}

function packagePart(name: string, version: string): string {
  const [scope, bare] = name.startsWith('@') ? name.split('/', 2) : ['', name];
  const encodedName = scope ? `@${encodeSegment(scope.slice(1))}/${encodeSegment(bare)}` : encodeSegment(bare);
  return `${NPM_PREFIX}${encodedName}@${encodeSegment(version)}`;
}

/** The module URL of a package entry; `subpath` as written after the name (`client`, `./client` or ''). */
export function npmModuleUrl(name: string, version: string, subpath = ''): string {
  const sub = stripDotSlash(subpath);
  return packagePart(name, version) + (sub ? `/${encodePath(sub)}` : '');
}

/** The URL of a file inside a package, served as it is. */
export function npmFileUrl(name: string, version: string, filePath: string): string {
  return `${packagePart(name, version)}/${FILE_MARK}/${encodePath(filePath.replace(/^\.?\//, ''))}`;
}

export function isNpmUrl(pathname: string): boolean {
  return pathname.startsWith(NPM_PREFIX);
}

/** The parts of an `/@npm/` pathname; undefined if it is not one or is malformed. */
export function parseNpmUrl(pathname: string): NpmUrl | undefined {
  if (!isNpmUrl(pathname)) return undefined;
  // A query or hash is not part of the module identity.
  const raw = pathname.slice(NPM_PREFIX.length).replace(/[?#].*$/, '');
  let segments: string[];
  try {
    segments = raw.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const scoped = segments[0]?.startsWith('@');
  const nameAt = scoped ? 1 : 0;
  const last = segments[nameAt];
  if (last === undefined) return undefined;
  const at = last.lastIndexOf('@');
  if (at <= 0 || at === last.length - 1) return undefined;
  const bare = last.slice(0, at);
  const version = last.slice(at + 1);
  const name = scoped ? `${segments[0]}/${bare}` : bare;
  if (scoped && segments[0].length < 2) return undefined;
  const rest = segments.slice(nameAt + 1);
  // Paths never climb out of the package, and never hold empty segments.
  if (rest.some((s) => s === '' || s === '.' || s === '..' || s.includes('/'))) return undefined;
  if (rest[0] === FILE_MARK) {
    if (rest.length < 2) return undefined;
    return { name, version, file: rest.slice(1).join('/') };
  }
  return { name, version, subpath: rest.join('/') };
}

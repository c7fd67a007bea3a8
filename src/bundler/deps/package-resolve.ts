/**
 * Node/Vite-style module resolution inside one installed package, browser flavour: `exports`
 * (conditions browser, import or require, module, development or production, default) and
 * subpath patterns via resolve.exports; without `exports`, the `browser` field (string or
 * object map, `false` = empty module), `module`, `main`, extension and `index.*` probing;
 * package `imports` (`#x`). Paths are relative to the package root (`lib/index.js`).
 */
import { exports as resolveExports, imports as resolveImports } from 'resolve.exports';
import { dirname } from '../../shared/paths';
import type { PackageContents } from '../../npm/types';

export type Mode = 'development' | 'production';

export interface ResolveOptions {
  mode: Mode;
  /** Resolving a `require()` call: the `require` condition instead of `import`. */
  require?: boolean;
}

/** The parts of a package's package.json that resolution reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  main?: string;
  module?: string;
  browser?: string | Record<string, string | false>;
  exports?: unknown;
  imports?: unknown;
  sideEffects?: boolean | string[];
  style?: string;
}

/** Where a specifier leads: a file of this package, an empty module, or another bare specifier. */
export type PackageTarget = { kind: 'file'; path: string } | { kind: 'empty' } | { kind: 'bare'; spec: string };

/** A specifier that does not resolve; the message names the package and the subpath. */
export class PackageResolveError extends Error {
  constructor(
    message: string,
    readonly packageName: string,
    readonly subpath: string,
  ) {
    super(message);
    this.name = 'PackageResolveError';
  }
}

const PROBE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.json'];
const ESM_SYNTAX = /(?:^|[\s;}])(?:import\s*[\w{*"']|export\s*[\w{*]|import\.meta\b)/m;

/** One package's files with its parsed package.json and browser map. */
export class PackageFiles {
  readonly manifest: PackageJson;
  private dirs: Set<string> | undefined;
  private browserMap: { files: Map<string, string | false>; modules: Map<string, string | false> } | undefined;
  private readonly decoded = new Map<string, string>();

  constructor(readonly contents: PackageContents) {
    const raw = this.text('package.json');
    let manifest: PackageJson = {};
    try {
      manifest = raw === undefined ? {} : (JSON.parse(raw) as PackageJson);
    } catch {
      throw new PackageResolveError(
        `Package '${contents.name}' has a package.json that is not JSON`,
        contents.name,
        '',
      );
    }
    this.manifest = typeof manifest === 'object' && manifest ? manifest : {};
  }

  get name(): string {
    return this.contents.name;
  }

  get version(): string {
    return this.contents.version;
  }

  has(path: string): boolean {
    return this.contents.files.has(path);
  }

  bytes(path: string): Uint8Array | undefined {
    return this.contents.files.get(path);
  }

  text(path: string): string | undefined {
    let text = this.decoded.get(path);
    if (text === undefined) {
      const bytes = this.contents.files.get(path);
      if (!bytes) return undefined;
      text = new TextDecoder().decode(bytes);
      this.decoded.set(path, text);
    }
    return text;
  }

  isDirectory(path: string): boolean {
    if (!this.dirs) {
      this.dirs = new Set(['']);
      for (const file of this.contents.files.keys()) {
        for (let d = dirname(file); d && !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
      }
    }
    return this.dirs.has(path);
  }

  /** The `browser` field's object form, split into file keys (resolved to files) and module keys. */
  browserFieldMap(): { files: Map<string, string | false>; modules: Map<string, string | false> } {
    if (this.browserMap) return this.browserMap;
    const files = new Map<string, string | false>();
    const modules = new Map<string, string | false>();
    const field = this.manifest.browser;
    if (field && typeof field === 'object') {
      for (const [key, value] of Object.entries(field)) {
        if (typeof value !== 'string' && value !== false) continue;
        const file = key.startsWith('.') || key.includes('/') ? probe(this, normalizeInPackage(key)) : undefined;
        if (file !== undefined) files.set(file, value);
        else if (!key.startsWith('.')) modules.set(key, value);
      }
    }
    return (this.browserMap = { files, modules });
  }
}

/** `spec` joined to folder `base` inside the package; '' is the root, undefined if it climbs out. */
export function joinWithin(base: string, spec: string): string | undefined {
  const out = base ? base.split('/') : [];
  for (const seg of spec.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

function normalizeInPackage(path: string): string {
  return joinWithin('', path) ?? '';
}

function conditionsFor(opts: ResolveOptions) {
  return { browser: true, require: opts.require === true, conditions: ['module', opts.mode] };
}

function conditionList(opts: ResolveOptions): string {
  return ['browser', opts.require ? 'require' : 'import', 'module', opts.mode, 'default'].join(', ');
}

/** A file at `path`, with an extension added, or a folder's package.json entry or `index.*`. */
export function probe(pkg: PackageFiles, path: string, depth = 0): string | undefined {
  if (path && pkg.has(path)) return path;
  if (path) for (const ext of PROBE_EXTENSIONS) if (pkg.has(path + ext)) return path + ext;
  if (!pkg.isDirectory(path) || depth > 3) return undefined;
  const prefix = path ? `${path}/` : '';
  const nested = path ? pkg.text(`${path}/package.json`) : undefined;
  if (nested !== undefined) {
    try {
      const json = JSON.parse(nested) as PackageJson;
      for (const field of [typeof json.browser === 'string' ? json.browser : undefined, json.module, json.main]) {
        if (typeof field !== 'string') continue;
        const inner = joinWithin(path, field);
        const found = inner === undefined || inner === path ? undefined : probe(pkg, inner, depth + 1);
        if (found) return found;
      }
    } catch {
      // A folder package.json that is not JSON: fall back to index files, as Node does.
    }
  }
  for (const ext of PROBE_EXTENSIONS) if (pkg.has(`${prefix}index${ext}`)) return `${prefix}index${ext}`;
  return undefined;
}

/** Apply the `browser` object map to a resolved file of the package. */
function mapFile(pkg: PackageFiles, file: string, subpath: string): PackageTarget {
  const mapped = pkg.browserFieldMap().files.get(file);
  if (mapped === undefined) return { kind: 'file', path: file };
  return mappedTarget(pkg, mapped, subpath);
}

function mappedTarget(pkg: PackageFiles, mapped: string | false, subpath: string): PackageTarget {
  if (mapped === false) return { kind: 'empty' };
  if (!mapped.startsWith('.')) return { kind: 'bare', spec: mapped };
  const found = probe(pkg, normalizeInPackage(mapped));
  if (found === undefined) {
    throw new PackageResolveError(
      `Package '${pkg.name}' maps '${subpath}' to '${mapped}' in its browser field, but the package has no such file`,
      pkg.name,
      subpath,
    );
  }
  return { kind: 'file', path: found };
}

/** The `exports` keys a person could import, for error messages. */
function exportKeys(exportsField: unknown): string[] {
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) return ['.'];
  if (!exportsField || typeof exportsField !== 'object') return [];
  const keys = Object.keys(exportsField);
  return keys.length && keys.every((k) => k.startsWith('.')) ? keys : ['.'];
}

function listOf(keys: string[]): string {
  const shown = keys.slice(0, 12).map((k) => `'${k}'`);
  return shown.join(', ') + (keys.length > shown.length ? `, and ${keys.length - shown.length} more` : '');
}

/** The first target that exists (an `exports` array lists fallbacks). */
function existingTarget(pkg: PackageFiles, targets: string[], subpath: string, what: string): string {
  for (const t of targets) {
    const path = normalizeInPackage(t);
    if (path && pkg.has(path)) return path;
  }
  throw new PackageResolveError(
    `Package '${pkg.name}' ${what} '${subpath}' to '${targets[0]}', which is not in the package`,
    pkg.name,
    subpath,
  );
}

function fromExports(pkg: PackageFiles, subpath: string, opts: ResolveOptions): PackageTarget {
  const entry = subpath ? `./${subpath}` : '.';
  let targets: string[] | void;
  try {
    targets = resolveExports(pkg.manifest as Parameters<typeof resolveExports>[0], entry, conditionsFor(opts));
  } catch (error) {
    const noConditions = error instanceof Error && error.message.startsWith('No known conditions');
    const message = noConditions
      ? `Package '${pkg.name}' has no export '${entry}' for the browser (conditions tried: ${conditionList(opts)})`
      : `Package '${pkg.name}' has no export '${entry}' (its exports allow: ${listOf(exportKeys(pkg.manifest.exports))})`;
    throw new PackageResolveError(message, pkg.name, entry);
  }
  if (!targets?.length) {
    throw new PackageResolveError(`Package '${pkg.name}' has no export '${entry}'`, pkg.name, entry);
  }
  return { kind: 'file', path: existingTarget(pkg, targets, entry, 'exports') };
}

/** The main entry without `exports`: browser (string), module, main, index. */
function mainEntry(pkg: PackageFiles, opts: ResolveOptions): PackageTarget {
  const { browser, module, main } = pkg.manifest;
  const candidates: string[] = [];
  const browserEntry = typeof browser === 'string' ? probe(pkg, normalizeInPackage(browser)) : undefined;
  const moduleEntry = !opts.require && typeof module === 'string' ? probe(pkg, normalizeInPackage(module)) : undefined;
  if (browserEntry) {
    // Some packages point `browser` at a UMD build and `module` at browser ESM: prefer ESM (as Vite does).
    if (moduleEntry && moduleEntry !== browserEntry && !ESM_SYNTAX.test(pkg.text(browserEntry) ?? '')) {
      candidates.push(moduleEntry);
    } else candidates.push(browserEntry);
  }
  if (moduleEntry) candidates.push(moduleEntry);
  if (typeof main === 'string') {
    const found = probe(pkg, normalizeInPackage(main));
    if (found) candidates.push(found);
  }
  const index = probe(pkg, '');
  if (index) candidates.push(index);
  if (!candidates.length) {
    const named = [browser, module, main].filter((f) => typeof f === 'string');
    const why = named.length
      ? `names its entry ${listOf(named as string[])}, which is not in the package`
      : 'has no entry (no exports, browser, module, main or index.js)';
    throw new PackageResolveError(`Package '${pkg.name}' ${why}`, pkg.name, '.');
  }
  return mapFile(pkg, candidates[0], '.');
}

/** An entry of the package: `''` is the package itself, `client` is `pkg/client`. */
export function resolveEntry(pkg: PackageFiles, subpath: string, opts: ResolveOptions): PackageTarget {
  const sub = subpath.replace(/^\.?\/?/, '');
  if (pkg.manifest.exports !== undefined && pkg.manifest.exports !== null) return fromExports(pkg, sub, opts);
  if (!sub) return mainEntry(pkg, opts);
  const path = normalizeInPackage(sub);
  const found = path ? probe(pkg, path) : undefined;
  if (!found) throw new PackageResolveError(`Package '${pkg.name}' has no file './${sub}'`, pkg.name, `./${sub}`);
  return mapFile(pkg, found, `./${sub}`);
}

/** False when the package's `sideEffects` says the file has none (lets esbuild drop unused modules). */
export function hasSideEffects(pkg: PackageFiles, path: string): boolean {
  const field = pkg.manifest.sideEffects;
  // CSS imported for its effect is never dropped, whatever the field says.
  if (path.endsWith('.css') || field === undefined || field === true) return true;
  if (field === false) return false;
  if (!Array.isArray(field)) return true;
  return field.some((pattern) => typeof pattern === 'string' && globToRegExp(pattern).test(path));
}

/** webpack's reading of `sideEffects` globs: a pattern without a slash matches a file name anywhere. */
function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\.\//, '');
  const anchored = pattern.includes('/') ? pattern : `**/${pattern}`;
  let out = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i];
    if (c === '*' && anchored[i + 1] === '*') {
      const slash = anchored[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A relative specifier (`./x`, `../y`) written in package file `from`. */
export function resolveRelativeIn(pkg: PackageFiles, from: string, spec: string): PackageTarget {
  const path = joinWithin(dirname(from), spec);
  if (path === undefined) {
    throw new PackageResolveError(`'${spec}' in ${pkg.name}/${from} points outside the package`, pkg.name, spec);
  }
  const found = probe(pkg, path);
  if (!found) {
    throw new PackageResolveError(`Cannot find '${spec}' from '${from}' in package '${pkg.name}'`, pkg.name, spec);
  }
  return mapFile(pkg, found, spec);
}

/** A package `imports` specifier (`#internal`): a file of the package or another package. */
export function resolveHashImport(pkg: PackageFiles, spec: string, opts: ResolveOptions): PackageTarget {
  let targets: string[] | void;
  try {
    targets = resolveImports(pkg.manifest as Parameters<typeof resolveImports>[0], spec, conditionsFor(opts));
  } catch {
    targets = undefined;
  }
  if (!targets?.length) {
    throw new PackageResolveError(`Package '${pkg.name}' has no import '${spec}' in its "imports"`, pkg.name, spec);
  }
  const first = targets[0];
  if (!first.startsWith('./')) return { kind: 'bare', spec: first };
  return { kind: 'file', path: existingTarget(pkg, targets, spec, 'maps import') };
}

/** What the package's `browser` object says about a bare specifier it imports (`fs: false`). */
export function browserModuleMapping(pkg: PackageFiles, spec: string): PackageTarget | undefined {
  const mapped = pkg.browserFieldMap().modules.get(spec);
  return mapped === undefined ? undefined : mappedTarget(pkg, mapped, spec);
}

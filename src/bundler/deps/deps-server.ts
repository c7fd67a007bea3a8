/**
 * Serves installed packages to the preview under `/@npm/`: pre-bundled entries (memoised, and
 * persisted under a key that changes with the package's integrity, the entry, the mode and the
 * versions its dependencies resolve to, so a different tree never gets a stale bundle) and raw
 * files (`/@npm/<name>@<version>/-/<file>`). Also tells project code's bare imports their URL.
 */
import { sha256Hex } from '../compile-cache';
import type { EsbuildApi } from '../loaders/types';
import { contentTypeFor } from '../../shared/mime';
import { splitBareSpecifier } from '../../shared/npm';
import { extname } from '../../shared/paths';
import type { InstalledPackages } from '../../npm/types';
import { installPathsByVersion, packageAt, resolveBareTarget } from './installed-tree';
import { nodeBuiltin } from './node-builtins';
import { parseNpmUrl } from './npm-url';
import type { Mode } from './package-resolve';
import { prebundle, type PrebundleResult } from './prebundle';

/** Bump when pre-bundle output changes shape or meaning. */
const CACHE_VERSION = 'cove-npm-1';
const TEXT = 'text/plain; charset=utf-8';
const MAX_MEMORY_ENTRIES = 200;

export interface DepsCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface DepsServerOptions {
  /** Resolves when esbuild is ready; only awaited when a bundle must be built. */
  esbuild: Promise<EsbuildApi>;
  mode?: Mode;
  cache?: DepsCache;
}

export interface DepsResponse {
  status: number;
  contentType: string;
  body: string | Uint8Array;
  /** Problems met while bundling (a failed bundle's body is a module that throws). */
  warnings?: string[];
  /**
   * The body is an error module. Its importers may fail to link (a missing named export) before it
   * can throw or show the overlay, so report `warnings` from the bundler side too.
   */
  failed?: boolean;
}

export type BareResolution = { url: string } | { error: string; packageName: string; notInstalled: boolean };

export class DepsServer {
  private packages: InstalledPackages | undefined;
  private byVersion: Map<string, string> | undefined;
  private readonly memory = new Map<string, PrebundleResult>();
  private readonly inflight = new Map<string, Promise<PrebundleResult>>();
  private readonly mode: Mode;

  constructor(private readonly opts: DepsServerOptions) {
    this.mode = opts.mode ?? 'development';
  }

  setPackages(packages: InstalledPackages | undefined): void {
    this.packages = packages;
    this.byVersion = undefined;
  }

  /** The `/@npm/` URL of a bare import in project code (`react`, `react-dom/client`, `@s/x/y.css`). */
  resolveBare(spec: string): BareResolution {
    const { name } = splitBareSpecifier(spec);
    if (!name || name.startsWith('.') || (name.startsWith('@') && !name.includes('/'))) {
      return { error: `'${spec}' is not a valid package name`, packageName: name, notInstalled: false };
    }
    const target = this.packages ? resolveBareTarget(this.packages, '', spec) : undefined;
    if (target?.kind === 'package') return { url: target.url };
    const builtin = nodeBuiltin(spec);
    if (builtin !== undefined) {
      return {
        error: `'${spec}' is a Node.js built-in module; browsers do not have it`,
        packageName: name,
        notInstalled: false,
      };
    }
    return {
      error: `Package '${name}' is not installed (add it to package.json)`,
      packageName: name,
      notInstalled: true,
    };
  }

  async serve(pathname: string, signal?: AbortSignal): Promise<DepsResponse> {
    const parsed = parseNpmUrl(pathname);
    if (!parsed) return notFound(`${pathname} is not a package URL`);
    const packages = this.packages;
    if (!packages) return notFound(`No packages are installed, so ${parsed.name}@${parsed.version} cannot be served`);
    const installPath = this.installPathFor(packages, parsed.name, parsed.version);
    if (!installPath) {
      const installed = [...this.versionsIndex(packages).keys()].filter((k) => k.startsWith(`${parsed.name}@`));
      const tree = installed.length ? `; the project has ${installed.join(', ')}` : '';
      return notFound(`${parsed.name}@${parsed.version} is not installed in this project${tree}`);
    }
    try {
      if ('file' in parsed) {
        const contents = await packages.contents(installPath, signal);
        const bytes = contents.files.get(parsed.file);
        if (!bytes) return notFound(`${parsed.name}@${parsed.version} has no file ${parsed.file}`);
        // A copy: the body's buffer may be transferred, and the package store shares `bytes`.
        return { status: 200, contentType: contentTypeFor(extname(parsed.file)), body: bytes.slice() };
      }
      const result = await this.bundle(packages, installPath, parsed.subpath, signal);
      return {
        status: 200,
        contentType: result.contentType,
        body: result.code,
        warnings: result.warnings,
        ...(result.ok ? {} : { failed: true }),
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { status: 503, contentType: TEXT, body: `Cove could not serve ${pathname}: ${message}\n` };
    }
  }

  /**
   * Starts building these bare specifiers' entries, then what those import, before the preview
   * asks: the browser would find each level one round trip (and one importer compile) later.
   */
  warm(specs: Iterable<string>, limit = 64): void {
    const packages = this.packages;
    if (!packages) return;
    const seen = new Set<string>();
    const visit = (url: string) => {
      if (seen.has(url) || seen.size >= limit) return;
      seen.add(url);
      const parsed = parseNpmUrl(url);
      if (!parsed || 'file' in parsed) return;
      const installPath = this.installPathFor(packages, parsed.name, parsed.version);
      if (!installPath) return;
      this.bundle(packages, installPath, parsed.subpath).then(
        (result) => {
          if (this.packages === packages) for (const next of Object.values(result.externals)) visit(next);
        },
        () => undefined, // the request that needs it will report the problem
      );
    };
    for (const spec of specs) {
      const found = this.resolveBare(spec);
      if ('url' in found) visit(found.url);
    }
  }

  /**
   * What a module URL exports once bundled (built on demand): for project code's imports of a
   * CommonJS package, names missing from `exports` are to be read off the default export.
   */
  async moduleInfo(
    pathname: string,
    signal?: AbortSignal,
  ): Promise<{ commonJs: boolean; exports: string[] } | undefined> {
    const parsed = parseNpmUrl(pathname);
    const packages = this.packages;
    if (!parsed || 'file' in parsed || !packages) return undefined;
    const installPath = this.installPathFor(packages, parsed.name, parsed.version);
    if (!installPath) return undefined;
    const result = await this.bundle(packages, installPath, parsed.subpath, signal);
    return result.ok ? { commonJs: result.commonJs, exports: result.exports } : undefined;
  }

  private versionsIndex(packages: InstalledPackages): Map<string, string> {
    this.byVersion ??= installPathsByVersion(packages);
    return this.byVersion;
  }

  private installPathFor(packages: InstalledPackages, name: string, version: string): string | undefined {
    return this.versionsIndex(packages).get(`${name}@${version}`);
  }

  /** The bundle of an entry: from memory, a build in flight, the persistent cache, or esbuild. */
  private async bundle(
    packages: InstalledPackages,
    installPath: string,
    subpath: string,
    signal?: AbortSignal,
  ): Promise<PrebundleResult> {
    signal?.throwIfAborted();
    const key = this.keyFor(packages, installPath, subpath);
    const remembered = this.memory.get(key);
    if (remembered && stillValid(packages, installPath, remembered)) {
      this.memory.delete(key);
      this.memory.set(key, remembered); // most recently used last
      return remembered;
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      // Shared by every request for this entry, so one caller's abort must not cancel it.
      pending = this.build(packages, key, installPath, subpath);
      this.inflight.set(key, pending);
      void pending.finally(() => this.inflight.delete(key)).catch(() => {});
    }
    return abortable(pending, signal);
  }

  private async build(
    packages: InstalledPackages,
    key: string,
    installPath: string,
    subpath: string,
  ): Promise<PrebundleResult> {
    const cache = this.opts.cache;
    const hash = cache ? await sha256Hex(key) : '';
    const stored = cache ? await cache.get(hash).catch(() => undefined) : undefined;
    if (isPrebundleResult(stored) && stillValid(packages, installPath, stored)) {
      this.remember(key, stored);
      return stored;
    }
    const api = await this.opts.esbuild;
    const result = await prebundle(api, packages, { installPath, subpath, mode: this.mode });
    // Failures are not kept: the cause (a download, the tree) may be gone on the next request.
    if (result.ok) {
      this.remember(key, result);
      // Persisting is best effort (quota, private mode): never fail a request for it.
      void cache?.set(hash, result).catch(() => {});
    }
    return result;
  }

  /**
   * What the bundle depends on: the package's bytes, the entry, the mode, and the versions its
   * declared dependencies resolve to from where it is installed.
   */
  private keyFor(packages: InstalledPackages, installPath: string, subpath: string): string {
    const pkg = packageAt(packages, installPath)!;
    const deps = [
      ...Object.keys(pkg.entry.dependencies ?? {}),
      ...Object.keys(pkg.entry.optionalDependencies ?? {}),
      ...Object.keys(pkg.entry.peerDependencies ?? {}),
    ];
    const resolved = [...new Set(deps)].sort().map((dep) => {
      const at = packages.lookup(installPath, dep);
      const found = at === undefined ? undefined : packageAt(packages, at);
      return `${dep}=${found ? `${found.name}@${found.version}` : '-'}`;
    });
    const identity = pkg.entry.integrity ?? `${pkg.name}@${pkg.version} ${pkg.entry.resolved ?? ''}`;
    return [CACHE_VERSION, identity, subpath, this.mode, ...resolved].join('\0');
  }

  private remember(key: string, result: PrebundleResult): void {
    if (this.memory.size >= MAX_MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
    this.memory.set(key, result);
  }
}

/** Every package the bundle imports still resolves to the URL it was built against. */
function stillValid(packages: InstalledPackages, installPath: string, result: PrebundleResult): boolean {
  const self = packageAt(packages, installPath);
  const selfName = self?.name;
  return Object.entries(result.externals).every(([spec, url]) => {
    const target = resolveBareTarget(packages, installPath, spec, selfName);
    return target.kind === 'package' && target.url === url;
  });
}

function isPrebundleResult(v: unknown): v is PrebundleResult {
  const r = v as PrebundleResult;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.code === 'string' &&
    typeof r.contentType === 'string' &&
    Array.isArray(r.warnings) &&
    r.ok === true &&
    Array.isArray(r.exports) &&
    typeof r.commonJs === 'boolean' &&
    typeof r.externals === 'object' &&
    r.externals !== null
  );
}

function abortable<T>(pending: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function notFound(text: string): DepsResponse {
  return { status: 404, contentType: TEXT, body: `404 Not Found: ${text}\n` };
}

/**
 * Small questions about an installed tree that the pre-bundler and the deps server ask: what
 * is at an install path, which install path a `/@npm/` URL means, and the URL a bare import
 * from some package (or from project code) leads to; packages read once per job.
 */
import { packageNameOf, splitBareSpecifier, type LockEntry } from '../../shared/npm';
import type { InstalledPackages } from '../../npm/types';
import { npmModuleUrl } from './npm-url';
import { PackageFiles } from './package-resolve';

export interface InstalledPackage {
  installPath: string;
  name: string;
  version: string;
  entry: LockEntry;
}

/** The package at an install path, if the lockfile has one with a version. */
export function packageAt(packages: InstalledPackages, installPath: string): InstalledPackage | undefined {
  const entry = installPath ? packages.lockfile.packages[installPath] : undefined;
  if (!entry?.version) return undefined;
  return { installPath, name: packageNameOf(installPath, entry), version: entry.version, entry };
}

/** Install paths by `name@version`, the shallowest first (a copy nested deeper has the same files). */
export function installPathsByVersion(packages: InstalledPackages): Map<string, string> {
  const byVersion = new Map<string, string>();
  const paths = Object.keys(packages.lockfile.packages)
    .filter((p) => p.startsWith('node_modules/') || p.includes('/node_modules/'))
    .sort((a, b) => a.split('/node_modules/').length - b.split('/node_modules/').length || a.localeCompare(b));
  for (const path of paths) {
    const pkg = packageAt(packages, path);
    if (pkg && !byVersion.has(`${pkg.name}@${pkg.version}`)) byVersion.set(`${pkg.name}@${pkg.version}`, path);
  }
  return byVersion;
}

export type BareTarget =
  | { kind: 'package'; installPath: string; name: string; version: string; subpath: string; url: string }
  | { kind: 'missing'; name: string; subpath: string };

/**
 * Where a bare specifier written in the package at `from` ('' = project code) leads. A package
 * importing itself by name finds itself (Node's lookup from inside its own folder does too).
 */
export function resolveBareTarget(
  packages: InstalledPackages,
  from: string,
  spec: string,
  selfName?: string,
): BareTarget {
  const { name, subpath } = splitBareSpecifier(spec);
  let installPath = packages.lookup(from, name);
  if (installPath === undefined && from && selfName === name) installPath = from;
  const pkg = installPath === undefined ? undefined : packageAt(packages, installPath);
  if (!pkg) return { kind: 'missing', name, subpath };
  return {
    kind: 'package',
    installPath: pkg.installPath,
    name: pkg.name,
    version: pkg.version,
    subpath,
    url: npmModuleUrl(pkg.name, pkg.version, subpath),
  };
}

/** The dependencies a package declares, for messages about what is missing. */
export function declaredDependencies(entry: LockEntry): Set<string> {
  return new Set([
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}),
  ]);
}

/** Loads packages of the tree once per job. */
export class PackageLoader {
  private readonly loaded = new Map<string, Promise<PackageFiles>>();

  constructor(
    private readonly packages: InstalledPackages,
    private readonly signal?: AbortSignal,
  ) {}

  get(installPath: string): Promise<PackageFiles> {
    let pending = this.loaded.get(installPath);
    if (!pending) {
      pending = this.packages.contents(installPath, this.signal).then((c) => new PackageFiles(c));
      this.loaded.set(installPath, pending);
    }
    return pending;
  }

  /** Seed with a package already read. */
  add(installPath: string, pkg: PackageFiles): void {
    this.loaded.set(installPath, Promise.resolve(pkg));
  }
}

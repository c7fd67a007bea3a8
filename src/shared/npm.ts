/**
 * npm data shapes that every side sees: the registry's abbreviated packument, the lockfile
 * (lockfileVersion 3, what `npm ci` reads), install errors and progress. Types and tiny pure
 * helpers only; the registry client, resolver and store live in `src/npm`.
 */

export type DependencyMap = Record<string, string>;

/** One version as the abbreviated packument (`application/vnd.npm.install-v1+json`) gives it. */
export interface VersionManifest {
  name: string;
  version: string;
  dependencies?: DependencyMap;
  optionalDependencies?: DependencyMap;
  peerDependencies?: DependencyMap;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
  deprecated?: string;
  license?: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, VersionManifest>;
  modified?: string;
}

/** The parts of a project's package.json that installs read. */
export interface ProjectManifest {
  name?: string;
  version?: string;
  dependencies?: DependencyMap;
  devDependencies?: DependencyMap;
  optionalDependencies?: DependencyMap;
  peerDependencies?: DependencyMap;
}

/**
 * One entry of the lockfile's `packages` map. The key is the install path
 * (`node_modules/a/node_modules/b`); `''` is the project itself.
 */
export interface LockEntry {
  /** Only when the real name differs from the folder name (`npm:` aliases), and on the root. */
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  dependencies?: DependencyMap;
  devDependencies?: DependencyMap;
  optionalDependencies?: DependencyMap;
  peerDependencies?: DependencyMap;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  hasInstallScript?: boolean;
  deprecated?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
}

export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: 3;
  requires: true;
  packages: Record<string, LockEntry>;
}

/** The folder name of an install path: `node_modules/a/node_modules/@s/b` -> `@s/b`. */
export function folderNameOf(installPath: string): string {
  const at = installPath.lastIndexOf('node_modules/');
  return at < 0 ? installPath : installPath.slice(at + 'node_modules/'.length);
}

/** The real package name of a lock entry (differs from the folder for `npm:` aliases). */
export function packageNameOf(installPath: string, entry: LockEntry): string {
  return entry.name ?? folderNameOf(installPath);
}

/** `@scope/name/sub/path` -> `{ name: '@scope/name', subpath: 'sub/path' }`; `react` -> subpath ''. */
export function splitBareSpecifier(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), subpath: parts.slice(n).join('/') };
}

// ---------------------------------------------------------------------------- errors

export type NpmErrorCode =
  /** The registry answered 404 for the package. */
  | 'unknown-package'
  /** The package exists but no version satisfies the range (or the dist-tag is missing). */
  | 'no-matching-version'
  /** Network failure, timeout or 5xx after retries. */
  | 'registry-unreachable'
  /** The tarball's hash is not the `dist.integrity` the registry (or lockfile) promised. */
  | 'integrity-mismatch'
  /** The tarball is not a gzip'd tar, or has no package.json. */
  | 'corrupt-tarball'
  /** package.json / package-lock.json / .npmrc of the project cannot be read. */
  | 'bad-project-file'
  /** A spec Cove cannot install in a browser (git, file:, link:, URLs). */
  | 'unsupported-spec'
  /** Browser storage refused the package (quota). */
  | 'storage-full'
  | 'cancelled';

export interface NpmErrorInfo {
  code: NpmErrorCode;
  /** A sentence a person can act on: what failed, for which package, and where it was asked for. */
  message: string;
  /** The package concerned, if any. */
  packageName?: string;
  /** Where the requirement came from, e.g. `package.json` or `react-dom@18.3.1`. */
  requiredBy?: string;
}

/** A typed error that the registry client, resolver and installer throw. */
export class NpmError extends Error implements NpmErrorInfo {
  constructor(
    readonly code: NpmErrorCode,
    message: string,
    readonly packageName?: string,
    readonly requiredBy?: string,
  ) {
    super(message);
    this.name = 'NpmError';
  }

  toInfo(): NpmErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.packageName ? { packageName: this.packageName } : {}),
      ...(this.requiredBy ? { requiredBy: this.requiredBy } : {}),
    };
  }
}

// ---------------------------------------------------------------------------- install state

export type InstallPhase = 'idle' | 'resolving' | 'downloading' | 'done' | 'failed' | 'cancelled';

export interface InstallProgress {
  phase: InstallPhase;
  /** Packages whose versions are known (lockfile entries written). */
  resolved: number;
  /** Tarballs this install needs (not in the browser's package store yet). */
  toDownload: number;
  downloaded: number;
  /** Compressed bytes received so far. */
  bytes: number;
  /** What is happening now, e.g. `react-dom@18.3.1`. */
  current?: string;
}

/** A direct dependency of the project, as the Dependencies panel lists it. */
export interface InstalledDependency {
  name: string;
  /** The range in package.json. */
  range: string;
  /** The version in the tree, if resolved. */
  version?: string;
  dev: boolean;
  /** Whether its files are in the browser (build tools are locked, not downloaded). */
  downloaded: boolean;
  /** It (or a package it brings in) has install scripts, which Cove does not run. */
  hasInstallScript: boolean;
}

export interface InstallStatus {
  progress: InstallProgress;
  dependencies: InstalledDependency[];
  error?: NpmErrorInfo;
  /** Unmet peers, skipped optional packages, install scripts not run. */
  warnings: string[];
}

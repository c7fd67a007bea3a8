/**
 * Contracts between the parts of the in-browser package manager (all run in the bundler
 * worker): the registry client, the package store, the resolver and the installer, and
 * what the dependency pre-bundler needs from an installed tree.
 */
import type { Lockfile, Packument } from '../shared/npm';

/** The unpacked files of one package version, paths relative to the package root (`lib/index.js`). */
export interface PackageContents {
  name: string;
  version: string;
  /** `dist.integrity` (sha512) of the tarball it came from; the store's key. */
  integrity: string;
  files: Map<string, Uint8Array>;
}

/** Fetches registry data. Implementations verify integrity, retry and honour the signal. */
export interface Registry {
  /** The abbreviated packument; throws NpmError `unknown-package` / `registry-unreachable`. */
  packument(name: string, signal?: AbortSignal): Promise<Packument>;
  /**
   * Download, verify and unpack a tarball; throws NpmError `integrity-mismatch`,
   * `corrupt-tarball`, `registry-unreachable`. `onBytes` reports compressed bytes as they arrive.
   */
  tarball(
    url: string,
    integrity: string | undefined,
    signal?: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<PackageContents>;
}

/** Unpacked packages, content-addressed by integrity and shared by every project of this browser. */
export interface PackageStore {
  get(integrity: string): Promise<PackageContents | undefined>;
  has(integrity: string): Promise<boolean>;
  /** Throws NpmError `storage-full` when the browser refuses (quota). */
  put(contents: PackageContents): Promise<void>;
}

/**
 * An installed tree as the pre-bundler sees it. Install paths are lockfile keys
 * (`node_modules/react`, `node_modules/a/node_modules/b`); `''` is the project root.
 */
export interface InstalledPackages {
  readonly lockfile: Lockfile;
  /**
   * The install path Node's lookup finds for package `name` (folder name, so an alias) when
   * required from `from` (an install path, or `''` for project code); undefined if none.
   */
  lookup(from: string, name: string): string | undefined;
  /** The package at an install path; downloads it first if only locked so far. */
  contents(installPath: string, signal?: AbortSignal): Promise<PackageContents>;
}

/**
 * An installed tree: the lockfile plus the package store. Packages that are only locked (build
 * tools, or anything the download plan left out) are fetched the first time something asks
 * for their files, so importing a devDependency from project code still works.
 */
import { NpmError, packageNameOf, type LockEntry, type Lockfile } from '../shared/npm';
import { lookupInstallPath } from './tree-lookup';
import type { InstalledPackages, PackageContents, PackageStore } from './types';

/** Downloads one locked package (verified) and stores it; the installer supplies it. */
export type FetchLocked = (installPath: string, entry: LockEntry, signal?: AbortSignal) => Promise<PackageContents>;

export class InstalledTree implements InstalledPackages {
  private readonly inflight = new Map<string, Promise<PackageContents>>();

  constructor(
    readonly lockfile: Lockfile,
    private readonly store: PackageStore,
    private readonly fetchLocked: FetchLocked,
    /** Told when a package was downloaded on demand (the IDE's tree and types then refresh). */
    private readonly onDownloaded: (installPath: string) => void = () => {},
  ) {}

  lookup(from: string, name: string): string | undefined {
    return lookupInstallPath(this.lockfile, from, name);
  }

  entry(installPath: string): LockEntry | undefined {
    return installPath ? this.lockfile.packages[installPath] : undefined;
  }

  contents(installPath: string, signal?: AbortSignal): Promise<PackageContents> {
    const known = this.inflight.get(installPath);
    if (known) return known;
    const entry = this.entry(installPath);
    if (!entry?.version) {
      return Promise.reject(new NpmError('unknown-package', `Nothing is installed at ${installPath}`));
    }
    const task = this.load(installPath, entry, signal);
    this.inflight.set(installPath, task);
    // A failure is not remembered: the next request tries again (the registry may be back).
    task.catch(() => this.inflight.delete(installPath));
    return task;
  }

  private async load(installPath: string, entry: LockEntry, signal?: AbortSignal): Promise<PackageContents> {
    const stored = entry.integrity ? await this.store.get(entry.integrity) : undefined;
    if (stored) return stored;
    const fetched = await this.fetchLocked(installPath, entry, signal);
    this.onDownloaded(installPath);
    return fetched;
  }

  /** `name@version` of an install path, for messages. */
  describe(installPath: string): string {
    const entry = this.entry(installPath);
    return entry ? `${packageNameOf(installPath, entry)}@${entry.version ?? '?'}` : installPath;
  }
}

/** The install path and in-package path of a `node_modules/...` file path (longest installed prefix). */
export function splitNodeModulesPath(
  lockfile: Lockfile,
  path: string,
): { installPath: string; file: string } | undefined {
  const parts = path.split('/');
  for (let i = parts.length - 1; i >= 2; i--) {
    const installPath = parts.slice(0, i).join('/');
    if (lockfile.packages[installPath]?.version) return { installPath, file: parts.slice(i).join('/') };
  }
  return undefined;
}

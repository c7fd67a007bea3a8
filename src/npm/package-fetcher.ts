/**
 * Downloads locked packages into the store through one registry client per configuration, so
 * a whole install shares one request pool and fetches each packument once.
 */
import { packageNameOf, type LockEntry } from '../shared/npm';
import { registryFor, tarballUrlFor, type RegistryConfig } from './registry-config';
import type { PackageContents, PackageStore, Registry } from './types';

export class PackageFetcher {
  private client: { key: string; registry: Registry } | undefined;

  constructor(
    private readonly store: PackageStore,
    private readonly createRegistry: (config: RegistryConfig) => Registry,
    /** Read at each use: `.npmrc` and the app's setting may change between installs. */
    private readonly config: () => RegistryConfig,
  ) {}

  /** The registry client for the current configuration. */
  registry(): Registry {
    const config = this.config();
    const key = JSON.stringify(config);
    if (this.client?.key !== key) this.client = { key, registry: this.createRegistry(config) };
    return this.client.registry;
  }

  /** Forget fetched metadata: the next install sees the registry as it is now. */
  reset(): void {
    this.client = undefined;
  }

  /** Downloads, verifies and stores one locked package; `onBytes` gets the running total. */
  fetch = async (
    installPath: string,
    entry: LockEntry,
    signal?: AbortSignal,
    onBytes?: (bytes: number) => void,
  ): Promise<PackageContents> => {
    const name = packageNameOf(installPath, entry);
    const url = entry.resolved ?? tarballUrlFor(registryFor(this.config(), name), name, entry.version ?? '');
    let counted = 0;
    const contents = await this.registry().tarball(url, entry.integrity, signal, (n) => {
      counted += n;
      onBytes?.(counted);
    });
    await this.store.put(contents);
    return contents;
  };
}

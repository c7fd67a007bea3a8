/**
 * An in-memory installed tree for tests: a lockfile, Node's lookup (nearest `node_modules`
 * upwards) and package contents, with a count of contents reads.
 */
import type { LockEntry, Lockfile } from '../../../shared/npm';
import type { InstalledPackages, PackageContents } from '../../../npm/types';

export interface FakePackage {
  installPath: string;
  /** Defaults to package.json's name. */
  name?: string;
  version?: string;
  /** package.json is written from `manifest` unless given here. */
  files: Record<string, string | Uint8Array>;
  manifest?: Record<string, unknown>;
  lock?: Partial<LockEntry>;
}

export class FakeInstalledPackages implements InstalledPackages {
  readonly lockfile: Lockfile;
  readonly reads = new Map<string, number>();
  private readonly byPath = new Map<string, PackageContents>();

  constructor(packages: FakePackage[]) {
    this.lockfile = { lockfileVersion: 3, requires: true, packages: { '': { name: 'project', version: '0.0.0' } } };
    for (const p of packages) {
      const manifest = { ...(p.manifest ?? {}) } as Record<string, unknown>;
      const name = p.name ?? (manifest.name as string);
      const version = p.version ?? (manifest.version as string) ?? '1.0.0';
      manifest.name ??= name;
      manifest.version ??= version;
      const files = new Map<string, Uint8Array>();
      const all = { 'package.json': JSON.stringify(manifest), ...p.files };
      for (const [path, body] of Object.entries(all)) {
        files.set(path, typeof body === 'string' ? new TextEncoder().encode(body) : body);
      }
      const integrity = `sha512-fake-${name}-${version}`;
      this.byPath.set(p.installPath, { name, version, integrity, files });
      const folder = p.installPath.slice(p.installPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
      this.lockfile.packages[p.installPath] = {
        version,
        integrity,
        ...(folder !== name ? { name } : {}),
        ...(manifest.dependencies ? { dependencies: manifest.dependencies as Record<string, string> } : {}),
        ...(manifest.peerDependencies ? { peerDependencies: manifest.peerDependencies as Record<string, string> } : {}),
        ...p.lock,
      };
    }
  }

  lookup(from: string, name: string): string | undefined {
    for (let dir = from; ; dir = parentInstallPath(dir)) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (this.byPath.has(candidate)) return candidate;
      if (!dir) return undefined;
    }
  }

  async contents(installPath: string): Promise<PackageContents> {
    this.reads.set(installPath, (this.reads.get(installPath) ?? 0) + 1);
    const c = this.byPath.get(installPath);
    if (!c) throw new Error(`Nothing at ${installPath}`);
    return c;
  }
}

/** `node_modules/a/node_modules/b` -> `node_modules/a`; `node_modules/a` -> ''. */
function parentInstallPath(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  return at < 0 ? '' : path.slice(0, at);
}

/**
 * In-memory registry for resolver tests: packuments built from short version descriptions,
 * with a log of which packuments were asked for (so a test can assert nothing was fetched).
 */
import semver from 'semver';
import { NpmError, type Packument, type VersionManifest } from '../../shared/npm';
import type { Registry } from '../types';

export type VersionInit = Partial<Omit<VersionManifest, 'name' | 'version' | 'dist'>> & Record<string, unknown>;

export interface FakeRegistry extends Pick<Registry, 'packument'> {
  /** Names asked for, in order (repeats included). */
  readonly calls: string[];
}

/**
 * `defs` maps `name@version` to its manifest fields; `tags` maps a name to extra dist-tags
 * (`latest` defaults to the highest release version).
 */
export function fakeRegistry(
  defs: Record<string, VersionInit>,
  tags: Record<string, Record<string, string>> = {},
): FakeRegistry {
  const packuments = new Map<string, Packument>();
  for (const [id, fields] of Object.entries(defs)) {
    const at = id.lastIndexOf('@');
    const name = id.slice(0, at);
    const version = id.slice(at + 1);
    let p = packuments.get(name);
    if (!p) packuments.set(name, (p = { name, 'dist-tags': {}, versions: {} }));
    const file = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
    p.versions[version] = {
      name,
      version,
      ...fields,
      dist: { tarball: `https://example.test/${name}/-/${file}`, integrity: `sha512-${name}@${version}` },
    };
  }
  for (const p of packuments.values()) {
    const releases = Object.keys(p.versions).filter((v) => !semver.prerelease(v));
    const latest = semver.rsort(releases)[0];
    p['dist-tags'] = { ...(latest ? { latest } : {}), ...tags[p.name] };
  }
  const calls: string[] = [];
  return {
    calls,
    async packument(name: string, signal?: AbortSignal): Promise<Packument> {
      calls.push(name);
      await Promise.resolve();
      if (signal?.aborted) throw new NpmError('cancelled', 'cancelled');
      const p = packuments.get(name);
      if (!p) throw new NpmError('unknown-package', `Package '${name}' does not exist in the registry`, name);
      return structuredClone(p);
    },
  };
}

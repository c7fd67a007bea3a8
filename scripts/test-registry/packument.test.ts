import { describe, expect, it } from 'vitest';
import { pickVersion, registryDependencies, renderPackument, splitSpec, versionOfTarball } from './packument.mjs';
import { walkClosure } from './warm.mjs';
import type { RegistryStore } from './store.mjs';

const dist = (name: string, v: string) => ({
  tarball: `https://upstream.invalid/${name}/-/${name}-${v}.tgz`,
  integrity: 'sha512-x',
});

function doc(name: string, versions: Record<string, Record<string, unknown>>, latest = Object.keys(versions).at(-1)!) {
  const all = Object.fromEntries(
    Object.entries(versions).map(([v, m]) => [v, { name, version: v, dist: dist(name, v), ...m }]),
  );
  return { name, 'dist-tags': { latest }, versions: all, time: { modified: '2020-01-01T00:00:00.000Z' } };
}

function fakeStore(docs: Record<string, ReturnType<typeof doc>>): RegistryStore {
  return { packument: async (name) => docs[name], tarball: async () => undefined };
}

describe('packument shaping', () => {
  it('abbreviates versions, keeps install fields, derives hasInstallScript, rewrites tarballs', () => {
    const upstream = doc('@s/p', {
      '1.0.0': { description: 'long', readme: 'x', dependencies: { a: '^1' }, scripts: { postinstall: 'node x' } },
      '1.1.0': { scripts: { test: 'vitest' }, engines: { node: '>=18' } },
    });
    const out = renderPackument(upstream, 'http://127.0.0.1:1/', true);
    expect(Object.keys(out).sort()).toEqual(['dist-tags', 'modified', 'name', 'versions']);
    expect(out.versions['1.0.0']).toEqual({
      name: '@s/p',
      version: '1.0.0',
      dependencies: { a: '^1' },
      hasInstallScript: true,
      dist: { tarball: 'http://127.0.0.1:1/@s/p/-/p-1.0.0.tgz', integrity: 'sha512-x' },
    });
    expect(out.versions['1.1.0'].hasInstallScript).toBeUndefined();
    const full = renderPackument(upstream, 'http://127.0.0.1:1/', false);
    expect(full.versions['1.0.0'].description).toBe('long');
    expect(full.versions['1.0.0'].dist.tarball).toBe('http://127.0.0.1:1/@s/p/-/p-1.0.0.tgz');
    // The upstream object is not modified.
    expect(upstream.versions['1.0.0'].dist.tarball).toContain('upstream.invalid');
  });

  it('reads versions from tarball file names', () => {
    expect(versionOfTarball('@types/react', 'react-18.3.27.tgz')).toBe('18.3.27');
    expect(versionOfTarball('a-b', 'a-b-1.0.0-rc.1.tgz')).toBe('1.0.0-rc.1');
    expect(versionOfTarball('react', 'react-dom-18.3.1.tgz')).toBeUndefined();
    expect(versionOfTarball('react', 'react-18.3.1.tar')).toBeUndefined();
  });

  it('picks versions as npm does: latest when it satisfies, else the highest match', () => {
    const d = doc('p', { '1.0.0': {}, '1.2.0': {}, '2.0.0': {}, '3.0.0-beta.1': {} }, '1.2.0');
    expect(pickVersion(d, '^1.0.0')).toBe('1.2.0');
    expect(pickVersion(d, '*')).toBe('1.2.0');
    expect(pickVersion(d, '>=2')).toBe('2.0.0');
    expect(pickVersion(d, 'latest')).toBe('1.2.0');
    expect(pickVersion(d, '^4')).toBeUndefined();
    expect(splitSpec('@types/react@18.3.27')).toEqual({ name: '@types/react', range: '18.3.27' });
    expect(splitSpec('react')).toEqual({ name: 'react', range: 'latest' });
  });

  it('lists registry dependencies: aliases resolved, required peers, optional ones marked, non-registry specs left out', () => {
    const deps = registryDependencies({
      dependencies: { a: '^1', b: 'npm:real-b@^2', c: 'github:x/y', d: 'file:../d' },
      peerDependencies: { p: '^1', q: '^1' },
      peerDependenciesMeta: { q: { optional: true } },
      optionalDependencies: { o: '1.0.0' },
    });
    expect(deps).toEqual([
      { name: 'a', range: '^1' },
      { name: 'real-b', range: '^2' },
      { name: 'p', range: '^1' },
      { name: 'o', range: '1.0.0', optional: true },
    ]);
    expect(registryDependencies({ optionalDependencies: { o: '1' } }, { optional: false })).toEqual([]);
  });
});

describe('walkClosure', () => {
  it('follows the versions npm would pick and skips missing optional dependencies', async () => {
    const store = fakeStore({
      root: doc('root', { '1.0.0': { dependencies: { a: '^1' }, optionalDependencies: { gone: '^1', plat: '^1' } } }),
      a: doc('a', { '1.0.0': { dependencies: { old: '1' } }, '1.5.0': { dependencies: { b: '^2' } } }),
      b: doc('b', { '2.0.0': {} }),
      plat: doc('plat', { '1.0.0': { dependencies: { 'also-gone': '^1' } } }),
    });
    const { names, versions } = await walkClosure(store, [{ name: 'root', range: '1.0.0' }], { optional: true });
    expect([...names].sort()).toEqual(['a', 'b', 'plat', 'root']);
    expect([...versions.keys()].sort()).toEqual(['a@1.5.0', 'b@2.0.0', 'plat@1.0.0', 'root@1.0.0']);
  });

  it('fails on a missing required dependency', async () => {
    const store = fakeStore({ root: doc('root', { '1.0.0': { dependencies: { gone: '^1' } } }) });
    await expect(walkClosure(store, [{ name: 'root', range: '*' }], { optional: true })).rejects.toThrow(
      /cannot resolve gone@\^1/,
    );
  });
});

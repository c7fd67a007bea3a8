import { describe, expect, it } from 'vitest';
import { NpmError, type Lockfile, type ProjectManifest } from '../shared/npm';
import { resolveTree } from './resolver';
import { fakeRegistry, type VersionInit } from './testing/fake-registry';

const defs: Record<string, VersionInit> = {
  'is-number@6.0.0': { license: 'MIT' },
  'is-number@7.0.0': { license: 'MIT', engines: { node: '>=0.12.0' } },
  'is-odd@3.0.1': { dependencies: { 'is-number': '^6.0.0' } },
  'is-even@1.0.0': { dependencies: { 'is-odd': '^3.0.0' } },
  'react@17.0.2': { dependencies: { 'loose-envify': '^1.1.0' } },
  'react@18.3.1': { dependencies: { 'loose-envify': '^1.1.0' } },
  'react@19.0.0-rc.1': {},
  'react-dom@18.3.1': {
    dependencies: { 'loose-envify': '^1.1.0', scheduler: '^0.23.2' },
    peerDependencies: { react: '^18.3.1' },
  },
  'loose-envify@1.4.0': { dependencies: { 'js-tokens': '^3.0.0 || ^4.0.0' }, bin: { 'loose-envify': 'cli.js' } },
  'js-tokens@4.0.0': {},
  'scheduler@0.23.2': { dependencies: { 'loose-envify': '^1.1.0' } },
  '@s/x@1.0.0': { dependencies: { '@s/y': '^2.0.0' } },
  '@s/y@2.1.0': { bin: './bin/y.js' },
  'tool@1.0.0': { dependencies: { shared: '^1.0.0' }, scripts: { postinstall: 'node install.js' } },
  'shared@1.0.0': {},
  'shared@1.2.0': {},
  'native@1.0.0': { optionalDependencies: { 'native-linux': '1.0.0', 'native-win': '1.0.0' } },
  'native-linux@1.0.0': { os: ['linux'], cpu: ['x64'] },
  'native-win@1.0.0': { os: ['win32'], cpu: ['x64'] },
  'tagged@1.0.0': {},
  'tagged@2.0.0-beta.1': {},
  'tagged@3.0.0': {},
  'old-peer@1.0.0': { peerDependencies: { react: '^17.0.0' } },
  'soft-peer@1.0.0': {
    peerDependencies: { typescript: '*' },
    peerDependenciesMeta: { typescript: { optional: true } },
  },
  'typescript@5.0.0': {},
  'broken@1.0.0': { dependencies: { 'does-not-exist': '^1.0.0' } },
  'wants-new-react@1.0.0': { dependencies: { react: '^9.0.0' } },
};
const tags = { tagged: { latest: '1.0.0', next: '2.0.0-beta.1' } };

function manifest(m: Omit<ProjectManifest, 'name' | 'version'>): ProjectManifest {
  return { name: 'app', version: '1.0.0', ...m };
}

async function resolve(m: ProjectManifest, lockfile?: Lockfile, registry = fakeRegistry(defs, tags)) {
  const result = await resolveTree({ manifest: m, registry, ...(lockfile ? { lockfile } : {}) });
  return { ...result, registry, paths: versions(result.lockfile) };
}

/** install path -> version (with the real name for aliases) */
function versions(lock: Lockfile): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, entry] of Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b, 'en'))) {
    if (path) out[path] = `${entry.name ? `${entry.name}@` : ''}${entry.version}`;
  }
  return out;
}

describe('resolveTree layout', () => {
  it('hoists dependencies to the root and dedupes shared ones', async () => {
    const { paths, lockfile } = await resolve(manifest({ dependencies: { react: '^18.0.0', 'react-dom': '^18.0.0' } }));
    expect(paths).toEqual({
      'node_modules/js-tokens': '4.0.0',
      'node_modules/loose-envify': '1.4.0',
      'node_modules/react': '18.3.1',
      'node_modules/react-dom': '18.3.1',
      'node_modules/scheduler': '0.23.2',
    });
    expect(lockfile.packages['']).toEqual({
      name: 'app',
      version: '1.0.0',
      dependencies: { react: '^18.0.0', 'react-dom': '^18.0.0' },
    });
    expect(lockfile.packages['node_modules/react-dom']).toEqual({
      version: '18.3.1',
      resolved: 'https://example.test/react-dom/-/react-dom-18.3.1.tgz',
      integrity: 'sha512-react-dom@18.3.1',
      dependencies: { 'loose-envify': '^1.1.0', scheduler: '^0.23.2' },
      peerDependencies: { react: '^18.3.1' },
    });
    expect(lockfile.packages['node_modules/loose-envify']?.bin).toEqual({ 'loose-envify': 'cli.js' });
  });

  it('nests a conflicting version under the package that needs it', async () => {
    const { paths } = await resolve(manifest({ dependencies: { 'is-number': '7.0.0', 'is-odd': '3.0.1' } }));
    expect(paths).toEqual({
      'node_modules/is-number': '7.0.0',
      'node_modules/is-odd': '3.0.1',
      'node_modules/is-odd/node_modules/is-number': '6.0.0',
    });
  });

  it('hoists a transitive dep when nothing at the root conflicts', async () => {
    const { paths } = await resolve(manifest({ dependencies: { 'is-even': '^1.0.0' } }));
    expect(paths).toEqual({
      'node_modules/is-even': '1.0.0',
      'node_modules/is-number': '6.0.0',
      'node_modules/is-odd': '3.0.1',
    });
  });

  it('installs npm: aliases under the alias with the real name recorded', async () => {
    const { paths, lockfile } = await resolve(
      manifest({ dependencies: { react: '^18.0.0', react17: 'npm:react@^17' } }),
    );
    expect(paths['node_modules/react17']).toBe('react@17.0.2');
    expect(paths['node_modules/react']).toBe('18.3.1');
    expect(lockfile.packages['node_modules/react17']?.resolved).toBe('https://example.test/react/-/react-17.0.2.tgz');
  });

  it('resolves scoped packages and normalises a string bin to object form', async () => {
    const { paths, lockfile } = await resolve(manifest({ dependencies: { '@s/x': '^1.0.0', alias: 'npm:@s/y@^2' } }));
    expect(paths).toEqual({
      'node_modules/@s/x': '1.0.0',
      'node_modules/@s/y': '2.1.0',
      'node_modules/alias': '@s/y@2.1.0',
    });
    expect(lockfile.packages['node_modules/@s/y']?.bin).toEqual({ y: 'bin/y.js' });
  });

  it('picks versions as npm does: dist-tags, latest preferred, no prereleases for *', async () => {
    const { paths } = await resolve(
      manifest({ dependencies: { tagged: 'next', react: '*', 'is-number': '' }, devDependencies: { shared: '>=1' } }),
    );
    expect(paths['node_modules/tagged']).toBe('2.0.0-beta.1');
    expect(paths['node_modules/react']).toBe('18.3.1');
    expect(paths['node_modules/is-number']).toBe('7.0.0');
    expect(paths['node_modules/shared']).toBe('1.2.0');
    const star = await resolve(manifest({ dependencies: { tagged: '*' } }));
    // `latest` (1.0.0) wins over the higher 3.0.0 when it satisfies the range.
    expect(star.paths['node_modules/tagged']).toBe('1.0.0');
    const range = await resolve(manifest({ dependencies: { tagged: '>=2' } }));
    expect(range.paths['node_modules/tagged']).toBe('3.0.0');
  });
});

describe('resolveTree flags', () => {
  it('marks dev, optional, devOptional and peer as npm does', async () => {
    const { lockfile } = await resolve(
      manifest({
        dependencies: { 'react-dom': '^18.0.0' },
        devDependencies: { 'is-odd': '^3.0.0', 'is-even': '^1.0.0' },
        optionalDependencies: { 'is-even': '^1.0.0', tool: '^1.0.0' },
      }),
    );
    const flags = (path: string) => {
      const e = lockfile.packages[path] ?? {};
      return (['dev', 'optional', 'devOptional', 'peer'] as const).filter((f) => e[f]);
    };
    expect(flags('node_modules/react-dom')).toEqual([]);
    expect(flags('node_modules/react')).toEqual(['peer']);
    expect(flags('node_modules/loose-envify')).toEqual([]);
    // devDependencies replace the optional edge of the same name, as in arborist.
    expect(flags('node_modules/is-even')).toEqual(['dev']);
    expect(flags('node_modules/is-odd')).toEqual(['dev']);
    expect(flags('node_modules/tool')).toEqual(['optional']);
    expect(flags('node_modules/shared')).toEqual(['optional']);
    const both = await resolve(
      manifest({ devDependencies: { 'is-even': '^1.0.0' }, optionalDependencies: { 'is-odd': '^3.0.0' } }),
    );
    const e = both.lockfile.packages;
    expect(e['node_modules/is-odd']).toMatchObject({ devOptional: true });
    expect(e['node_modules/is-odd']?.dev).toBeUndefined();
    expect(e['node_modules/is-odd']?.optional).toBeUndefined();
    expect(e['node_modules/is-even']).toMatchObject({ dev: true });
  });

  it('keeps platform-specific optional packages in the lock, with os and cpu', async () => {
    const { lockfile } = await resolve(manifest({ devDependencies: { native: '^1.0.0' } }));
    expect(lockfile.packages['node_modules/native-linux']).toMatchObject({
      os: ['linux'],
      cpu: ['x64'],
      dev: true,
      optional: true,
    });
    expect(lockfile.packages['node_modules/native-win']).toMatchObject({ os: ['win32'] });
  });
});

describe('resolveTree peers, optional failures and errors', () => {
  it('warns about an unmet peer instead of failing', async () => {
    const { paths, warnings } = await resolve(manifest({ dependencies: { react: '^18.0.0', 'old-peer': '^1.0.0' } }));
    expect(paths['node_modules/react']).toBe('18.3.1');
    expect(warnings).toContain(
      'Unmet peer dependency: old-peer@1.0.0 wants react@^17.0.0, but react@18.3.1 is installed',
    );
  });

  it('places both sides of a peer conflict npm would refuse (ERESOLVE), with a warning', async () => {
    const { paths, warnings } = await resolve(manifest({ dependencies: { react: '^17.0.0', 'react-dom': '^18.0.0' } }));
    expect(paths['node_modules/react']).toBe('17.0.2');
    expect(paths['node_modules/react-dom']).toBe('18.3.1');
    expect(warnings).toEqual([
      'Unmet peer dependency: react-dom@18.3.1 wants react@^18.3.1, but react@17.0.2 is installed',
    ]);
  });

  it('installs a missing non-optional peer next to its dependent, but not optional peers', async () => {
    const { paths } = await resolve(manifest({ dependencies: { 'react-dom': '^18.0.0', 'soft-peer': '1.0.0' } }));
    expect(paths['node_modules/react']).toBe('18.3.1');
    expect(paths['node_modules/typescript']).toBeUndefined();
  });

  it('skips a failing optional dependency with a warning', async () => {
    const { paths, warnings } = await resolve(
      manifest({
        dependencies: { 'is-number': '^7.0.0' },
        optionalDependencies: { nope: '^1.0.0', broken: '^1.0.0', shared: '^9' },
      }),
    );
    expect(Object.keys(paths)).toEqual(['node_modules/broken', 'node_modules/is-number']);
    expect(warnings).toContain(
      "Skipped optional dependency 'nope' of package.json: Package 'nope' does not exist in the registry",
    );
    expect(warnings.some((w) => w.includes("'does-not-exist' of broken@1.0.0"))).toBe(true);
    expect(
      warnings.some((w) => w.startsWith("Skipped optional dependency 'shared'") && w.includes("matches '^9'")),
    ).toBe(true);
  });

  it('says which version was asked for, by whom, and what latest is', async () => {
    const error = await resolve(manifest({ dependencies: { 'wants-new-react': '1.0.0' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NpmError);
    expect((error as NpmError).code).toBe('no-matching-version');
    expect((error as NpmError).message).toBe(
      "No version of 'react' matches '^9.0.0' (required by wants-new-react@1.0.0; latest is 18.3.1)",
    );
    expect((error as NpmError).requiredBy).toBe('wants-new-react@1.0.0');
  });

  it('passes on the registry error for an unknown package, with who required it', async () => {
    const direct = await resolve(manifest({ dependencies: { nope: '^1.0.0' } })).catch((e: unknown) => e);
    expect(direct).toMatchObject({ code: 'unknown-package', packageName: 'nope', requiredBy: 'package.json' });
    const deep = await resolve(manifest({ dependencies: { broken: '^1.0.0' } })).catch((e: unknown) => e);
    expect(deep).toMatchObject({ code: 'unknown-package', requiredBy: 'broken@1.0.0' });
  });

  it('refuses specs a browser cannot install', async () => {
    const error = await resolve(manifest({ dependencies: { x: 'github:user/x' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsupported-spec', packageName: 'x' });
  });

  it('warns that install scripts are not run', async () => {
    const { warnings } = await resolve(manifest({ dependencies: { tool: '^1.0.0' } }));
    expect(warnings).toContain('Cove does not run install scripts: tool has a postinstall script');
  });

  it('is cancellable and reports progress as it grows', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const registry = fakeRegistry(defs, tags);
    const run = resolveTree({
      manifest: manifest({ dependencies: { react: '^18.0.0', 'react-dom': '^18.0.0' } }),
      registry,
      signal: controller.signal,
      onProgress: (n) => {
        seen.push(n);
        if (n >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen[0]).toBe(0);
    expect(seen.every((n, i) => i === 0 || n > (seen[i - 1] ?? -1))).toBe(true);
  });
});

describe('resolveTree with an existing lockfile', () => {
  const base = manifest({ dependencies: { react: '^18.0.0', 'is-odd': '^3.0.0' } });

  it('follows a lockfile in sync without fetching anything', async () => {
    const first = await resolve(base);
    const registry = fakeRegistry(defs, tags);
    const again = await resolve(base, first.lockfile, registry);
    expect(registry.calls).toEqual([]);
    expect(again.changed).toBe(false);
    expect(again.lockfile).toEqual(first.lockfile);
  });

  it('keeps locked versions even when newer ones exist', async () => {
    const first = await resolve(
      manifest({ dependencies: { shared: '^1.0.0' } }),
      undefined,
      fakeRegistry({ 'shared@1.0.0': {} }),
    );
    const again = await resolve(manifest({ dependencies: { shared: '^1.0.0', 'is-number': '^7' } }), first.lockfile);
    expect(again.paths['node_modules/shared']).toBe('1.0.0');
    expect(again.registry.calls).toEqual(['is-number']);
  });

  it('adds one dependency by fetching only what is new', async () => {
    const first = await resolve(base);
    const registry = fakeRegistry(defs, tags);
    const added = await resolve(
      manifest({ dependencies: { ...base.dependencies, 'react-dom': '^18.0.0' } }),
      first.lockfile,
      registry,
    );
    // react joins react-dom's peer set (fetched as npm does), but the locked copy is kept.
    expect(registry.calls.sort()).toEqual(['react', 'react-dom', 'scheduler']);
    expect(added.changed).toBe(true);
    expect(added.paths['node_modules/react-dom']).toBe('18.3.1');
    expect(added.paths['node_modules/react']).toBe('18.3.1');
  });

  it('prunes what nothing reaches any more', async () => {
    const first = await resolve(base);
    const registry = fakeRegistry(defs, tags);
    const pruned = await resolve(manifest({ dependencies: { 'is-odd': '^3.0.0' } }), first.lockfile, registry);
    expect(registry.calls).toEqual([]);
    expect(pruned.changed).toBe(true);
    expect(Object.keys(pruned.paths)).toEqual(['node_modules/is-number', 'node_modules/is-odd']);
  });

  it('re-resolves an edge whose range changed', async () => {
    const first = await resolve(base);
    const changed = await resolve(manifest({ dependencies: { react: '^17.0.0', 'is-odd': '^3.0.0' } }), first.lockfile);
    expect(changed.paths['node_modules/react']).toBe('17.0.2');
    expect(changed.registry.calls).toEqual(['react']);
  });
});

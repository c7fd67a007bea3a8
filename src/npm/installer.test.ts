import { describe, expect, it } from 'vitest';
import { MemoryFiles } from '../bundler/testing/memory-files';
import { NpmError, type InstallStatus } from '../shared/npm';
import type { InstalledTree } from './installed-packages';
import { Installer, LOCKFILE, PACKAGE_JSON } from './installer';
import { memoryPackageStore } from './package-store';
import { fakeRegistry, type VersionInit } from './testing/fake-registry';
import type { PackageContents, Registry } from './types';

const PACKAGES: Record<string, VersionInit> = {
  'app-lib@1.0.0': { dependencies: { helper: '^2.0.0' } },
  'app-lib@1.1.0': { dependencies: { helper: '^2.0.0' } },
  'helper@2.0.0': {},
  'helper@2.3.0': {},
  'build-tool@5.0.0': { dependencies: { 'tool-dep': '^1.0.0' }, hasInstallScript: true },
  'tool-dep@1.0.0': {},
  '@types/app-lib@1.0.0': {},
};

/** A registry over fake packuments whose tarballs hold just a package.json; it can stall or fail. */
function testRegistry() {
  const packuments = fakeRegistry(PACKAGES);
  const tarballs: string[] = [];
  let stall: Promise<void> | undefined;
  let fail = false;
  const registry: Registry = {
    packument: (name, signal) => packuments.packument(name, signal),
    async tarball(url, integrity, signal): Promise<PackageContents> {
      tarballs.push(url);
      if (stall) {
        const wait = stall;
        await new Promise<void>((resolve, reject) => {
          void wait.then(resolve);
          signal?.addEventListener('abort', () => reject(new NpmError('cancelled', 'cancelled')));
        });
      }
      if (fail) throw new NpmError('registry-unreachable', `Cannot reach the npm registry at ${url}`);
      const m = /\/((?:@[^/]+\/)?[^/]+)\/-\/.*-(\d+\.\d+\.\d+)\.tgz$/.exec(url)!;
      const manifest = JSON.stringify({ name: m[1], version: m[2] });
      return {
        name: m[1],
        version: m[2],
        integrity: integrity!,
        files: new Map([['package.json', new TextEncoder().encode(manifest)]]),
      };
    },
  };
  return {
    registry,
    packumentCalls: packuments.calls,
    tarballs,
    stallDownloads(until: Promise<void>) {
      stall = until;
    },
    failDownloads() {
      fail = true;
    },
  };
}

function setup(files: Record<string, string>, reg = testRegistry(), store = memoryPackageStore()) {
  const project = new MemoryFiles(files);
  const statuses: InstallStatus[] = [];
  const lockfiles: string[] = [];
  const trees: { tree: InstalledTree | undefined; runtimeChanged: boolean }[] = [];
  const installer = new Installer({
    files: project,
    store,
    createRegistry: () => reg.registry,
    registrySettings: () => ({ appSetting: '', buildDefault: 'https://registry.example.test/' }),
    onStatus: (s) => statuses.push(s),
    onLockfile: (text) => {
      lockfiles.push(text);
      project.write(LOCKFILE, text); // as the IDE does
    },
    onTypes: () => {},
    onTree: () => {},
    onPackages: (tree, runtimeChanged) => trees.push({ tree, runtimeChanged }),
    debounceMs: 0,
  });
  const ended = async () => {
    await expect.poll(() => installer.busy, { timeout: 5000 }).toBe(false);
    return statuses[statuses.length - 1];
  };
  return { project, installer, statuses, lockfiles, trees, reg, store, ended };
}

const manifest = (m: object) => JSON.stringify({ name: 'p', version: '1.0.0', ...m }, null, 2);

describe('Installer', () => {
  it('locks the whole tree, downloads only what the browser needs, and publishes runtime first', async () => {
    const s = setup({
      [PACKAGE_JSON]: manifest({
        dependencies: { 'app-lib': '^1.0.0' },
        devDependencies: { 'build-tool': '^5.0.0', '@types/app-lib': '^1.0.0' },
      }),
    });
    const last = await s.ended();
    expect(last.progress.phase).toBe('done');
    // Runtime packages, then types: the counts add up over both steps.
    expect(last.progress).toMatchObject({ downloaded: 3, toDownload: 3 });
    for (const st of s.statuses) expect(st.progress.downloaded).toBeLessThanOrEqual(st.progress.toDownload);
    expect(s.lockfiles).toHaveLength(1);
    const lock = JSON.parse(s.lockfiles[0]) as { packages: Record<string, { version: string; dev?: boolean }> };
    expect(Object.keys(lock.packages).sort()).toEqual([
      '',
      'node_modules/@types/app-lib',
      'node_modules/app-lib',
      'node_modules/build-tool',
      'node_modules/helper',
      'node_modules/tool-dep',
    ]);
    expect(lock.packages['node_modules/app-lib'].version).toBe('1.1.0');
    expect(lock.packages['node_modules/build-tool'].dev).toBe(true);
    // Build tooling is locked, never downloaded; types are.
    expect(s.reg.tarballs.map((u) => u.split('/-/')[1]).sort()).toEqual([
      'app-lib-1.0.0.tgz', // @types/app-lib
      'app-lib-1.1.0.tgz',
      'helper-2.3.0.tgz',
    ]);
    // The runtime tree went out before the build tools were locked, and the full tree did not
    // move any runtime package, so the preview is not told to reload.
    expect(s.trees.map((t) => t.runtimeChanged)).toEqual([true, false]);
    const deps = last.dependencies.map((d) => `${d.name} ${d.version} ${d.downloaded}`);
    expect(deps).toEqual(['app-lib 1.1.0 true', '@types/app-lib 1.0.0 true', 'build-tool 5.0.0 false']);
    expect(last.dependencies.find((d) => d.name === 'build-tool')?.hasInstallScript).toBe(true);
  });

  it('follows an in-sync lockfile without asking the registry, and keeps packages in the shared store', async () => {
    const first = setup({ [PACKAGE_JSON]: manifest({ dependencies: { 'app-lib': '^1.0.0' } }) });
    await first.ended();
    const files = { [PACKAGE_JSON]: first.project.readText(PACKAGE_JSON)!, [LOCKFILE]: first.lockfiles[0] };
    const again = setup(files, testRegistry(), first.store);
    const last = await again.ended();
    expect(last.progress.phase).toBe('done');
    expect(again.reg.packumentCalls).toEqual([]);
    expect(again.reg.tarballs).toEqual([]);
    expect(again.lockfiles).toEqual([]);
    expect(again.trees.at(-1)?.tree?.lookup('', 'helper')).toBe('node_modules/helper');
  });

  it('its own lockfile write starts no second install; a package.json edit installs the difference', async () => {
    const s = setup({ [PACKAGE_JSON]: manifest({ dependencies: { 'app-lib': '^1.0.0' } }) });
    await s.ended();
    const calls = s.reg.packumentCalls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(s.installer.busy).toBe(false);
    expect(s.reg.packumentCalls.length).toBe(calls);

    s.project.write(PACKAGE_JSON, manifest({ dependencies: { 'app-lib': '^1.0.0', helper: '2.0.0' } }));
    const last = await s.ended();
    expect(last.progress.phase).toBe('done');
    const lock = JSON.parse(s.lockfiles.at(-1)!) as { packages: Record<string, { version: string }> };
    expect(lock.packages['node_modules/helper'].version).toBe('2.0.0');
    // app-lib@1.1.0 wants helper@^2.0.0: 2.0.0 satisfies it, so no nested copy.
    expect(lock.packages['node_modules/app-lib/node_modules/helper']).toBeUndefined();
  });

  it('a broken package.json fails clearly and keeps the installed tree', async () => {
    const s = setup({ [PACKAGE_JSON]: manifest({ dependencies: { 'app-lib': '^1.0.0' } }) });
    await s.ended();
    const tree = s.installer.packages;
    s.project.write(PACKAGE_JSON, '{ "dependencies": { "app-lib": ');
    const last = await s.ended();
    expect(last.progress.phase).toBe('failed');
    expect(last.error?.code).toBe('bad-project-file');
    expect(last.error?.message).toMatch(/package\.json is not valid JSON/);
    expect(s.installer.packages).toBe(tree);
  });

  it('an unknown package names where it was asked for; a registry that is down fails the download', async () => {
    const s = setup({ [PACKAGE_JSON]: manifest({ dependencies: { 'no-such-thing': '^1.0.0' } }) });
    const last = await s.ended();
    expect(last.progress.phase).toBe('failed');
    expect(last.error).toMatchObject({ code: 'unknown-package', packageName: 'no-such-thing' });

    const reg = testRegistry();
    reg.failDownloads();
    const down = setup({ [PACKAGE_JSON]: manifest({ dependencies: { helper: '^2.0.0' } }) }, reg);
    const failed = await down.ended();
    expect(failed.error?.code).toBe('registry-unreachable');
    expect(down.installer.packages).toBeUndefined();
  });

  it('cancel stops a download; nothing half-installed is published; install() starts again', async () => {
    const reg = testRegistry();
    let release!: () => void;
    reg.stallDownloads(new Promise<void>((r) => (release = r)));
    const s = setup({ [PACKAGE_JSON]: manifest({ dependencies: { helper: '^2.0.0' } }) }, reg);
    await expect.poll(() => s.statuses.at(-1)?.progress.phase).toBe('downloading');
    s.installer.cancel();
    const last = await s.ended();
    expect(last.progress.phase).toBe('cancelled');
    expect(last.error).toBeUndefined();
    expect(s.installer.packages).toBeUndefined();
    release();
    s.installer.install();
    expect((await s.ended()).progress.phase).toBe('done');
    expect(s.installer.packages?.lookup('', 'helper')).toBe('node_modules/helper');
  });

  it('reads installed files for the read-only viewer', async () => {
    const s = setup({ [PACKAGE_JSON]: manifest({ dependencies: { helper: '^2.0.0' } }) });
    await s.ended();
    expect(JSON.parse(await s.installer.readFile('node_modules/helper/package.json'))).toEqual({
      name: 'helper',
      version: '2.3.0',
    });
    await expect(s.installer.readFile('node_modules/helper/missing.js')).rejects.toThrow(/does not exist/);
  });
});

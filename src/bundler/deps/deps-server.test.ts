import { beforeAll, describe, expect, it } from 'vitest';
import type { EsbuildApi } from '../loaders/types';
import { nodeEsbuild } from '../testing/node-esbuild';
import { DepsServer, type DepsCache } from './deps-server';
import { FakeInstalledPackages, type FakePackage } from './testing/fake-packages';
import { ALL_FIXTURES, miniDep1, miniReact, miniReactDom, miniScheduler } from './testing/fixtures';

let esbuild: EsbuildApi;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
});

/** esbuild that counts builds. */
function counting(): { api: EsbuildApi; builds: () => number } {
  let n = 0;
  const api: EsbuildApi = {
    transform: esbuild.transform,
    build: ((opts: Parameters<EsbuildApi['build']>[0]) => {
      n++;
      return esbuild.build(opts);
    }) as EsbuildApi['build'],
  };
  return { api, builds: () => n };
}

function memoryCache(): DepsCache & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (k) => structuredClone(map.get(k)),
    set: async (k, v) => void map.set(k, structuredClone(v)),
  };
}

const packages = new FakeInstalledPackages(ALL_FIXTURES);

describe('resolveBare', () => {
  const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });

  it('says nothing is installed before a tree is set', () => {
    expect(server.resolveBare('mini-react')).toEqual({
      error: "Package 'mini-react' is not installed (add it to package.json)",
      packageName: 'mini-react',
      notInstalled: true,
    });
  });

  it('maps bare imports of project code to versioned URLs from the tree', () => {
    server.setPackages(packages);
    expect(server.resolveBare('mini-react')).toEqual({ url: '/@npm/mini-react@18.3.1' });
    expect(server.resolveBare('mini-react-dom/client')).toEqual({ url: '/@npm/mini-react-dom@18.3.1/client' });
    expect(server.resolveBare('@mini/scoped/theme.css')).toEqual({ url: '/@npm/@mini/scoped@3.1.0/theme.css' });
    // The hoisted copy, not the one nested under another package.
    expect(server.resolveBare('mini-dep')).toEqual({ url: '/@npm/mini-dep@1.0.0' });
  });

  it('tells a missing package from a Node built-in or a bad name', () => {
    server.setPackages(packages);
    expect(server.resolveBare('left-pad')).toMatchObject({ packageName: 'left-pad', notInstalled: true });
    expect(server.resolveBare('node:fs')).toMatchObject({ notInstalled: false });
    expect(server.resolveBare('path')).toEqual({
      error: "'path' is a Node.js built-in module; browsers do not have it",
      packageName: 'path',
      notInstalled: false,
    });
    expect(server.resolveBare('@scope')).toMatchObject({ notInstalled: false });
  });
});

describe('serve', () => {
  it('answers 404 with a readable text for a version not in the tree, or no package URL', async () => {
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
    server.setPackages(packages);
    const wrong = await server.serve('/@npm/mini-react@17.0.0');
    expect(wrong).toMatchObject({ status: 404, contentType: 'text/plain; charset=utf-8' });
    expect(wrong.body).toBe(
      '404 Not Found: mini-react@17.0.0 is not installed in this project; the project has mini-react@18.3.1\n',
    );
    expect((await server.serve('/@npm/nope@1.0.0')).status).toBe(404);
    expect((await server.serve('/@npm/react')).body).toContain('is not a package URL');
    const noFile = await server.serve('/@npm/mini-styles@1.2.0/-/fonts/nope.woff2');
    expect(noFile).toMatchObject({
      status: 404,
      body: '404 Not Found: mini-styles@1.2.0 has no file fonts/nope.woff2\n',
    });
  });

  it('serves both nested versions of a package at their own URLs', async () => {
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
    server.setPackages(packages);
    expect((await server.serve('/@npm/mini-dep@1.0.0')).body).toContain('"one"');
    expect((await server.serve('/@npm/mini-dep@2.0.0')).body).toContain('"two"');
  });

  it('builds once for concurrent requests and remembers the result', async () => {
    const { api, builds } = counting();
    const server = new DepsServer({ esbuild: Promise.resolve(api) });
    server.setPackages(packages);
    const [a, b] = await Promise.all([
      server.serve('/@npm/mini-lodash-es@4.17.21/debounce'),
      server.serve('/@npm/mini-lodash-es@4.17.21/debounce'),
    ]);
    expect(a.status).toBe(200);
    expect(a.body).toBe(b.body);
    expect(builds()).toBe(1);
    await server.serve('/@npm/mini-lodash-es@4.17.21/debounce');
    expect(builds()).toBe(1);
  });

  it('one caller aborting does not cancel the shared build for the others', async () => {
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
    server.setPackages(packages);
    const controller = new AbortController();
    const aborted = server.serve('/@npm/mini-scheduler@0.23.2', controller.signal);
    const other = server.serve('/@npm/mini-scheduler@0.23.2');
    controller.abort(new Error('navigated away'));
    await expect(aborted).rejects.toThrow('navigated away');
    expect((await other).status).toBe(200);
  });

  it('reuses a persisted bundle in a new session without esbuild', async () => {
    const cache = memoryCache();
    const first = new DepsServer({ esbuild: Promise.resolve(esbuild), cache });
    first.setPackages(packages);
    const built = await first.serve('/@npm/mini-react-dom@18.3.1/client');
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.map.size).toBe(1);
    const { api, builds } = counting();
    const second = new DepsServer({ esbuild: Promise.resolve(api), cache });
    second.setPackages(packages);
    expect((await second.serve('/@npm/mini-react-dom@18.3.1/client')).body).toBe(built.body);
    expect(builds()).toBe(0);
  });

  it('rebuilds when a dependency resolves to another version in a new tree', async () => {
    const cache = memoryCache();
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild), cache });
    server.setPackages(packages);
    expect((await server.serve('/@npm/mini-react-dom@18.3.1')).body).toContain('"/@npm/mini-react@18.3.1"');
    const newer: FakePackage = { ...miniReact, manifest: { ...miniReact.manifest, version: '18.4.0' } };
    server.setPackages(new FakeInstalledPackages([newer, miniReactDom, miniScheduler]));
    const rebuilt = await server.serve('/@npm/mini-react-dom@18.3.1');
    expect(rebuilt.body).toContain('"/@npm/mini-react@18.4.0"');
    expect(rebuilt.body).not.toContain('mini-react@18.3.1');
  });

  it('rebuilds when an undeclared (hoisted) import now leads elsewhere', async () => {
    const phantom: FakePackage = {
      installPath: 'node_modules/phantom',
      manifest: { name: 'phantom', version: '1.0.0', module: 'index.js' },
      files: { 'index.js': `export { version } from 'mini-dep';\n` },
    };
    const cache = memoryCache();
    const { api, builds } = counting();
    const server = new DepsServer({ esbuild: Promise.resolve(api), cache });
    server.setPackages(new FakeInstalledPackages([phantom, miniDep1]));
    expect((await server.serve('/@npm/phantom@1.0.0')).body).toContain('/@npm/mini-dep@1.0.0');
    const dep3: FakePackage = { ...miniDep1, manifest: { ...miniDep1.manifest, version: '3.0.0' } };
    server.setPackages(new FakeInstalledPackages([phantom, dep3]));
    expect((await server.serve('/@npm/phantom@1.0.0')).body).toContain('/@npm/mini-dep@3.0.0');
    expect(builds()).toBe(2);
  });

  it('serves an error module (not cached) when the bundle fails, with the warnings', async () => {
    const cache = memoryCache();
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild), cache });
    server.setPackages(packages);
    const res = await server.serve('/@npm/mini-lodash-es@4.17.21/throttle');
    expect(res).toMatchObject({ status: 200, failed: true });
    expect(res.body).toContain('throw new Error(');
    expect(res.warnings?.[0]).toContain("has no export './throttle'");
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.map.size).toBe(0);
  });

  it('tells project code what a module exports and whether it is CommonJS', async () => {
    const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
    server.setPackages(packages);
    expect(await server.moduleInfo('/@npm/mini-lodash@4.17.21')).toEqual({
      commonJs: true,
      exports: ['default', 'module.exports'],
    });
    expect(await server.moduleInfo('/@npm/mini-react@18.3.1')).toEqual({
      commonJs: true,
      exports: [
        'build',
        'createElement',
        'default',
        'identity',
        'module.exports',
        'not-an-identifier',
        'useState',
        'version',
      ],
    });
    expect(await server.moduleInfo('/@npm/mini-lodash-es@4.17.21/debounce')).toEqual({
      commonJs: false,
      exports: ['default'],
    });
    expect(await server.moduleInfo('/@npm/mini-styles@1.2.0/dist/style.css')).toEqual({
      commonJs: false,
      exports: ['default'],
    });
    expect(await server.moduleInfo('/@npm/mini-react@1.0.0')).toBeUndefined();
    expect(await server.moduleInfo('/@npm/mini-lodash-es@4.17.21/nope')).toBeUndefined();
  });

  it('answers 503 when esbuild cannot start', async () => {
    const failed = Promise.reject(new Error('esbuild failed to start: no wasm'));
    failed.catch(() => {});
    const server = new DepsServer({ esbuild: failed });
    server.setPackages(packages);
    const res = await server.serve('/@npm/mini-scheduler@0.23.2');
    expect(res).toMatchObject({ status: 503 });
    expect(res.body).toContain('esbuild failed to start: no wasm');
  });
});

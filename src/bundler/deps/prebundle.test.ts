import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EsbuildApi } from '../loaders/types';
import { nodeEsbuild } from '../testing/node-esbuild';
import { DepsServer } from './deps-server';
import { prebundle } from './prebundle';
import { FakeInstalledPackages } from './testing/fake-packages';
import { ALL_FIXTURES } from './testing/fixtures';
import { FakeDocument, ModuleRunner } from './testing/run-modules';

let esbuild: EsbuildApi;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
});

const packages = new FakeInstalledPackages(ALL_FIXTURES);

function setup(mode: 'development' | 'production' = 'development') {
  const server = new DepsServer({ esbuild: Promise.resolve(esbuild), mode });
  server.setPackages(packages);
  const runner = new ModuleRunner(async (url) => server.serve(url));
  const url = (spec: string) => {
    const r = server.resolveBare(spec);
    if (!('url' in r)) throw new Error(r.error);
    return r.url;
  };
  return { server, runner, url };
}

async function bundle(installPath: string, subpath = '', mode: 'development' | 'production' = 'development') {
  return prebundle(esbuild, packages, { installPath, subpath, mode });
}

afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('CommonJS packages', () => {
  it('gives a CommonJS entry named exports, a default and its real module.exports', async () => {
    const { runner, url } = setup();
    const react = await runner.run(`export * as ns from ${JSON.stringify(url('mini-react'))};`);
    const ns = react.ns as Record<string, unknown>;
    expect(typeof ns.useState).toBe('function');
    expect(ns.build).toBe('DEV_BUILD_MARKER');
    expect(ns['not-an-identifier']).toBe('dashed');
    expect(ns.default).toBe(ns['module.exports']);
    expect((ns.default as { identity: unknown }).identity).toBe(ns.identity);
  });

  it('replaces NODE_ENV by mode and leaves the other build out', async () => {
    const dev = await bundle('node_modules/mini-react');
    expect(dev.ok).toBe(true);
    expect(dev.code).toContain('DEV_BUILD_MARKER');
    expect(dev.code).not.toContain('PROD_BUILD_MARKER');
    // NODE_ENV is the mode whichever way the bundle provides it (esbuild's define, or the CommonJS
    // wrapper's own `process`): the production run below reads it under vitest's own NODE_ENV.
    const prod = await bundle('node_modules/mini-react', '', 'production');
    expect(prod.code).toContain('PROD_BUILD_MARKER');
    expect(prod.code).not.toContain('DEV_BUILD_MARKER');
    const { runner, url } = setup('production');
    const ns = await runner.run(`export { build, useState } from ${JSON.stringify(url('mini-react'))};`);
    expect(ns.build).toBe('PROD_BUILD_MARKER');
    expect(typeof ns.useState).toBe('function');
  });

  it('shares one instance of a package between user code and a package that requires it', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`
      import React, { identity, useState } from ${JSON.stringify(url('mini-react'))};
      import { createRoot } from ${JSON.stringify(url('mini-react-dom/client'))};
      import { reactIdentity, __SECRET_INTERNALS } from ${JSON.stringify(url('mini-react-dom'))};
      const root = createRoot({});
      export const same = root.react === React && reactIdentity === identity && __SECRET_INTERNALS.React === React;
      export const now = root.now;
      export const state = useState(3)[0];
    `);
    expect(mod).toMatchObject({ same: true, now: 42, state: 3 });
    expect(runner.fetched).toEqual([
      '/@npm/mini-react@18.3.1',
      '/@npm/mini-react-dom@18.3.1/client',
      '/@npm/mini-react-dom@18.3.1',
      '/@npm/mini-scheduler@0.23.2',
    ]);
  });

  it('keeps other packages, and the package itself by name, external', async () => {
    const client = await bundle('node_modules/mini-react-dom', 'client');
    expect(client.ok).toBe(true);
    expect(client.code).toMatch(/import \* as \w+ from "\/@npm\/mini-react-dom@18\.3\.1"/);
    expect(client.code).not.toContain('createRoot(container)'); // the main entry is not bundled in
    expect(client.code).not.toMatch(/__require\("/); // esbuild's throwing stand-in for require()
    expect(client.externals).toEqual({ 'mini-react-dom': '/@npm/mini-react-dom@18.3.1' });
    const dom = await bundle('node_modules/mini-react-dom');
    expect(dom.externals).toEqual({
      'mini-react': '/@npm/mini-react@18.3.1',
      'mini-scheduler': '/@npm/mini-scheduler@0.23.2',
    });
  });

  it('applies the browser field, empties Node built-ins with a warning, shims process only when used', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`export * from ${JSON.stringify(url('mini-browser'))};`);
    expect(mod).toMatchObject({
      where: 'browser',
      hasFs: false,
      optional: {},
      nodeEnv: 'development',
      isBrowser: true,
      globalIsGlobalThis: true,
    });
    const withShim = await bundle('node_modules/mini-browser');
    expect(withShim.code).toContain('browser: true');
    const withoutShim = await bundle('node_modules/mini-react');
    expect(withoutShim.code).not.toContain('browser: true');
    expect(withoutShim.code).not.toContain('init_process');
    // `fs` is mapped to false by the browser field, so nothing to warn about.
    expect(withShim.warnings).toEqual([]);
  });

  it('bundles JSON required from CommonJS and serves a JSON entry as its default export', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`
      export { answer, data } from ${JSON.stringify(url('mini-data'))};
      export { default as json } from ${JSON.stringify(url('mini-data/data.json'))};
    `);
    expect(mod.answer).toBe(42);
    expect(mod.json).toEqual({ answer: 42, list: [1, 2, 3] });
  });

  it('lets a package import names of CommonJS that the lexer cannot see (lodash style)', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`
      export { ok, useState, identity } from ${JSON.stringify(url('mini-lodash-user'))};
      export { identity as reactIdentity } from ${JSON.stringify(url('mini-react'))};
      export { default as lodash } from ${JSON.stringify(url('mini-lodash'))};
    `);
    expect(mod.ok).toBe(true);
    expect(typeof mod.useState).toBe('function');
    expect(mod.identity).toBe(mod.reactIdentity);
    // Project code gets the names off the default export (see DepsServer.moduleInfo).
    expect(typeof (mod.lodash as { debounce: unknown }).debounce).toBe('function');
  });

  it("gives another package's require() of JSON the object itself", async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`export * from ${JSON.stringify(url('mini-json-user'))};`);
    expect(mod).toMatchObject({ answer: 42, dataVersion: '1.0.0' });
  });
});

describe('ESM packages', () => {
  it('resolves exports conditions and subpaths, and tree-shakes side-effect-free modules', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`
      export { build, debounce, isObject } from ${JSON.stringify(url('mini-lodash-es'))};
      export { default as debounceAlone } from ${JSON.stringify(url('mini-lodash-es/debounce'))};
      export { default as map } from ${JSON.stringify(url('mini-lodash-es/fp/map'))};
    `);
    expect(mod.build).toBe('development');
    expect(typeof mod.debounce).toBe('function');
    expect((mod.isObject as (v: unknown) => boolean)({})).toBe(true);
    expect((mod.map as (f: (x: number) => number) => (xs: number[]) => number[])((x) => x * 2)([1, 2])).toEqual([2, 4]);
    const deb = await bundle('node_modules/mini-lodash-es', 'debounce');
    expect(deb.code).not.toContain('UNUSED_MODULE_MARKER');
    const prod = await bundle('node_modules/mini-lodash-es', '', 'production');
    expect(prod.code).toContain('"default"');
  });

  it('keeps import.meta.url pointing at the file, so neighbouring files are found', async () => {
    const result = await bundle('node_modules/mini-wasm');
    const base = 'http://preview.test/@npm/mini-wasm@1.0.0';
    const mod = await new ModuleRunner(async () => ({ status: 500, body: '' })).run(
      result.code.replaceAll('import.meta.url', JSON.stringify(base)),
    );
    expect(mod.wasmUrl).toBe('http://preview.test/@npm/mini-wasm@1.0.0/-/lib/mini.wasm');
  });

  it('serves a scoped package with package imports and an external dependency', async () => {
    const { runner, url } = setup();
    expect(url('@mini/scoped/utils')).toBe('/@npm/@mini/scoped@3.1.0/utils');
    const mod = await runner.run(`
      import d, { scoped } from ${JSON.stringify(url('@mini/scoped'))};
      export { util } from ${JSON.stringify(url('@mini/scoped/utils'))};
      export { d, scoped };
    `);
    expect(mod).toMatchObject({ d: 'scoped-default', scoped: 'internal:function', util: 'util' });
  });

  it('links each package to the version its own lookup finds (two versions nested)', async () => {
    const { runner, url } = setup();
    const mod = await runner.run(`
      export { version } from ${JSON.stringify(url('mini-dep'))};
      export { depVersion } from ${JSON.stringify(url('uses-dep-2'))};
    `);
    expect(mod).toMatchObject({ version: 'one', depVersion: 'two' });
    expect(runner.fetched).toContain('/@npm/mini-dep@2.0.0');
    expect(runner.fetched).toContain('/@npm/mini-dep@1.0.0');
  });
});

describe('CSS in packages', () => {
  it('injects package CSS once, with url() pointing at the package files', async () => {
    const doc = new FakeDocument();
    (globalThis as { document?: unknown }).document = doc;
    const { runner, url, server } = setup();
    const mod = await runner.run(`
      export { className, button } from ${JSON.stringify(url('mini-styles'))};
      export { default as css } from ${JSON.stringify(url('mini-styles/dist/style.css'))};
    `);
    expect(mod.className).toBe('mini');
    expect(mod.button).toMatch(/btn/);
    const styles = doc.head.children;
    expect(styles.map((s) => s.getAttribute('data-cove-npm'))).toEqual([
      '/@npm/mini-styles@1.2.0',
      '/@npm/mini-styles@1.2.0/dist/style.css',
    ]);
    const css = styles[1].textContent;
    expect(css).toBe(mod.css);
    expect(css).toContain('.base');
    expect(styles[0].textContent).toContain(`.${mod.button as string} {`);
    expect(css).toContain('url(/@npm/mini-styles@1.2.0/-/fonts/mini.woff2)');
    expect(css).toContain('url(/@npm/mini-styles@1.2.0/-/dist/img/bg.png?v=1#x)');
    expect(css).toContain('data:image/gif;base64');
    // Re-importing the same module (as after an edit, with a query) updates, not duplicates.
    const again = (await server.serve('/@npm/mini-styles@1.2.0/dist/style.css')).body as string;
    await runner.run(`import ${JSON.stringify('data:text/javascript,' + encodeURIComponent(again))};`);
    expect(doc.head.children).toHaveLength(2);
    const font = await server.serve('/@npm/mini-styles@1.2.0/-/fonts/mini.woff2');
    expect(font).toMatchObject({ status: 200, contentType: 'font/woff2' });
    expect([...(font.body as Uint8Array).slice(0, 4)]).toEqual([0x77, 0x4f, 0x46, 0x32]);
  });

  it('serves CSS of a scoped package through its exports', async () => {
    const doc = new FakeDocument();
    (globalThis as { document?: unknown }).document = doc;
    const { runner, url } = setup();
    await runner.run(`import ${JSON.stringify(url('@mini/scoped/theme.css'))};`);
    expect(doc.head.children[0].textContent).toContain('.theme');
  });
});

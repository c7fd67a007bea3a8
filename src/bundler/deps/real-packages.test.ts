/**
 * Pre-bundles real published packages (preact and @preact/signals, from this repo's own
 * node_modules) and runs them: exports conditions, subpath entries importing the package by
 * name, a package with a dependency and a peer, all sharing one preact.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EsbuildApi } from '../loaders/types';
import { nodeEsbuild } from '../testing/node-esbuild';
import { DepsServer } from './deps-server';
import { FakeInstalledPackages, type FakePackage } from './testing/fake-packages';
import { ModuleRunner } from './testing/run-modules';

const NODE_MODULES = new URL('../../../node_modules/', import.meta.url);

function installed(name: string): FakePackage {
  const root = new URL(`${name}/`, NODE_MODULES);
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(new URL(dir, root))) {
      const rel = dir + entry;
      if (statSync(new URL(rel, root)).isDirectory()) walk(`${rel}/`);
      else files[rel] = readFileSync(new URL(rel, root));
    }
  };
  walk('');
  const manifest = JSON.parse(new TextDecoder().decode(files['package.json'])) as Record<string, unknown>;
  const { 'package.json': _, ...rest } = files;
  return { installPath: `node_modules/${name}`, manifest, files: rest };
}

let esbuild: EsbuildApi;
let packages: FakeInstalledPackages;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
  packages = new FakeInstalledPackages(['preact', '@preact/signals', '@preact/signals-core'].map(installed));
});

function setup() {
  const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
  server.setPackages(packages);
  const url = (spec: string) => {
    const r = server.resolveBare(spec);
    if (!('url' in r)) throw new Error(r.error);
    return JSON.stringify(r.url);
  };
  return { server, url, runner: new ModuleRunner((u) => server.serve(u)) };
}

describe('real packages', () => {
  it('preact and preact/hooks share one preact (hooks install into its options)', async () => {
    const { url, runner } = setup();
    const version = packages.lockfile.packages['node_modules/preact'].version;
    const mod = await runner.run(`
      import { h, options, render, Fragment } from ${url('preact')};
      import { useState, useEffect } from ${url('preact/hooks')};
      import { jsx } from ${url('preact/jsx-runtime')};
      export const ok = [h, render, Fragment, useState, useEffect, jsx].every((f) => f !== undefined);
      export const hooksInstalled = typeof options.diffed === 'function' && typeof options.unmount === 'function';
      export const vnode = jsx('b', { children: 'x' }).type;
    `);
    expect(mod).toMatchObject({ ok: true, hooksInstalled: true, vnode: 'b' });
    expect(runner.fetched.filter((u) => u === `/@npm/preact@${version}`)).toHaveLength(1);
    const hooks = await setup().server.serve(`/@npm/preact@${version}/hooks`);
    // The browser condition's file, with preact itself left external.
    expect(hooks.body).toContain(`from "/@npm/preact@${version}"`);
    expect(hooks.body).not.toContain('function render(');
  });

  it('@preact/signals links to signals-core and the one preact', async () => {
    const { url, runner } = setup();
    const mod = await runner.run(`
      import { signal, computed, useSignal } from ${url('@preact/signals')};
      import { options } from ${url('preact')};
      const count = signal(2);
      const double = computed(() => count.value * 2);
      count.value = 5;
      export const value = double.value;
      export const hook = typeof useSignal;
      export const patched = typeof options.__b;
    `);
    expect(mod).toMatchObject({ value: 10, hook: 'function', patched: 'function' });
    const core = packages.lockfile.packages['node_modules/@preact/signals-core'].version;
    expect(runner.fetched).toContain(`/@npm/@preact/signals-core@${core}`);
  });
});

/**
 * The CommonJS wrapper (no esbuild) against the esbuild path: which packages it takes, and that
 * what it emits runs like a bundle (relative requires, JSON, `this`, other packages, the mode).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EsbuildApi } from '../loaders/types';
import { nodeEsbuild } from '../testing/node-esbuild';
import { DepsServer } from './deps-server';
import { prebundle } from './prebundle';
import { FakeInstalledPackages } from './testing/fake-packages';
import { ModuleRunner } from './testing/run-modules';

let esbuild: EsbuildApi;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
});

const packages = new FakeInstalledPackages([
  {
    installPath: 'node_modules/plain-cjs',
    manifest: { name: 'plain-cjs', version: '1.0.0', main: 'lib/index.js' },
    files: {
      'lib/index.js': [
        '#!/usr/bin/env node',
        "var data = require('../data.json');",
        "var util = require('./util');",
        "var dep = require('dep-cjs');",
        "try { require('optional-missing'); } catch (e) { exports.optionalMissing = true; }",
        'exports.label = util.label(data.name);',
        'exports.depValue = dep.value;',
        'exports.sameThis = this === module.exports;',
        'exports.dirname = __dirname;',
        'exports.mode = process.env.NODE_ENV;',
      ].join('\n'),
      'lib/util.js': "module.exports = { label: function (n) { return '<' + n + '>'; } };",
      'data.json': '{ "name": "plain" }',
    },
    lock: { dependencies: { 'dep-cjs': '^1.0.0' } },
  },
  {
    installPath: 'node_modules/dep-cjs',
    manifest: { name: 'dep-cjs', version: '1.0.0' },
    files: { 'index.js': 'exports.value = 42;' },
  },
  {
    installPath: 'node_modules/cjs-with-css',
    manifest: { name: 'cjs-with-css', version: '1.0.0' },
    files: { 'index.js': "require('./style.css'); exports.ok = true;", 'style.css': 'p { color: red }' },
  },
]);

function setup() {
  const server = new DepsServer({ esbuild: Promise.resolve(esbuild) });
  server.setPackages(packages);
  const runner = new ModuleRunner(async (url) => server.serve(url));
  return { server, runner };
}

describe('the CommonJS wrapper', () => {
  it('runs a plain CommonJS package without esbuild: relative files, JSON, other packages, this, the mode', async () => {
    const result = await prebundle(esbuild, packages, {
      installPath: 'node_modules/plain-cjs',
      subpath: '',
      mode: 'development',
    });
    expect(result.ok).toBe(true);
    expect(result.code).toContain('__cove_files');
    expect(result.externals).toEqual({ 'dep-cjs': '/@npm/dep-cjs@1.0.0' });
    const { runner } = setup();
    const ns = await runner.run('export * as m from "/@npm/plain-cjs@1.0.0";');
    const m = ns.m as Record<string, unknown>;
    expect(m.label).toBe('<plain>');
    expect(m.depValue).toBe(42);
    expect(m.sameThis).toBe(true);
    expect(m.dirname).toBe('/lib');
    expect(m.mode).toBe('development');
    expect(m.optionalMissing).toBe(true);
    expect(m.default).toBe(m['module.exports']);
  });

  it('leaves packages that need more than CommonJS (here: a required CSS file) to esbuild', async () => {
    const result = await prebundle(esbuild, packages, {
      installPath: 'node_modules/cjs-with-css',
      subpath: '',
      mode: 'development',
    });
    expect(result.ok).toBe(true);
    expect(result.code).not.toContain('__cove_files');
    expect(result.code).toContain('color: red');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { EsbuildApi } from '../loaders/types';
import { nodeEsbuild } from '../testing/node-esbuild';
import { prebundle } from './prebundle';
import { FakeInstalledPackages, type FakePackage } from './testing/fake-packages';
import { miniLodashEs } from './testing/fixtures';
import { ModuleRunner } from './testing/run-modules';

let esbuild: EsbuildApi;
beforeAll(async () => {
  esbuild = await nodeEsbuild();
});

const broken: FakePackage[] = [
  miniLodashEs,
  {
    installPath: 'node_modules/missing-file',
    manifest: { name: 'missing-file', version: '1.0.0', module: 'index.js' },
    files: { 'index.js': `import helper from './helper.js';\nexport default helper;\n` },
  },
  {
    installPath: 'node_modules/ghost-import',
    manifest: { name: 'ghost-import', version: '1.0.0', module: 'index.js', dependencies: { ghost: '1' } },
    files: { 'index.js': `import ghost from 'ghost';\nexport default ghost;\n` },
  },
  {
    installPath: 'node_modules/optional-require',
    manifest: { name: 'optional-require', version: '1.0.0', main: 'index.js' },
    files: {
      'index.js': `var path = require('path');
try {
  module.exports = require('not-installed');
} catch (e) {
  module.exports = { fallback: true, message: e.message, pathJoin: typeof path.join };
}
`,
    },
  },
  {
    installPath: 'node_modules/syntax-error',
    manifest: { name: 'syntax-error', version: '1.0.0', main: 'index.js' },
    files: { 'index.js': `exports.ok = 1;\nexports.bad = ;\n` },
  },
  {
    installPath: 'node_modules/no-entry',
    manifest: { name: 'no-entry', version: '1.0.0', main: 'dist/gone.js' },
    files: { 'README.md': '' },
  },
];
const packages = new FakeInstalledPackages(broken);

async function failing(installPath: string, subpath = '') {
  const result = await prebundle(esbuild, packages, { installPath, subpath, mode: 'development' });
  expect(result.ok).toBe(false);
  expect(result.contentType).toBe('text/javascript; charset=utf-8');
  const runner = new ModuleRunner(async () => ({ status: 500, body: '' }));
  const thrown = await runner.run(result.code).then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  expect(thrown).toBeInstanceOf(Error);
  return { result, message: thrown!.message };
}

describe('pre-bundle failures', () => {
  it('a missing relative file: a module that throws, naming the package and file, and a warning', async () => {
    const { result, message } = await failing('node_modules/missing-file');
    expect(message).toBe(
      "Cove could not prepare 'missing-file' for the browser: node_modules/missing-file/index.js:1:20: " +
        "Cannot find './helper.js' from 'index.js' in package 'missing-file'",
    );
    expect(result.warnings).toEqual([
      "node_modules/missing-file/index.js:1:20: Cannot find './helper.js' from 'index.js' in package 'missing-file'",
    ]);
    // The overlay gets a diagnostic that opens the file in the read-only node_modules view.
    expect(result.code).toContain('"file":"node_modules/missing-file/index.js","line":1,"column":20');
  });

  it('a subpath the package does not export', async () => {
    const { message } = await failing('node_modules/mini-lodash-es', 'throttle');
    expect(message).toContain(
      "Package 'mini-lodash-es' has no export './throttle' (its exports allow: '.', './debounce'",
    );
  });

  it('a static import of a package that is not installed', async () => {
    const { message } = await failing('node_modules/ghost-import');
    expect(message).toContain(
      "ghost-import@1.0.0 (index.js) imports 'ghost', but 'ghost' is not installed (ghost-import declares it: add it to package.json or reinstall)",
    );
  });

  it('a syntax error, placed at its line and column', async () => {
    const { result } = await failing('node_modules/syntax-error');
    expect(result.warnings[0]).toMatch(/^node_modules\/syntax-error\/index\.js:2:15: Unexpected ";"/);
  });

  it('a package whose entry is not in it', async () => {
    const { message } = await failing('node_modules/no-entry');
    expect(message).toContain("Package 'no-entry' names its entry 'dist/gone.js', which is not in the package");
  });

  it('nothing installed at the path', async () => {
    const { message } = await failing('node_modules/nothing');
    expect(message).toContain('Nothing is installed at node_modules/nothing');
  });

  it('a require() of a missing package throws when it runs, so try/catch fallbacks work; built-ins warn', async () => {
    const result = await prebundle(esbuild, packages, {
      installPath: 'node_modules/optional-require',
      subpath: '',
      mode: 'development',
    });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      "optional-require@1.0.0 imports Node's built-in module 'path', which browsers do not have; it gets an empty module",
      "optional-require@1.0.0 (index.js) imports 'not-installed', but 'not-installed' is not installed",
    ]);
    const mod = await new ModuleRunner(async () => ({ status: 500, body: '' })).run(result.code);
    expect(mod.default).toEqual({
      fallback: true,
      message: "optional-require@1.0.0 (index.js) imports 'not-installed', but 'not-installed' is not installed",
      pathJoin: 'undefined',
    });
  });
});

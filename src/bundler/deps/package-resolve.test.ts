import { describe, expect, it } from 'vitest';
import type { PackageContents } from '../../npm/types';
import {
  PackageFiles,
  PackageResolveError,
  browserModuleMapping,
  hasSideEffects,
  resolveEntry,
  resolveHashImport,
  resolveRelativeIn,
} from './package-resolve';
import { miniBrowser, miniLodashEs, scoped } from './testing/fixtures';
import type { FakePackage } from './testing/fake-packages';

function pkg(p: FakePackage | { manifest: Record<string, unknown>; files: Record<string, string> }): PackageFiles {
  const manifest = p.manifest ?? {};
  const files = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries({ 'package.json': JSON.stringify(manifest), ...p.files })) {
    files.set(k, typeof v === 'string' ? new TextEncoder().encode(v) : v);
  }
  const contents: PackageContents = {
    name: String(manifest.name ?? 'p'),
    version: String(manifest.version ?? '1.0.0'),
    integrity: 'sha512-x',
    files,
  };
  return new PackageFiles(contents);
}

const dev = { mode: 'development' as const };
const prod = { mode: 'production' as const };

function errorOf(run: () => unknown): PackageResolveError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackageResolveError);
    return error as PackageResolveError;
  }
  throw new Error('expected a PackageResolveError');
}

describe('exports', () => {
  const lodash = pkg(miniLodashEs);

  it('picks conditions by mode and by import or require', () => {
    expect(resolveEntry(lodash, '', dev)).toEqual({ kind: 'file', path: 'index.dev.js' });
    expect(resolveEntry(lodash, '', prod)).toEqual({ kind: 'file', path: 'index.js' });
    expect(resolveEntry(lodash, '', { ...dev, require: true })).toEqual({ kind: 'file', path: 'index.cjs' });
  });

  it('resolves subpaths and subpath patterns', () => {
    expect(resolveEntry(lodash, 'debounce', dev)).toEqual({ kind: 'file', path: 'debounce.js' });
    expect(resolveEntry(lodash, './fp/map', dev)).toEqual({ kind: 'file', path: 'fp/map.js' });
    expect(resolveEntry(lodash, 'package.json', dev)).toEqual({ kind: 'file', path: 'package.json' });
  });

  it('prefers browser, then import, in the order the package lists its conditions', () => {
    const p = pkg({
      manifest: {
        name: 'cond',
        exports: { '.': { node: './node.js', browser: { import: './b.mjs', default: './b.js' }, default: './d.js' } },
      },
      files: { 'node.js': '', 'b.mjs': '', 'b.js': '', 'd.js': '' },
    });
    expect(resolveEntry(p, '', dev)).toEqual({ kind: 'file', path: 'b.mjs' });
  });

  it('names the package, the subpath and what it allows when an export is missing', () => {
    const e = errorOf(() => resolveEntry(lodash, 'throttle', dev));
    expect(e.message).toBe(
      "Package 'mini-lodash-es' has no export './throttle' (its exports allow: '.', './debounce', './fp/*', './internal/*', './package.json')",
    );
    expect(e.packageName).toBe('mini-lodash-es');
    expect(e.subpath).toBe('./throttle');
    // A null target hides the files behind it.
    expect(errorOf(() => resolveEntry(lodash, 'internal/secret', dev)).message).toContain(
      "no export './internal/secret'",
    );
  });

  it('says when no condition fits the browser, and when an export points at a missing file', () => {
    const nodeOnly = pkg({ manifest: { name: 'n', exports: { node: './n.js' } }, files: { 'n.js': '' } });
    expect(errorOf(() => resolveEntry(nodeOnly, '', dev)).message).toBe(
      "Package 'n' has no export '.' for the browser (conditions tried: browser, import, module, development, default)",
    );
    const broken = pkg({ manifest: { name: 'b', exports: './dist/b.js' }, files: {} });
    expect(errorOf(() => resolveEntry(broken, '', dev)).message).toBe(
      "Package 'b' exports '.' to './dist/b.js', which is not in the package",
    );
  });

  it('resolves package imports (#x) to files or other packages', () => {
    const p = pkg(scoped);
    expect(resolveHashImport(p, '#internal', dev)).toEqual({ kind: 'file', path: 'internal.mjs' });
    const dep = pkg({ manifest: { name: 'd', imports: { '#dep': 'other-pkg' } }, files: {} });
    expect(resolveHashImport(dep, '#dep', dev)).toEqual({ kind: 'bare', spec: 'other-pkg' });
    expect(errorOf(() => resolveHashImport(p, '#nope', dev)).message).toBe(
      `Package '@mini/scoped' has no import '#nope' in its "imports"`,
    );
  });
});

describe('without exports', () => {
  it('uses module, then main, then index.js, probing extensions and folders', () => {
    const p = pkg({
      manifest: { name: 'm', module: 'esm/index', main: 'lib' },
      files: { 'esm/index.js': '', 'lib/index.js': '' },
    });
    expect(resolveEntry(p, '', dev)).toEqual({ kind: 'file', path: 'esm/index.js' });
    expect(resolveEntry(p, '', { ...dev, require: true })).toEqual({ kind: 'file', path: 'lib/index.js' });
    const bare = pkg({ manifest: { name: 'i' }, files: { 'index.js': '' } });
    expect(resolveEntry(bare, '', dev)).toEqual({ kind: 'file', path: 'index.js' });
  });

  it('resolves deep imports to files, with extensions, folder package.json and index', () => {
    const p = pkg({
      manifest: { name: 'deep', main: 'index.js' },
      files: {
        'index.js': '',
        'client.js': '',
        'data.json': '{}',
        'hooks/package.json': JSON.stringify({ module: '../dist/hooks.mjs', main: '../dist/hooks.js' }),
        'dist/hooks.mjs': '',
        'dist/hooks.js': '',
        'utils/index.cjs': '',
      },
    });
    expect(resolveEntry(p, 'client', dev)).toEqual({ kind: 'file', path: 'client.js' });
    expect(resolveEntry(p, 'data.json', dev)).toEqual({ kind: 'file', path: 'data.json' });
    expect(resolveEntry(p, 'hooks', dev)).toEqual({ kind: 'file', path: 'dist/hooks.mjs' });
    expect(resolveEntry(p, 'utils', dev)).toEqual({ kind: 'file', path: 'utils/index.cjs' });
    expect(errorOf(() => resolveEntry(p, 'nope', dev)).message).toBe("Package 'deep' has no file './nope'");
  });

  it('prefers an ESM module entry over a browser entry that is UMD', () => {
    const p = pkg({
      manifest: { name: 'u', browser: 'dist/u.umd.js', module: 'dist/u.mjs', main: 'dist/u.js' },
      files: {
        'dist/u.umd.js': '(function (g) { g.u = 1; })(this);',
        'dist/u.mjs': 'export default 1',
        'dist/u.js': '',
      },
    });
    expect(resolveEntry(p, '', dev)).toEqual({ kind: 'file', path: 'dist/u.mjs' });
    const esmBrowser = pkg({
      manifest: { name: 'v', browser: 'b.js', module: 'm.js' },
      files: { 'b.js': 'export default 1', 'm.js': 'export default 2' },
    });
    expect(resolveEntry(esmBrowser, '', dev)).toEqual({ kind: 'file', path: 'b.js' });
  });

  it('applies the browser field object to entries, relative files and bare names', () => {
    const p = pkg(miniBrowser);
    expect(resolveEntry(p, '', dev)).toEqual({ kind: 'file', path: 'lib/index.js' });
    expect(resolveRelativeIn(p, 'lib/index.js', './node.js')).toEqual({ kind: 'file', path: 'lib/browser.js' });
    expect(resolveRelativeIn(p, 'lib/index.js', './node')).toEqual({ kind: 'file', path: 'lib/browser.js' });
    expect(resolveRelativeIn(p, 'lib/index.js', './optional')).toEqual({ kind: 'empty' });
    expect(browserModuleMapping(p, 'fs')).toEqual({ kind: 'empty' });
    expect(browserModuleMapping(p, 'path')).toBeUndefined();
    const remap = pkg({
      manifest: { name: 'r', browser: { buffer: 'buffer-lite', './a.js': './b.js' } },
      files: { 'a.js': '', 'b.js': '' },
    });
    expect(browserModuleMapping(remap, 'buffer')).toEqual({ kind: 'bare', spec: 'buffer-lite' });
    expect(resolveEntry(remap, 'a', dev)).toEqual({ kind: 'file', path: 'b.js' });
  });

  it('keeps relative imports inside the package', () => {
    const p = pkg({ manifest: { name: 'r' }, files: { 'index.js': '', 'lib/a.js': '' } });
    expect(resolveRelativeIn(p, 'lib/a.js', '..')).toEqual({ kind: 'file', path: 'index.js' });
    expect(resolveRelativeIn(p, 'index.js', '.')).toEqual({ kind: 'file', path: 'index.js' });
    expect(errorOf(() => resolveRelativeIn(p, 'lib/a.js', '../../x')).message).toBe(
      "'../../x' in r/lib/a.js points outside the package",
    );
    expect(errorOf(() => resolveRelativeIn(p, 'lib/a.js', './b')).message).toBe(
      "Cannot find './b' from 'lib/a.js' in package 'r'",
    );
  });
});

describe('sideEffects', () => {
  it('reads false and glob lists, and never drops CSS', () => {
    const none = pkg({ manifest: { name: 'a', sideEffects: false }, files: {} });
    expect(hasSideEffects(none, 'lib/a.js')).toBe(false);
    expect(hasSideEffects(none, 'lib/a.css')).toBe(true);
    const some = pkg({ manifest: { name: 'b', sideEffects: ['./src/polyfill.js', '*.scss'] }, files: {} });
    expect(hasSideEffects(some, 'src/polyfill.js')).toBe(true);
    expect(hasSideEffects(some, 'deep/x.scss')).toBe(true);
    expect(hasSideEffects(some, 'src/other.js')).toBe(false);
    expect(hasSideEffects(pkg({ manifest: { name: 'c' }, files: {} }), 'x.js')).toBe(true);
  });
});

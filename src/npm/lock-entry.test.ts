import { describe, expect, it } from 'vitest';
import { lockEntryFromManifest, normalizeBin } from './lock-entry';

describe('lockEntryFromManifest', () => {
  it('copies what npm writes, normalised as pacote normalises manifests', () => {
    const entry = lockEntryFromManifest('alias', {
      name: '@s/tool',
      version: '1.0.0',
      dependencies: { a: '^1', fsevents: '^2' },
      optionalDependencies: { fsevents: '^2' },
      bin: './cli.js',
      license: { type: 'MIT' } as never,
      funding: 'https://example.test/fund',
      scripts: { postinstall: 'node x.js' },
      os: [],
      engines: { node: '>=18' },
      dist: { tarball: 'https://example.test/t.tgz', shasum: '0a0b' },
    } as never);
    expect(entry).toEqual({
      name: '@s/tool',
      version: '1.0.0',
      resolved: 'https://example.test/t.tgz',
      integrity: 'sha1-Cgs=',
      dependencies: { a: '^1' },
      optionalDependencies: { fsevents: '^2' },
      funding: { url: 'https://example.test/fund' },
      engines: { node: '>=18' },
      license: 'MIT',
      hasInstallScript: true,
      bin: { tool: 'cli.js' },
    });
  });

  it('keeps bin targets inside the package', () => {
    expect(normalizeBin('x', { 'a/b': '../../etc/passwd', c: 5, d: './bin//d.js' })).toEqual({
      b: 'etc/passwd',
      d: 'bin/d.js',
    });
    expect(normalizeBin('x', ['bin/one.js'])).toEqual({ 'one.js': 'bin/one.js' });
    expect(normalizeBin('x', {})).toBeUndefined();
  });
});

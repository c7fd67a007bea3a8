import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../shared/npm';
import { lockfileInSync, parseLockfile, serializeLockfile } from './lockfile';

const lock: Lockfile = {
  name: 'app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    'node_modules/react': {
      dependencies: { 'loose-envify': '^1.1.0' },
      engines: { node: '>=0.10.0' },
      license: 'MIT',
      integrity: 'sha512-r',
      resolved: 'https://example.test/react/-/react-18.3.1.tgz',
      version: '18.3.1',
    },
    'node_modules/@types/react': { version: '18.3.27', dev: true, dependencies: { csstype: '^3.0.2' } },
    'node_modules/csstype': { version: '3.1.3', dev: true },
    'node_modules/loose-envify': {
      version: '1.4.0',
      bin: { 'loose-envify': 'cli.js' },
      dependencies: { 'js-tokens': '^3.0.0 || ^4.0.0' },
    },
    'node_modules/js-tokens': { version: '4.0.0' },
    'node_modules/Zeta': { version: '1.0.0', optional: true, os: ['darwin'], cpu: ['arm64'] },
    '': {
      version: '1.0.0',
      name: 'app',
      devDependencies: { '@types/react': '^18.3.0' },
      dependencies: { react: '^18.3.1' },
      optionalDependencies: { Zeta: '1.0.0' },
    },
  },
};

describe('serializeLockfile', () => {
  it('writes what npm writes: key order, 2 spaces, trailing newline', () => {
    const text = serializeLockfile(lock);
    expect(text.endsWith('}\n')).toBe(true);
    const keys = Object.keys(JSON.parse(text).packages);
    expect(keys).toEqual([
      '',
      'node_modules/@types/react',
      'node_modules/csstype',
      'node_modules/js-tokens',
      'node_modules/loose-envify',
      'node_modules/react',
      'node_modules/Zeta',
    ]);
    expect(text.slice(0, text.indexOf('"packages"'))).toBe(
      '{\n  "name": "app",\n  "version": "1.0.0",\n  "lockfileVersion": 3,\n  "requires": true,\n  ',
    );
    expect(text).toContain(
      [
        '    "node_modules/react": {',
        '      "version": "18.3.1",',
        '      "resolved": "https://example.test/react/-/react-18.3.1.tgz",',
        '      "integrity": "sha512-r",',
        '      "license": "MIT",',
        '      "dependencies": {',
        '        "loose-envify": "^1.1.0"',
        '      },',
        '      "engines": {',
        '        "node": ">=0.10.0"',
        '      }',
        '    },',
      ].join('\n'),
    );
    // Scalars (arrays count) before objects; `dependencies` first among objects.
    expect(text).toContain(
      '"version": "1.0.0",\n      "cpu": [\n        "arm64"\n      ],\n      "optional": true,\n      "os"',
    );
    expect(text).toContain('"version": "1.4.0",\n      "dependencies": {\n        "js-tokens"');
    expect(text).toContain(
      '"name": "app",\n      "version": "1.0.0",\n      "dependencies": {\n        "react": "^18.3.1"\n      },\n      "devDependencies"',
    );
  });

  it('round-trips through parseLockfile', () => {
    const text = serializeLockfile(lock);
    expect(serializeLockfile(parseLockfile(text))).toBe(text);
  });
});

describe('parseLockfile', () => {
  it('accepts lockfileVersion 2 and 3 and drops the v1 section', () => {
    const v2 = parseLockfile(
      JSON.stringify({ name: 'a', lockfileVersion: 2, requires: true, packages: { '': {} }, dependencies: {} }),
    );
    expect(v2).toEqual({ name: 'a', lockfileVersion: 3, requires: true, packages: { '': {} } });
  });

  it('refuses lockfileVersion 1 with the reason', () => {
    expect(() => parseLockfile('{"lockfileVersion":1,"dependencies":{}}')).toThrow(/lockfileVersion 1/);
    expect(() => parseLockfile('{"lockfileVersion":3}')).toThrow(/no "packages"/);
  });

  it('says where broken JSON breaks', () => {
    let error: unknown;
    try {
      parseLockfile('{\n  "lockfileVersion": 3,\n  "packages": {\n    "": {,}\n  }\n}\n');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'bad-project-file' });
    expect((error as Error).message).toMatch(/at line 4$/);
  });
});

describe('lockfileInSync', () => {
  const manifest = {
    name: 'app',
    version: '1.0.0',
    dependencies: { react: '^18.3.1' },
    devDependencies: { '@types/react': '^18.3.0' },
    optionalDependencies: { Zeta: '1.0.0' },
  };

  it('is true when package.json matches the root entry and the tree satisfies every edge', () => {
    expect(lockfileInSync(lock, manifest)).toBe(true);
  });

  it('is false when package.json lists other dependencies', () => {
    expect(lockfileInSync(lock, { ...manifest, dependencies: { react: '^18.3.1', 'react-dom': '^18' } })).toBe(false);
    expect(lockfileInSync(lock, { ...manifest, dependencies: { react: '^18.2.0' } })).toBe(false);
  });

  it('is false when a locked package no longer satisfies what depends on it', () => {
    const broken = structuredClone(lock);
    broken.packages['node_modules/js-tokens'] = { version: '2.0.0' };
    expect(lockfileInSync(broken, manifest)).toBe(false);
    const missing = structuredClone(lock);
    delete missing.packages['node_modules/csstype'];
    expect(lockfileInSync(missing, manifest)).toBe(false);
  });

  it('tolerates a missing optional dependency', () => {
    const skipped = structuredClone(lock);
    delete skipped.packages['node_modules/Zeta'];
    expect(lockfileInSync(skipped, manifest)).toBe(true);
  });
});

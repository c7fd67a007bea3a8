import { describe, expect, it } from 'vitest';
import type { Lockfile } from '../shared/npm';
import { lookupInstallPath } from './tree-lookup';

const lock: Lockfile = {
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': {},
    'node_modules/a': { version: '1.0.0' },
    'node_modules/b': { version: '2.0.0' },
    'node_modules/c': { version: '1.0.0' },
    'node_modules/a/node_modules/b': { version: '1.0.0' },
    'node_modules/a/node_modules/b/node_modules/c': { version: '3.0.0' },
    'node_modules/@s/x': { version: '1.0.0' },
    'node_modules/@s/x/node_modules/b': { version: '4.0.0' },
    'node_modules/@s/y': { version: '1.0.0' },
  },
};

describe('lookupInstallPath', () => {
  it('finds from the project root only at the top level', () => {
    expect(lookupInstallPath(lock, '', 'a')).toBe('node_modules/a');
    expect(lookupInstallPath(lock, '', '@s/x')).toBe('node_modules/@s/x');
    expect(lookupInstallPath(lock, '', 'missing')).toBeUndefined();
  });

  it('walks up from a nested package like Node does', () => {
    const from = 'node_modules/a/node_modules/b';
    expect(lookupInstallPath(lock, from, 'c')).toBe('node_modules/a/node_modules/b/node_modules/c');
    expect(lookupInstallPath(lock, from, 'b')).toBe('node_modules/a/node_modules/b');
    expect(lookupInstallPath(lock, from, 'a')).toBe('node_modules/a');
    expect(lookupInstallPath(lock, 'node_modules/a', 'b')).toBe('node_modules/a/node_modules/b');
    expect(lookupInstallPath(lock, 'node_modules/a', 'c')).toBe('node_modules/c');
    expect(lookupInstallPath(lock, 'node_modules/c', 'b')).toBe('node_modules/b');
  });

  it('treats a scope as part of the folder name, not a level', () => {
    expect(lookupInstallPath(lock, 'node_modules/@s/x', 'b')).toBe('node_modules/@s/x/node_modules/b');
    expect(lookupInstallPath(lock, 'node_modules/@s/x', '@s/y')).toBe('node_modules/@s/y');
    expect(lookupInstallPath(lock, 'node_modules/@s/y', 'b')).toBe('node_modules/b');
  });

  it('answers repeated questions from its index, per lockfile', () => {
    const other: Lockfile = { ...lock, packages: { '': {}, 'node_modules/b': { version: '9.0.0' } } };
    expect(lookupInstallPath(lock, 'node_modules/a', 'b')).toBe('node_modules/a/node_modules/b');
    expect(lookupInstallPath(other, 'node_modules/a', 'b')).toBe('node_modules/b');
    // The index belongs to the lockfile object: the first one still answers from its own.
    expect(lookupInstallPath(lock, 'node_modules/a', 'b')).toBe('node_modules/a/node_modules/b');
  });
});

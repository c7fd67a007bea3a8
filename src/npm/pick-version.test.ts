import { describe, expect, it } from 'vitest';
import type { Packument, VersionManifest } from '../shared/npm';
import { pickVersion } from './pick-version';
import { parseRegistrySpec } from './spec';

function packument(versions: Record<string, Partial<VersionManifest>>, tags: Record<string, string>): Packument {
  const out: Packument = { name: 'p', 'dist-tags': tags, versions: {} };
  for (const [version, fields] of Object.entries(versions)) {
    out.versions[version] = { name: 'p', version, dist: { tarball: `t/${version}` }, ...fields };
  }
  return out;
}

const pick = (p: Packument, spec: string, node?: string) =>
  pickVersion(p, parseRegistrySpec('p', spec), node ? { node } : {})?.version;

describe('pickVersion', () => {
  const p = packument(
    {
      '1.0.0': {},
      '1.1.0': { deprecated: 'use 1.2' },
      '1.2.0': { engines: { node: '>=22' } },
      '2.0.0': {},
      '3.0.0-beta.1': {},
    },
    { latest: '1.2.0', beta: '3.0.0-beta.1' },
  );

  it('prefers latest when it satisfies and nothing excludes it', () => {
    expect(pick(p, '^1.0.0')).toBe('1.2.0');
    expect(pick(p, '*')).toBe('1.2.0');
    expect(pick(p, '>=2')).toBe('2.0.0');
  });

  it('passes over versions whose engines exclude the runtime, then deprecated ones', () => {
    expect(pick(p, '^1.0.0', 'v20.0.0')).toBe('1.0.0');
    expect(pick(p, '~1.1.0', 'v20.0.0')).toBe('1.1.0');
  });

  it('takes tags and exact versions literally', () => {
    expect(pick(p, 'beta')).toBe('3.0.0-beta.1');
    expect(pick(p, '1.1.0')).toBe('1.1.0');
    expect(pick(p, 'nope')).toBeUndefined();
    expect(pick(p, '^9')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { NpmError } from '../shared/npm';
import { parseDependencySpec, parseRegistrySpec, specSatisfiedBy } from './spec';

describe('parseDependencySpec', () => {
  it('reads ranges, exact versions, tags and the empty spec', () => {
    expect(parseDependencySpec('react', '^18.2.0')).toEqual({ name: 'react', range: '^18.2.0' });
    expect(parseDependencySpec('react', ' >=1.2 <2 ')).toEqual({ name: 'react', range: '>=1.2 <2' });
    expect(parseDependencySpec('react', 'v18.3.1')).toEqual({ name: 'react', range: '18.3.1' });
    expect(parseDependencySpec('react', '*')).toEqual({ name: 'react', range: '*' });
    expect(parseDependencySpec('react', '')).toEqual({ name: 'react', range: 'latest' });
    expect(parseDependencySpec('react', 'latest')).toEqual({ name: 'react', range: 'latest' });
    expect(parseDependencySpec('react', 'next')).toEqual({ name: 'react', range: 'next' });
    expect(parseRegistrySpec('react', 'next').type).toBe('tag');
    expect(parseRegistrySpec('react', '1.x').type).toBe('range');
    expect(parseRegistrySpec('react', '1.2.3').type).toBe('version');
  });

  it('reads npm: aliases, scoped ones too', () => {
    expect(parseDependencySpec('r17', 'npm:react@^17')).toEqual({ name: 'react', range: '^17' });
    expect(parseDependencySpec('x', 'npm:@s/x@^1')).toEqual({ name: '@s/x', range: '^1' });
    expect(parseDependencySpec('x', 'npm:@s/x')).toEqual({ name: '@s/x', range: 'latest' });
    expect(parseRegistrySpec('x', 'npm:@s/x@1.0.0')).toMatchObject({ alias: true, type: 'version' });
  });

  it.each([
    ['github:user/repo', 'git'],
    ['user/repo', 'GitHub shorthand'],
    ['git+https://example.test/r.git', 'git'],
    ['git@example.test:user/repo.git', 'git'],
    ['https://example.test/x-1.0.0.tgz', 'tarball URLs'],
    ['file:../x', 'local path'],
    ['../x', 'local path'],
    ['link:../x', 'links a local folder'],
    ['workspace:*', 'workspaces'],
    ['x.tgz', 'local file'],
    ['npm:npm:x@1', 'another alias'],
    ['not a range!', 'not a version'],
  ])('refuses %s naming the dependency and the reason', (spec, why) => {
    let error: unknown;
    try {
      parseDependencySpec('dep', spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NpmError);
    expect((error as NpmError).code).toBe('unsupported-spec');
    expect((error as NpmError).packageName).toBe('dep');
    expect((error as NpmError).message).toContain(`'dep'`);
    expect((error as NpmError).message).toContain(why);
  });
});

describe('specSatisfiedBy', () => {
  const node = (packageName: string, version: string) => ({ packageName, version });
  it('checks ranges loosely without prereleases, and aliases by real name', () => {
    expect(specSatisfiedBy('a', '^1.0.0', node('a', '1.5.0'))).toBe(true);
    expect(specSatisfiedBy('a', '^1.0.0', node('a', '2.0.0'))).toBe(false);
    expect(specSatisfiedBy('a', '^1.0.0', node('a', '1.6.0-beta.1'))).toBe(false);
    expect(specSatisfiedBy('a', '*', node('a', '3.0.0-rc.1'))).toBe(true);
    expect(specSatisfiedBy('a', 'next', node('a', '9.9.9'))).toBe(true);
    expect(specSatisfiedBy('r', 'npm:react@^17', node('react', '17.0.2'))).toBe(true);
    expect(specSatisfiedBy('r', 'npm:react@^17', node('preact', '17.0.2'))).toBe(false);
    expect(specSatisfiedBy('a', 'github:u/a', node('a', '1.0.0'))).toBe(false);
  });
});

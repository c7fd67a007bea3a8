import { describe, expect, it } from 'vitest';
import { isValidPackageName, packageNameProblem, parsePackageSpec } from './package-name';

describe('packageNameProblem', () => {
  it('accepts plain and scoped names', () => {
    for (const name of ['react', 'react-dom', 'lodash.debounce', 'a_b', '@types/react', '@scope/x.y-z', 'es5-ext'])
      expect(packageNameProblem(name), name).toBeUndefined();
  });

  it('says what is wrong with a bad name', () => {
    expect(packageNameProblem('')).toMatch(/Type a package name/);
    expect(packageNameProblem(' react')).toMatch(/spaces/);
    expect(packageNameProblem('React')).toMatch(/lowercase.*"react"/);
    expect(packageNameProblem('.hidden')).toMatch(/cannot start with \./);
    expect(packageNameProblem('_private')).toMatch(/cannot start with/);
    expect(packageNameProblem('@scope/_x')).toMatch(/cannot start with/);
    expect(packageNameProblem('node_modules')).toMatch(/reserved/);
    expect(packageNameProblem('a'.repeat(215))).toMatch(/214/);
    expect(packageNameProblem('hello world')).toMatch(/not allowed/);
    expect(packageNameProblem('a/b')).toMatch(/not allowed/);
    expect(packageNameProblem('@scope')).toMatch(/@scope\/name/);
    expect(packageNameProblem('@a/b/c')).toMatch(/@scope\/name/);
    expect(packageNameProblem('wow!')).toMatch(/cannot contain/);
    expect(packageNameProblem('ü')).toMatch(/not allowed/);
    expect(isValidPackageName('../etc')).toBe(false);
  });
});

describe('parsePackageSpec', () => {
  it('splits a name from its range', () => {
    expect(parsePackageSpec('react')).toEqual({ name: 'react' });
    expect(parsePackageSpec(' react@18 ')).toEqual({ name: 'react', range: '18' });
    expect(parsePackageSpec('@scope/pkg@^2.1.0')).toEqual({ name: '@scope/pkg', range: '^2.1.0' });
    expect(parsePackageSpec('@scope/pkg')).toEqual({ name: '@scope/pkg' });
    expect(parsePackageSpec('react@')).toEqual({ name: 'react' });
  });
});

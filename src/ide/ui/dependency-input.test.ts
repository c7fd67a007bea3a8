import { describe, expect, it } from 'vitest';
import { parseDependencyInput } from './dependency-input';

describe('parseDependencyInput', () => {
  it('splits a name from an optional range or tag', () => {
    expect(parseDependencyInput('react')).toEqual({ name: 'react' });
    expect(parseDependencyInput('  react@^18.3.1 ')).toEqual({ name: 'react', range: '^18.3.1' });
    expect(parseDependencyInput('@types/react')).toEqual({ name: '@types/react' });
    expect(parseDependencyInput('@scope/pkg@next')).toEqual({ name: '@scope/pkg', range: 'next' });
    expect(parseDependencyInput('lodash-es@4.x')).toEqual({ name: 'lodash-es', range: '4.x' });
    expect(parseDependencyInput('a@>=1 <2')).toEqual({ name: 'a', range: '>=1 <2' });
  });

  it('says what is wrong with bad input', () => {
    expect(parseDependencyInput('  ')).toEqual({ error: expect.stringMatching(/Type a package name/) });
    expect(parseDependencyInput('my package')).toEqual({ error: expect.stringMatching(/spaces/) });
    expect(parseDependencyInput('react@not a range!')).toEqual({ error: expect.stringMatching(/not a version range/) });
    expect(parseDependencyInput('@scope')).toEqual({ error: expect.stringMatching(/@scope\/name/) });
    expect(parseDependencyInput('src/util')).toEqual({ error: expect.stringMatching(/path/) });
    expect(parseDependencyInput('bad(name)')).toEqual({ error: expect.any(String) });
  });
});

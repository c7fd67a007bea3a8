import { describe, expect, it } from 'vitest';
import {
  basename,
  dirname,
  extname,
  isWithin,
  joinPath,
  normalizePath,
  parentFolders,
  PathError,
  resolveRelative,
} from './paths';

describe('paths', () => {
  it('normalizes user input', () => {
    expect(normalizePath('/src//a/../b.ts')).toBe('src/b.ts');
    expect(normalizePath('./x')).toBe('x');
    expect(normalizePath('src\\win\\path.ts')).toBe('src/win/path.ts');
    expect(normalizePath('My Folder/Grüße 😀.ts')).toBe('My Folder/Grüße 😀.ts');
  });

  it('rejects escapes, empty paths and control characters', () => {
    expect(() => normalizePath('../x')).toThrow(PathError);
    expect(() => normalizePath('a/../../x')).toThrow(/leaves the project/);
    expect(() => normalizePath('/')).toThrow(/Empty/);
    expect(() => normalizePath('a\u0000b')).toThrow(/Invalid character/);
  });

  it('splits paths', () => {
    expect(dirname('a/b/c.ts')).toBe('a/b');
    expect(dirname('c.ts')).toBe('');
    expect(basename('a/b/c.ts')).toBe('c.ts');
    expect(extname('a/B.Module.CSS')).toBe('.css');
    expect(extname('.gitignore')).toBe('');
    expect(extname('Makefile')).toBe('');
    expect(parentFolders('a/b/c.ts')).toEqual(['a', 'a/b']);
    expect(parentFolders('c.ts')).toEqual([]);
  });

  it('joins and resolves', () => {
    expect(joinPath('src', '', 'a.ts')).toBe('src/a.ts');
    expect(resolveRelative('src/main.ts', './counter')).toBe('src/counter');
    expect(resolveRelative('src/a/main.ts', '../b.ts')).toBe('src/b.ts');
    expect(resolveRelative('src/main.ts', '/public/x.png')).toBe('public/x.png');
    expect(resolveRelative('main.ts', '../x')).toBeUndefined();
  });

  it('tells whether a path is within a folder', () => {
    expect(isWithin('src/a.ts', 'src')).toBe(true);
    expect(isWithin('src', 'src')).toBe(true);
    expect(isWithin('srcx/a.ts', 'src')).toBe(false);
  });
});

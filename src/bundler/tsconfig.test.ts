import { describe, expect, it } from 'vitest';
import { parseDotenv } from './env';
import { TsconfigResolver } from './tsconfig';
import { MemoryFiles } from './testing/memory-files';

describe('TsconfigResolver', () => {
  it('merges relative extends and keeps only esbuild-relevant options', () => {
    const files = new MemoryFiles({
      'tsconfig.base.json':
        '{ "compilerOptions": { "jsx": "react-jsx", "jsxImportSource": "preact", "strict": true } }',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "experimentalDecorators": true } }',
    });
    expect(new TsconfigResolver(files).forFile('src/a.tsx').options).toEqual({
      jsx: 'react-jsx',
      jsxImportSource: 'preact',
      experimentalDecorators: true,
    });
  });

  it('is empty without a tsconfig, and survives a broken one', () => {
    expect(new TsconfigResolver(new MemoryFiles()).forFile('a.ts').options).toEqual({});
    expect(new TsconfigResolver(new MemoryFiles({ 'tsconfig.json': '{ oops' })).forFile('a.ts').options).toEqual({});
  });
});

describe('parseDotenv', () => {
  it('reads quoted, unquoted and commented values', () => {
    expect(parseDotenv('# c\nA=1\nexport B="two words"\nC=x # note\nD=\'q\'\n')).toEqual({
      A: '1',
      B: 'two words',
      C: 'x',
      D: 'q',
    });
  });
});

import { expect, test } from 'vitest';
import { parseJsonc } from './jsonc';

test('comments and trailing commas are allowed; strings are left alone', () => {
  const text = `{
    // a comment
    "compilerOptions": { "jsx": "react", /* inline */ "paths": { "a,}": ["//not a comment"] }, },
  }`;
  expect(parseJsonc(text)).toEqual({ compilerOptions: { jsx: 'react', paths: { 'a,}': ['//not a comment'] } } });
});

test('broken JSON throws with the line of the problem', () => {
  expect(() => parseJsonc('{\n  "a": 1\n  "b": 2\n}')).toThrow(/line 3/);
});

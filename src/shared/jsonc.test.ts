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

// Cases the bundler's and the editor's tsconfig readers relied on before they shared this parser.
test('keeps comment-like text inside strings and rejects a missing value', () => {
  expect(parseJsonc('{ // c\n "a": "//not a comment", /* b */ "b": [1, 2,], }')).toEqual({
    a: '//not a comment',
    b: [1, 2],
  });
  const text = '{\n  // line\n  "a": "http://x/*y*/", /* block */\n  "b": [1, 2,],\n}';
  expect(parseJsonc(text)).toEqual({ a: 'http://x/*y*/', b: [1, 2] });
  expect(() => parseJsonc('{ "a": }')).toThrow(SyntaxError);
});

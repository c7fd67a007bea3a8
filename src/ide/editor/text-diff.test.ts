import { describe, expect, it } from 'vitest';
import { minimalReplacement } from './text-diff';

function apply(before: string, after: string): string {
  const r = minimalReplacement(before, after);
  if (!r) return before;
  return before.slice(0, r.start) + r.insert + before.slice(r.start + r.deleteCount);
}

describe('minimalReplacement', () => {
  it('finds the changed middle', () => {
    expect(minimalReplacement('hello world', 'hello brave world')).toEqual({
      start: 6,
      deleteCount: 0,
      insert: 'brave ',
    });
    expect(minimalReplacement('abc', 'abc')).toBeUndefined();
    expect(minimalReplacement('aaa', 'aa')).toEqual({ start: 2, deleteCount: 1, insert: '' });
  });

  it('always reproduces the target', () => {
    const cases = [
      ['', 'x'],
      ['x', ''],
      ['abcabc', 'abc'],
      ['a😀b', 'a😁b'],
      ['line1\nline2\n', 'line1\nchanged\nline2\n'],
    ];
    for (const [a, b] of cases) expect(apply(a, b)).toBe(b);
  });

  it('does not split surrogate pairs', () => {
    const r = minimalReplacement('a😀b', 'a😁b')!;
    expect(r.insert).toBe('😁');
  });
});

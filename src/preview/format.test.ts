import { describe, expect, it } from 'vitest';
import { applyFormat } from './format';

describe('applyFormat', () => {
  it('fills %s %d %i %f and keeps extra arguments', () => {
    expect(applyFormat(['%s has %d items (%f)', 'cart', 3.7, 1.5, 'extra'])).toEqual([
      'cart has 3 items (1.5)',
      'extra',
    ]);
    expect(applyFormat(['%i%%', 99.9])).toEqual(['99%']);
  });

  it('drops %c styles and keeps %o objects expandable', () => {
    const obj = { a: 1 };
    expect(applyFormat(['%cBig', 'font-size: 20px'])).toEqual(['Big']);
    expect(applyFormat(['value: %o!', obj])).toEqual(['value: ', obj, '!']);
  });

  it('leaves unmatched specifiers and non-format calls alone', () => {
    expect(applyFormat(['%s and %s', 'one'])).toEqual(['one and %s']);
    const args = [{ a: 1 }, '%s'];
    expect(applyFormat(args)).toBe(args);
  });
});

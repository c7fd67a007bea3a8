import { describe, expect, it } from 'vitest';
import {
  cleanLabel,
  cssString,
  cursorRules,
  cursorUser,
  isHexColor,
  labelTextColor,
  MAX_LABEL_LENGTH,
} from './remote-cursor-css';

/** Reads a CSS string token back (CSS Syntax §4.3.5 for the escapes cssString writes). */
function parseCssString(token: string): string {
  expect(token.startsWith('"') && token.endsWith('"')).toBe(true);
  const body = token.slice(1, -1);
  // Nothing that could end the string, the rule or the <style> element appears unescaped.
  expect(body).not.toMatch(/["\n\r\f<>{};]/);
  return body.replace(/\\([0-9a-f]{1,6}) ?|\\(.)/gi, (_, hex: string | undefined, ch: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : ch!,
  );
}

describe('isHexColor', () => {
  it('accepts only #rrggbb', () => {
    for (const ok of ['#000000', '#a1B2c3', '#FFFFFF']) expect(isHexColor(ok), ok).toBe(true);
    const bad = ['red', '#abc', '#abcdefa', '#12345g', ' #123456', '#123456 ', 'url(x)', '#123456;x:y', 123456, null];
    for (const no of bad) expect(isHexColor(no), String(no)).toBe(false);
  });
});

describe('cssString', () => {
  it('round-trips names that try to break out of the rule', () => {
    const names = [
      'Ada Lovelace',
      'a"b',
      'back\\slash',
      '"; } body { display: none } .x::after { content: "',
      '</style><script>alert(1)</script>',
      'line\nbreak',
      'Zoë 😀 李',
      "O'Brien (admin)",
    ];
    for (const name of names) expect(parseCssString(cssString(name))).toBe(name);
  });

  it('replaces NUL, which CSS cannot carry', () => {
    expect(parseCssString(cssString('a\0b'))).toBe('a\uFFFDb');
  });
});

describe('cleanLabel', () => {
  it('makes one short line without control characters', () => {
    expect(cleanLabel('  Ada\n\tLovelace\u0007\u202e ')).toBe('Ada Lovelace');
    const long = cleanLabel('x'.repeat(100));
    expect([...long]).toHaveLength(MAX_LABEL_LENGTH);
    expect(long.endsWith('…')).toBe(true);
    expect(cleanLabel('😀'.repeat(40))).toBe('😀'.repeat(MAX_LABEL_LENGTH - 1) + '…');
    expect(cleanLabel('a\uD800b')).toBe('a\uFFFDb');
    expect(cleanLabel('👩\u200d💻 dev')).toBe('👩\u200d💻 dev');
  });
});

describe('cursorUser', () => {
  it('validates what a peer sent', () => {
    expect(cursorUser(7, { user: { name: 'Ada', color: '#AABBCC' } })).toEqual({ name: 'Ada', color: '#aabbcc' });
    const odd = cursorUser(7, { user: { name: '  ', color: 'red;}' } });
    expect(odd.name).toBe('Anonymous');
    expect(isHexColor(odd.color)).toBe(true);
    expect(cursorUser(7, { user: { name: 'x' } }).color).toBe(odd.color); // stable per client
    for (const state of [null, {}, { user: 'x' }, { user: [] }, { user: { name: 5, color: 5 } }]) {
      const user = cursorUser(3, state);
      expect(user.name).toBe('Anonymous');
      expect(isHexColor(user.color)).toBe(true);
    }
  });
});

describe('labelTextColor', () => {
  it('picks the more readable of black and white', () => {
    expect(labelTextColor('#ffffff')).toBe('#000000');
    expect(labelTextColor('#ffeb3b')).toBe('#000000');
    expect(labelTextColor('#000000')).toBe('#ffffff');
    expect(labelTextColor('#3e63dd')).toBe('#ffffff');
  });
});

describe('cursorRules', () => {
  it('colours the selection, the caret and the name label of one client', () => {
    const css = cursorRules(42, { name: 'Ada "the first"', color: '#0090ff' });
    expect(css).toContain('.yRemoteSelection-42 { background-color: rgba(0, 144, 255, 0.25); }');
    expect(css).toContain('.yRemoteSelectionHead-42 { border-left: 2px solid #0090ff; }');
    const label = /\.yRemoteSelectionHead-42::after \{ content: ("(?:[^"\\]|\\[0-9a-f]+ )*");/.exec(css);
    expect(label).not.toBeNull();
    expect(parseCssString(label![1])).toBe('Ada "the first"');
    expect(css.match(/\{/g)).toHaveLength(3);
    expect(css.match(/\}/g)).toHaveLength(3);
  });

  it('refuses ids and colours that are not safe in a selector or a value', () => {
    expect(() => cursorRules(-1, { name: 'x', color: '#000000' })).toThrow(/client id/);
    expect(() => cursorRules(1.5, { name: 'x', color: '#000000' })).toThrow(/client id/);
    expect(() => cursorRules(1, { name: 'x', color: 'red; background: url(x)' })).toThrow(/colour/);
  });
});

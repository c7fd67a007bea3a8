import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, loadSizes, saveSizes, SIZE_LIMITS } from './layout-sizes';
import { monacoThemeFor, resolveTheme, saveTheme, storedTheme } from './theme';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('pane sizes', () => {
  it('round-trips and clamps stored sizes', () => {
    const s = memoryStorage();
    expect(loadSizes(s)).toEqual(DEFAULT_SIZES);
    saveSizes(s, { sidebar: 300, preview: 99999, bottom: 10 });
    expect(loadSizes(s)).toEqual({ sidebar: 300, preview: SIZE_LIMITS.preview.max, bottom: SIZE_LIMITS.bottom.min });
  });

  it('ignores garbage', () => {
    const s = memoryStorage();
    s.setItem('cove:pane-sizes', '{not json');
    expect(loadSizes(s)).toEqual(DEFAULT_SIZES);
  });
});

describe('theme', () => {
  it('prefers the stored choice over the system', () => {
    const s = memoryStorage();
    expect(resolveTheme(storedTheme(s), true)).toBe('dark');
    saveTheme(s, 'light');
    expect(resolveTheme(storedTheme(s), true)).toBe('light');
    expect(monacoThemeFor('dark')).toBe('cove-dark');
  });
});

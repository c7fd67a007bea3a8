/** Light/dark theme: an explicit choice is remembered; without one the system preference decides. */

export type Theme = 'light' | 'dark';

const KEY = 'cove:theme';

export function storedTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | undefined {
  try {
    const v = storage?.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function resolveTheme(stored: Theme | undefined, prefersDark: boolean): Theme {
  return stored ?? (prefersDark ? 'dark' : 'light');
}

export function saveTheme(storage: Pick<Storage, 'setItem'> | undefined, theme: Theme): void {
  try {
    storage?.setItem(KEY, theme);
  } catch {
    // Not saved: the choice still applies to this page.
  }
}

export function monacoThemeFor(theme: Theme): string {
  return theme === 'dark' ? 'cove-dark' : 'cove-light';
}

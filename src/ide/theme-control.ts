/** Applies the theme signal to the document and remembers explicit choices. */
import { effect } from '@preact/signals';
import { theme } from './app-state';
import { appStorage } from './browser-storage';
import { resolveTheme, saveTheme, storedTheme } from './theme';

export function initTheme(): void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  theme.value = resolveTheme(storedTheme(appStorage()), media.matches);
  // Follow the system until the person picks a theme.
  media.addEventListener('change', (e) => {
    if (!storedTheme(appStorage())) theme.value = e.matches ? 'dark' : 'light';
  });
  effect(() => {
    document.documentElement.dataset.theme = theme.value;
  });
}

export function toggleTheme(): void {
  theme.value = theme.value === 'dark' ? 'light' : 'dark';
  saveTheme(appStorage(), theme.value);
}

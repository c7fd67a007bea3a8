/**
 * The app's npm registry setting, kept in this browser's localStorage. Empty means the build's
 * default; a project's own `.npmrc` wins over both (the worker applies that order).
 */

export const REGISTRY_SETTING_KEY = 'cove:npm-registry';

type SettingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage, or nothing where the page may not use it (an embedding site's storage policy). */
function defaultStorage(): SettingStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The stored registry URL, or '' for the build's default. */
export function getRegistrySetting(storage: SettingStorage | undefined = defaultStorage()): string {
  try {
    const value = storage?.getItem(REGISTRY_SETTING_KEY) ?? '';
    return normalizeRegistryUrl(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * Stores `url` (trimmed, with a trailing slash) and returns it; '' goes back to the default.
 * Anything but an http(s) URL is refused with an Error that says so, and nothing is stored.
 */
export function setRegistrySetting(url: string, storage: SettingStorage | undefined = defaultStorage()): string {
  const value = normalizeRegistryUrl(url);
  if (value === undefined)
    throw new Error(`"${url.trim()}" is not a registry address: it must be an http:// or https:// URL.`);
  try {
    if (value) storage?.setItem(REGISTRY_SETTING_KEY, value);
    else storage?.removeItem(REGISTRY_SETTING_KEY);
  } catch (err) {
    throw new Error(`The registry setting could not be saved in this browser: ${String(err)}`, { cause: err });
  }
  return value;
}

/** `url` as the worker expects it (trailing slash; registries join package names onto it), or undefined if invalid. */
export function normalizeRegistryUrl(url: string): string | undefined {
  const text = url.trim();
  if (!text) return '';
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // Credentials in the URL would travel in every request and show in the UI; registries here are public.
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
  return parsed.href.endsWith('/') ? parsed.href : parsed.href + '/';
}

import { describe, expect, it } from 'vitest';
import { getRegistrySetting, normalizeRegistryUrl, REGISTRY_SETTING_KEY, setRegistrySetting } from './npm-settings';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('registry setting', () => {
  it('stores a normalized http(s) URL and reads it back', () => {
    const storage = memoryStorage();
    expect(getRegistrySetting(storage)).toBe('');
    expect(setRegistrySetting('  http://127.0.0.1:4873  ', storage)).toBe('http://127.0.0.1:4873/');
    expect(storage.map.get(REGISTRY_SETTING_KEY)).toBe('http://127.0.0.1:4873/');
    expect(getRegistrySetting(storage)).toBe('http://127.0.0.1:4873/');
    expect(setRegistrySetting('https://npm.example.test/api/npm/', storage)).toBe('https://npm.example.test/api/npm/');
  });

  it('empty goes back to the default', () => {
    const storage = memoryStorage();
    setRegistrySetting('http://127.0.0.1:4873', storage);
    expect(setRegistrySetting('', storage)).toBe('');
    expect(storage.map.has(REGISTRY_SETTING_KEY)).toBe(false);
  });

  it('refuses what is not an http(s) URL and keeps the old value', () => {
    const storage = memoryStorage();
    setRegistrySetting('http://127.0.0.1:4873', storage);
    for (const bad of ['registry', 'ftp://x.test/', 'javascript:alert(1)', 'file:///etc', 'http://u:p@x.test/'])
      expect(() => setRegistrySetting(bad, storage), bad).toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    expect(getRegistrySetting(storage)).toBe('http://127.0.0.1:4873/');
  });

  it('ignores a stored value that is not valid, and storage that throws', () => {
    const storage = memoryStorage();
    storage.map.set(REGISTRY_SETTING_KEY, 'nonsense');
    expect(getRegistrySetting(storage)).toBe('');
    const denied = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(getRegistrySetting(denied)).toBe('');
    expect(normalizeRegistryUrl('https://x.test/a?b=1')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { cleanName, IDENTITY_KEY, loadIdentity, PALETTE, randomIdentity, saveIdentity } from './identity';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

describe('identity', () => {
  it('gives a first visit a random friendly name and colour, and remembers it', () => {
    const storage = memoryStorage();
    const first = loadIdentity(storage, () => 0.5);
    expect(first.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(PALETTE).toContain(first.color);
    expect(JSON.parse(storage.items.get(IDENTITY_KEY)!)).toEqual(first);
    expect(loadIdentity(storage, () => 0.1)).toEqual(first);
  });

  it('picks from every part of the lists, never past their end', () => {
    for (const r of [0, 0.3, 0.99999]) {
      const id = randomIdentity(() => r);
      expect(id.name).not.toContain('undefined');
      expect(PALETTE).toContain(id.color);
    }
  });

  it('saves a cleaned name and a lower-case colour', () => {
    const storage = memoryStorage();
    expect(saveIdentity(storage, { name: '  Ada \n  Lovelace\u0007 ', color: '#AABBCC' })).toEqual({
      name: 'Ada Lovelace',
      color: '#aabbcc',
    });
    expect(loadIdentity(storage)).toEqual({ name: 'Ada Lovelace', color: '#aabbcc' });
  });

  it('refuses an empty name or a colour that is not #rrggbb', () => {
    const storage = memoryStorage();
    expect(() => saveIdentity(storage, { name: '  ', color: '#aabbcc' })).toThrow(/empty/);
    expect(() => saveIdentity(storage, { name: 'Ada', color: 'red' })).toThrow(/colour/);
    expect(() => saveIdentity(storage, { name: 'Ada', color: '#abc' })).toThrow(/colour/);
    expect(storage.items.size).toBe(0);
  });

  it('replaces a stored identity that is broken', () => {
    for (const raw of ['not json', '{"name":"","color":"#aabbcc"}', '{"name":"A","color":"url(x)"}', '[1]', 'null']) {
      const storage = memoryStorage({ [IDENTITY_KEY]: raw });
      const id = loadIdentity(storage, () => 0);
      expect(id.name).toBeTruthy();
      expect(PALETTE).toContain(id.color);
    }
  });

  it('shortens long names and drops invisible characters', () => {
    expect(cleanName('x'.repeat(100))).toHaveLength(32);
    expect(cleanName('a\u202eb\u200bc')).toBe('abc');
  });

  it('works when storage refuses writes', () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadIdentity(storage).name).toBeTruthy();
  });
});

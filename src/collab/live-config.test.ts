import { describe, expect, it } from 'vitest';
import { COLLAB_URL_KEY, collabBaseUrl, collabWebSocketUrl } from './live-config';

const storage = (value: string | null) => ({ getItem: (k: string) => (k === COLLAB_URL_KEY ? value : null) });

describe('live sharing configuration', () => {
  it("prefers the person's setting over the build's", () => {
    const env = { VITE_COVE_COLLAB_URL: 'http://build.test/collab/' };
    expect(collabBaseUrl(storage('https://mine.test/c'), env)).toBe('https://mine.test/c');
    expect(collabBaseUrl(storage(null), env)).toBe('http://build.test/collab');
    expect(collabBaseUrl(storage('  '), env)).toBe('http://build.test/collab');
    expect(collabBaseUrl(undefined, env)).toBe('http://build.test/collab');
  });

  it('is unavailable when neither is set', () => {
    expect(collabBaseUrl(storage(null), {})).toBeUndefined();
    expect(collabBaseUrl(storage(null), { VITE_COVE_COLLAB_URL: '' })).toBeUndefined();
  });

  it('resolves a relative setting against the page, and refuses what is not http(s)', () => {
    expect(collabBaseUrl(storage('/__cove/collab'), {}, 'http://app.localhost:5173')).toBe(
      'http://app.localhost:5173/__cove/collab',
    );
    expect(() => collabBaseUrl(storage('ftp://x.test'), {})).toThrow(/http/);
    expect(() => collabBaseUrl(storage('not a url'), {})).toThrow(/not a URL/);
  });

  it('survives storage that throws', () => {
    const denied = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(collabBaseUrl(denied, { VITE_COVE_COLLAB_URL: 'http://b.test' })).toBe('http://b.test');
  });

  it('turns the http base into the WebSocket URL', () => {
    expect(collabWebSocketUrl('http://127.0.0.1:1234')).toBe('ws://127.0.0.1:1234');
    expect(collabWebSocketUrl('https://cove.test/__cove/collab/')).toBe('wss://cove.test/__cove/collab');
  });
});

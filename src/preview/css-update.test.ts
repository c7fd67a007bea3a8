import { describe, expect, it } from 'vitest';
import { bustedUrl, sameProjectPath } from './css-update';

describe('css update paths', () => {
  it('treats leading slashes, ./ and queries as the same file', () => {
    expect(sameProjectPath('/src/a.css', 'src/a.css')).toBe(true);
    expect(sameProjectPath('./src/a.css', '/src/a.css?t=1')).toBe(true);
    expect(sameProjectPath('src/a.css', 'src/b.css')).toBe(false);
  });

  it('builds cache-busting URLs', () => {
    expect(bustedUrl('src/a.css', 5)).toBe('/src/a.css?t=5');
    expect(bustedUrl('/src/a.css?t=1', 6)).toBe('/src/a.css?t=6');
  });
});

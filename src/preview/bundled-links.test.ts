import { describe, expect, it } from 'vitest';
import { projectLinkTarget } from './bundled-links';

describe('projectLinkTarget', () => {
  it('resolves project links against the page URL', () => {
    expect(projectLinkTarget('/about.html', '/')).toBe('/about.html');
    expect(projectLinkTarget('b.html?x=1', '/docs/a.html')).toBe('/docs/b.html?x=1');
  });
  it('leaves other sites, schemes and in-page links alone', () => {
    expect(projectLinkTarget('https://example.com/', '/')).toBeUndefined();
    expect(projectLinkTarget('//example.com/x', '/')).toBeUndefined();
    expect(projectLinkTarget('#top', '/')).toBeUndefined();
    expect(projectLinkTarget('mailto:a@b.c', '/')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './router';

describe('parseRoute', () => {
  it('maps the IDE paths', () => {
    expect(parseRoute('/')).toEqual({ view: 'root' });
    expect(parseRoute('/projects')).toEqual({ view: 'home' });
    expect(parseRoute('/projects/')).toEqual({ view: 'home' });
    expect(parseRoute('/p/abc123')).toEqual({ view: 'project', id: 'abc123' });
    expect(parseRoute('/nope')).toEqual({ view: 'not-found', path: '/nope' });
    expect(parseRoute('/p/a/b')).toEqual({ view: 'not-found', path: '/p/a/b' });
  });

  it('maps live links, token from the fragment', () => {
    const room = 'AbCdEfGhIjKlMnOpQrSt_-';
    expect(parseRoute(`/live/${room}`, '#t=a.b')).toEqual({ view: 'live', room, token: 'a.b' });
    expect(parseRoute(`/live/${room}`)).toEqual({ view: 'live', room, token: '' });
    expect(parseRoute('/live/')).toEqual({ view: 'not-found', path: '/live/' });
    expect(routePath({ view: 'live', room, token: 'a.b' })).toBe(`/live/${room}`);
  });

  it('maps share links on any IDE path, but not on live links', () => {
    for (const path of ['/', '/projects', '/p/abcd1234', '/anything/else'])
      expect(parseRoute(path, '#share=H4sI_-')).toEqual({ view: 'share', payload: 'H4sI_-' });
    expect(parseRoute('/', '#shared=x')).toEqual({ view: 'root' });
    expect(parseRoute('/live/AbCdEfGhIjKlMnOpQrSt_-', '#share=x').view).toBe('live');
  });

  it('round-trips through routePath', () => {
    for (const path of ['/', '/projects', '/p/abcd1234']) expect(routePath(parseRoute(path))).toBe(path);
  });
});

describe('the embed route', () => {
  it('reads its options from the query and a share payload from the fragment', () => {
    expect(parseRoute('/embed', '#share=H4sI', '?view=preview&theme=dark&readonly=1')).toEqual({
      view: 'embed',
      options: { view: 'preview', theme: 'dark', readonly: true },
      payload: 'H4sI',
    });
    expect(parseRoute('/embed/', '', '')).toEqual({ view: 'embed', options: {} });
  });
});

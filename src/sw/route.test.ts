import { describe, expect, it } from 'vitest';
import { routeRequest, type RequestInfo } from './route';

const ORIGIN = 'http://p-abcd.app.localhost:5173';
const get = (url: string, extra: Partial<RequestInfo> = {}): RequestInfo => ({
  url,
  method: 'GET',
  mode: 'cors',
  destination: 'script',
  ...extra,
});

describe('routeRequest', () => {
  it('sends project files to the bundler with path and query', () => {
    expect(routeRequest(get(`${ORIGIN}/src/main.ts?t=1`), ORIGIN)).toEqual({
      kind: 'bundler',
      url: '/src/main.ts?t=1',
      destination: 'script',
      navigate: false,
      head: false,
    });
  });

  it('marks navigations and keeps their path', () => {
    const r = routeRequest(get(`${ORIGIN}/about.html#x`, { mode: 'navigate', destination: 'document' }), ORIGIN);
    expect(r).toMatchObject({ kind: 'bundler', url: '/about.html', navigate: true, destination: 'document' });
  });

  it('fills in a destination for navigations that lack one', () => {
    const r = routeRequest(get(`${ORIGIN}/`, { mode: 'navigate', destination: '' }), ORIGIN);
    expect(r).toMatchObject({ kind: 'bundler', destination: 'document' });
  });

  it('lets the service worker script and Cove files go to the network', () => {
    expect(routeRequest(get(`${ORIGIN}/cove-sw.js`), ORIGIN)).toEqual({ kind: 'pass' });
    expect(routeRequest(get(`${ORIGIN}/__cove/runtime.js`), ORIGIN)).toEqual({ kind: 'pass' });
    expect(routeRequest(get(`${ORIGIN}/__cove/boot.html`, { mode: 'navigate' }), ORIGIN)).toEqual({ kind: 'pass' });
  });

  it('does not mistake look-alike paths for Cove files', () => {
    expect(routeRequest(get(`${ORIGIN}/__cove`), ORIGIN).kind).toBe('bundler');
    expect(routeRequest(get(`${ORIGIN}/src/cove-sw.js`), ORIGIN).kind).toBe('bundler');
  });

  it('passes other origins through untouched', () => {
    expect(routeRequest(get('https://cdn.example.com/lib.js'), ORIGIN)).toEqual({ kind: 'pass' });
    expect(routeRequest(get('http://app.localhost:5173/src/main.ts'), ORIGIN)).toEqual({ kind: 'pass' });
    expect(routeRequest(get('http://p-abcd.app.localhost:5174/x.js'), ORIGIN)).toEqual({ kind: 'pass' });
    expect(routeRequest(get('data:text/plain,hi'), ORIGIN)).toEqual({ kind: 'pass' });
  });

  it('answers HEAD from the bundler without a body and refuses other methods clearly', () => {
    expect(routeRequest(get(`${ORIGIN}/a.txt`, { method: 'HEAD' }), ORIGIN)).toMatchObject({
      kind: 'bundler',
      head: true,
    });
    const post = routeRequest(get(`${ORIGIN}/form`, { method: 'POST', mode: 'navigate' }), ORIGIN);
    expect(post).toMatchObject({ kind: 'reject', status: 405 });
    expect(post.kind === 'reject' && post.message).toContain('POST');
  });
});

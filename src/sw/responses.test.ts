import { describe, expect, it } from 'vitest';
import { toResponse, unavailable } from './responses';

describe('toResponse', () => {
  it('adds Cache-Control: no-cache unless the bundler chose one', async () => {
    const plain = toResponse(
      { type: 'response', id: 1, status: 200, headers: { 'content-type': 'text/css' }, body: 'a{}' },
      false,
    );
    expect(plain.headers.get('cache-control')).toBe('no-cache');
    expect(plain.headers.get('content-type')).toBe('text/css');
    expect(await plain.text()).toBe('a{}');
    const own = toResponse(
      {
        type: 'response',
        id: 2,
        status: 200,
        headers: { 'Cache-Control': 'max-age=60' },
        body: new Uint8Array([1, 2]),
      },
      false,
    );
    expect(own.headers.get('cache-control')).toBe('max-age=60');
    expect(new Uint8Array(await own.arrayBuffer())).toEqual(new Uint8Array([1, 2]));
  });

  it('drops the body for HEAD and for statuses that cannot have one', async () => {
    expect(await toResponse({ type: 'response', id: 1, status: 200, headers: {}, body: 'x' }, true).text()).toBe('');
    expect(toResponse({ type: 'response', id: 1, status: 304, headers: {}, body: 'x' }, false).status).toBe(304);
  });

  it('explains a failure in plain text with status 503', async () => {
    const res = unavailable('no connection to the Cove IDE');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('no connection to the Cove IDE');
  });
});

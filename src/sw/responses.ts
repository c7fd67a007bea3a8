/** Turning bundler answers (and failures) into fetch Responses. */
import type { PreviewResponse } from '../shared/protocol';

/** Statuses whose Response must not have a body (the constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Headers for a project file: the bundler's, plus `Cache-Control: no-cache` unless it chose one. */
export function responseHeaders(headers: Record<string, string>): Headers {
  const out = new Headers(headers);
  if (!out.has('cache-control')) out.set('cache-control', 'no-cache');
  return out;
}

export function toResponse(res: PreviewResponse, head: boolean): Response {
  const body = head || NULL_BODY.has(res.status) ? null : (res.body as BodyInit);
  return new Response(body, { status: res.status, headers: responseHeaders(res.headers) });
}

/** A readable error for a request that could not be served. */
export function unavailable(message: string, status = 503): Response {
  return new Response(`Cove preview: ${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Used only when the boot page can come neither from the network nor from the offline cache. */
export const BOOT_HTML =
  '<!doctype html><meta charset="utf-8"><title>Preview unavailable</title>' +
  '<p style="font:14px system-ui,sans-serif;padding:2em">The preview server cannot be reached and no offline copy ' +
  'of the preview is stored yet. Reconnect, then reload the preview.</p>';

export function bootResponse(html = BOOT_HTML): Response {
  return new Response(html, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * What the service worker does with a fetch: a pure decision, so that it can be
 * tested without a service worker.
 */
import { PREVIEW_SW_PATH, RESERVED_PREVIEW_PREFIX } from '../shared/protocol';

export interface RequestInfo {
  url: string;
  method: string;
  /** `Request.mode`; `navigate` for documents. */
  mode: string;
  destination: string;
}

export type Route =
  /** Not ours (another origin, Cove's own files): let the browser fetch it as if there were no worker. */
  | { kind: 'pass' }
  /** A file of the project: ask the bundler. */
  | { kind: 'bundler'; url: string; destination: string; navigate: boolean; head: boolean }
  /** A project request that the bundler cannot answer (e.g. a form POST): a clear error. */
  | { kind: 'reject'; status: number; message: string };

export function routeRequest(req: RequestInfo, origin: string): Route {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { kind: 'pass' };
  }
  if (url.origin !== origin) return { kind: 'pass' };
  if (url.pathname === PREVIEW_SW_PATH || url.pathname.startsWith(RESERVED_PREVIEW_PREFIX)) return { kind: 'pass' };
  const navigate = req.mode === 'navigate';
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return {
      kind: 'reject',
      status: 405,
      message: `The preview serves the project's files only; it cannot answer a ${req.method} request to ${url.pathname}.`,
    };
  }
  return {
    kind: 'bundler',
    url: url.pathname + url.search,
    destination: req.destination || (navigate ? 'document' : ''),
    navigate,
    head: req.method === 'HEAD',
  };
}

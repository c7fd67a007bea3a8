/**
 * Where the collaboration server lives. A person's own setting (localStorage `cove:collab-url`)
 * wins over the build's `VITE_COVE_COLLAB_URL`; neither set means live sharing is unavailable.
 */

export const COLLAB_URL_KEY = 'cove:collab-url';

type Env = Record<string, unknown>;

/**
 * The collaboration server's HTTP base URL (no trailing slash), or undefined when live sharing is
 * not configured. A relative setting (`/__cove/collab`) is resolved against `pageOrigin`.
 */
export function collabBaseUrl(
  storage: Pick<Storage, 'getItem'> | undefined,
  env: Env = import.meta.env as Env,
  pageOrigin?: string,
): string | undefined {
  let fromStorage: string | null = null;
  try {
    fromStorage = storage?.getItem(COLLAB_URL_KEY) ?? null;
  } catch {
    // Storage denied: fall back to the build's setting.
  }
  const raw = fromStorage?.trim() || (typeof env.VITE_COVE_COLLAB_URL === 'string' ? env.VITE_COVE_COLLAB_URL : '');
  return raw.trim() ? normalizeBaseUrl(raw.trim(), pageOrigin) : undefined;
}

/** An http(s) base URL without query, fragment or trailing slash; throws on anything else. */
export function normalizeBaseUrl(raw: string, pageOrigin?: string): string {
  let url: URL;
  try {
    url = new URL(raw, pageOrigin);
  } catch {
    throw new Error(`The live sharing server address "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`The live sharing server address must start with http:// or https:// (got "${raw}").`);
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

/** The WebSocket URL of a collaboration server's HTTP base: same host and path, ws/wss scheme. */
export function collabWebSocketUrl(base: string): string {
  const url = new URL(normalizeBaseUrl(base));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href.replace(/\/+$/, '');
}

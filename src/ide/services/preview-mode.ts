/**
 * How the preview runs: through the preview origin's service worker (each module served on
 * demand), or bundled into one document in an opaque-origin frame when the browser refuses the
 * service worker (IDE embedded in another site's page, storage blocked, no service workers).
 * The mode is chosen by itself; `?preview=bundled` on the IDE's URL or `localStorage
 * ['cove:preview-mode'] = 'bundled'` forces it (tests, and users whose browser misbehaves).
 */
export type PreviewMode = 'service-worker' | 'bundled';

export const PREVIEW_MODE_QUERY = 'preview';
export const PREVIEW_MODE_STORAGE_KEY = 'cove:preview-mode';

/** The forced mode from a URL query and a stored setting (the query wins); undefined: automatic. */
export function forcedPreviewMode(search: string, stored: string | null | undefined): PreviewMode | undefined {
  const fromQuery = new URLSearchParams(search).get(PREVIEW_MODE_QUERY);
  for (const value of [fromQuery, stored]) {
    if (value === 'bundled' || value === 'service-worker') return value;
  }
  return undefined;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(PREVIEW_MODE_STORAGE_KEY);
  } catch {
    return null; // storage blocked: automatic
  }
}

/** Read once when the app starts: the router replaces the address (and its query) right after. */
const atStart: PreviewMode | undefined =
  typeof location === 'undefined' ? undefined : forcedPreviewMode(location.search, readStored());

export function startupPreviewMode(): PreviewMode | undefined {
  return atStart;
}

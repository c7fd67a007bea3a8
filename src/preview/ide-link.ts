/**
 * The preview page's line to the IDE window that embeds it. Messages go out
 * with the IDE origin as target and come in only from that window and origin.
 */
import { ideOriginForPreview, PROJECT_ID_PATTERN, projectIdFromPreviewHost } from '../shared/preview-origin';
import { isToPreview, type FromPreview, type ToPreview } from '../shared/protocol';

/** Set at build time when the IDE runs on a configured origin (see scripts/preview-bundles.mjs). */
const APP_ORIGIN: string = import.meta.env.VITE_COVE_APP_ORIGIN || '';

declare global {
  /**
   * Set by the page the bundler builds for the preview without a service worker (src/bundler/page-bundle.ts):
   * that page runs in an opaque-origin `srcdoc` frame, so neither its origin nor its URL says where the IDE is.
   */
  var __COVE_BUNDLED__: { ideOrigin: string; url: string } | undefined;
}

/** The page was bundled into one document (no service worker, no origin of its own). */
export const bundledPage: { ideOrigin: string; url: string } | undefined = globalThis.__COVE_BUNDLED__;

export const ideOrigin: string | undefined = bundledPage
  ? bundledPage.ideOrigin
  : ideOriginForPreview(location, APP_ORIGIN || undefined);

/** The IDE window: our parent frame. A preview opened in a tab of its own has none. */
export function ideWindow(): Window | undefined {
  return window.parent !== window ? window.parent : undefined;
}

export function postToIde(msg: FromPreview, transfer: Transferable[] = []): void {
  const target = ideWindow();
  if (!target || !ideOrigin) return;
  target.postMessage(msg, { targetOrigin: ideOrigin, transfer });
}

/** Listens to messages from the IDE only; returns an unsubscribe function. */
export function onIdeMessage(handler: (msg: ToPreview, event: MessageEvent) => void): () => void {
  const listener = (event: MessageEvent) => {
    if (!ideOrigin || event.origin !== ideOrigin) return;
    if (event.source !== window.parent || window.parent === window) return;
    if (!isToPreview(event.data)) return;
    handler(event.data, event);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/** This origin's project id: `p-<id>.<IDE host>`, or the first label of a configured preview host. */
export const projectId: string =
  projectIdFromPreviewHost(location.hostname) ??
  (PROJECT_ID_PATTERN.test(location.hostname.split('.')[0]) ? location.hostname.split('.')[0] : '');

/** Path and query of this page, as the IDE's URL bar shows it. */
export function currentPath(): string {
  if (bundledPage) return bundledPage.url;
  return location.pathname + location.search;
}

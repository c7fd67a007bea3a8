/** The page's line to its service worker (same origin, so no origin check is needed). */
import type { FromServiceWorker, ToServiceWorker } from '../shared/protocol';
import { projectId } from './ide-link';

/** Hands a bundler port to the controlling service worker; false when the page is not controlled. */
export function forwardPort(port: MessagePort): boolean {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return false;
  const msg: ToServiceWorker = { type: 'cove:connect', projectId };
  controller.postMessage(msg, [port]);
  return true;
}

export function onServiceWorkerMessage(handler: (msg: FromServiceWorker) => void): () => void {
  const container = navigator.serviceWorker;
  if (!container) return () => {};
  const listener = (event: MessageEvent) => {
    const type = (event.data as { type?: unknown } | null)?.type;
    if (type === 'cove:need-port' || type === 'cove:connected') handler(event.data as FromServiceWorker);
  };
  container.addEventListener('message', listener);
  // Messages sent before the page was ready are queued until this call.
  container.startMessages();
  return () => container.removeEventListener('message', listener);
}

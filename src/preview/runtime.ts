/**
 * Injected as the first module script of every HTML page the bundler serves:
 * console and error capture, the error overlay, and the IDE's reload / CSS /
 * navigation / port messages. Runs before the project's own modules.
 */
import type { Diagnostic } from '../shared/protocol';
import { clearBootAttempts } from './boot-attempts';
import { interceptProjectLinks } from './bundled-links';
import { captureConsole } from './console-capture';
import { applyCssUpdate } from './css-update';
import { captureErrors } from './error-capture';
import { bundledPage, currentPath, ideWindow, onIdeMessage, postToIde, projectId } from './ide-link';
import { watchNavigation } from './navigation';
import { hideOverlay, showOverlay } from './overlay';
import { forwardPort, onServiceWorkerMessage } from './sw-link';

declare global {
  var __COVE__: { overlay(diagnostics: Diagnostic[]): void; hideOverlay(): void } | undefined;
}

function install(): void {
  globalThis.__COVE__ = { overlay: showOverlay, hideOverlay };
  // This page came through the service worker: the boot handshake worked.
  clearBootAttempts();
  // Nothing to report to when the preview is opened in a tab of its own.
  if (!ideWindow()) return;

  postToIde({ cove: 1, type: 'started', url: currentPath() });
  captureConsole(console, { send: (msg) => postToIde(msg) });
  captureErrors(window, (msg) => postToIde(msg));
  // A bundled page lives at about:srcdoc: its location says nothing, and the IDE knows its URL.
  if (!bundledPage) watchNavigation(window, (url) => postToIde({ cove: 1, type: 'navigated', url }));
  else interceptProjectLinks(document, currentPath, (url) => postToIde({ cove: 1, type: 'navigated', url }));
  window.addEventListener('load', () => postToIde({ cove: 1, type: 'loaded', url: currentPath() }));

  // After a restart the service worker has no port to the bundler: it asks us, we ask the IDE.
  if (!bundledPage) {
    onServiceWorkerMessage((msg) => {
      if (msg.type === 'cove:need-port') postToIde({ cove: 1, type: 'need-port', projectId });
    });
  }

  onIdeMessage((msg, event) => {
    switch (msg.type) {
      case 'reload':
        location.reload();
        break;
      case 'css-update':
        void applyCssUpdate(msg.paths, document, (url) => import(/* @vite-ignore */ url)).then((ok) => {
          if (!ok) location.reload();
        });
        break;
      case 'navigate':
        // A bundled page cannot navigate within the project: the IDE bundles the next page instead.
        if (isLocalPath(msg.url) && !bundledPage) location.assign(msg.url);
        break;
      case 'port':
        if (event.ports[0]) forwardPort(event.ports[0]);
        break;
      case 'show-diagnostics':
        showOverlay(msg.diagnostics);
        break;
    }
  });
}

/** Only paths on this origin: never `javascript:` or another site. */
function isLocalPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\');
}

if (!globalThis.__COVE__) install();

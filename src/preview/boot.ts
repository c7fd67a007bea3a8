/**
 * The bootstrap page's script. The server answers any navigation that no
 * service worker handled with this page: it registers the service worker, waits
 * until it controls the page, gets a port to the bundler from the IDE, hands it
 * to the service worker and reloads, so that the service worker serves the page
 * the user asked for (same URL).
 */
import { BOOT_PATH, PREVIEW_SW_PATH } from '../shared/protocol';
import { recordBootAttempt } from './boot-attempts';
import { showMessage } from './boot-message';
import { ideOrigin, ideWindow, onIdeMessage, postToIde, projectId } from './ide-link';
import { forwardPort, onServiceWorkerMessage } from './sw-link';

const CONTROL_TIMEOUT_MS = 10_000;
const PORT_TIMEOUT_MS = 10_000;
const PORT_ASK_EVERY_MS = 2_000;

async function boot(): Promise<void> {
  const container = navigator.serviceWorker;
  if (!container) {
    return unsupported('this browser does not offer service workers on this page');
  }
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register(PREVIEW_SW_PATH, { scope: '/' });
  } catch (err) {
    return unsupported(`the browser refused the preview's service worker (${errorText(err)})`);
  }
  if (!(await becomeControlled(container, registration))) {
    showMessage('The preview did not start', 'Its service worker did not take over this page in time.', {
      retry: true,
    });
    return;
  }
  if (!ideWindow() || !ideOrigin) {
    showMessage(
      'Open this preview from Cove',
      'This page is served by the Cove IDE, which must be open in another tab. Open the project in Cove, then try again.',
      { retry: true },
    );
    return;
  }
  if (!recordBootAttempt()) {
    showMessage(
      'The preview could not connect to the IDE',
      'The page kept restarting without reaching the project files. Reload the IDE tab, then try again.',
      { retry: true },
    );
    return;
  }
  showMessage('Starting preview…', 'Connecting to the project.');
  const port = await askIdeForPort();
  if (!port) {
    showMessage('The IDE did not answer', 'The preview could not reach the Cove IDE that embeds it.', { retry: true });
    return;
  }
  const connected = waitForServiceWorker('cove:connected', 2_000);
  forwardPort(port);
  await connected;
  const to = requestedPath();
  if (to) location.replace(to);
  else location.reload();
}

/** `?to=` of the explicit bootstrap URL: a same-origin path to go to once connected. */
function requestedPath(): string | undefined {
  if (location.pathname !== BOOT_PATH) return undefined;
  const to = new URLSearchParams(location.search).get('to') ?? '/';
  return to.startsWith('/') && !to.startsWith('//') ? to : '/';
}

function unsupported(reason: string): void {
  const detail =
    `The preview needs a service worker, but ${reason}. This happens in private windows, when cookies and site ` +
    'data are blocked, or when Cove is embedded in a page of another site. Allow site data for this site or open ' +
    'Cove in a tab of its own.';
  showMessage('The preview cannot run in this browser window', detail);
  postToIde({ cove: 1, type: 'unsupported', reason: detail, cause: reason });
}

/** Resolves true once a service worker controls this page (at once if one does already). */
async function becomeControlled(container: ServiceWorkerContainer, reg: ServiceWorkerRegistration): Promise<boolean> {
  if (container.controller) return true;
  const changed = new Promise<boolean>((resolve) => {
    container.addEventListener('controllerchange', () => resolve(true), { once: true });
    setTimeout(() => resolve(Boolean(container.controller)), CONTROL_TIMEOUT_MS);
  });
  // An active worker that does not control us (e.g. after a hard reload) claims us when asked.
  void container.ready.then(() => {
    if (!container.controller) reg.active?.postMessage({ type: 'cove:skip-waiting' });
  });
  return changed;
}

/** Asks the IDE for a bundler port, repeating in case the IDE was not listening yet. */
function askIdeForPort(): Promise<MessagePort | undefined> {
  return new Promise((resolve) => {
    const ask = () => postToIde({ cove: 1, type: 'need-port', projectId });
    const finish = (port: MessagePort | undefined) => {
      stop();
      clearInterval(again);
      clearTimeout(timeout);
      resolve(port);
    };
    const stop = onIdeMessage((msg, event) => {
      if (msg.type === 'port' && event.ports[0]) finish(event.ports[0]);
    });
    const again = setInterval(ask, PORT_ASK_EVERY_MS);
    const timeout = setTimeout(() => finish(undefined), PORT_TIMEOUT_MS);
    ask();
  });
}

function waitForServiceWorker(type: 'cove:connected', timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const stop = onServiceWorkerMessage((msg) => {
      if (msg.type === type) done();
    });
    const timer = setTimeout(done, timeoutMs);
    function done() {
      stop();
      clearTimeout(timer);
      resolve();
    }
  });
}

/** The browser's reason, without Chromium's "Failed to register a ServiceWorker … (…):" preamble. */
function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Failed to register a ServiceWorker.*?\):\s*/s, '').replace(/\.$/, '');
}

void boot();

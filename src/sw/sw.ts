/**
 * The preview origin's service worker: a thin router. Project files come from
 * the bundler worker (in the IDE tab) over a MessagePort; Cove's own files
 * (`/cove-sw.js`, `/__cove/*`) and other origins go to the network untouched.
 */
import { BOOT_PATH, type FromServiceWorker, type ToServiceWorker } from '../shared/protocol';
import { projectIdFromPreviewHost } from '../shared/preview-origin';
import { PortFinder } from './port-finder';
import { NoPortError, PortPool } from './port-pool';
import { bootResponse, toResponse, unavailable } from './responses';
import { routeRequest } from './route';

declare const self: ServiceWorkerGlobalScope;

/** How long a subresource waits for a page to hand over a port. */
const SUBRESOURCE_PORT_WAIT_MS = 10_000;
/** A navigation waits less: the boot page can do the handshake itself. */
const NAVIGATION_PORT_WAIT_MS = 3_000;

const pool = new PortPool();
const finder = new PortFinder(pool, self.clients);
const projectId = projectIdFromPreviewHost(self.location.hostname);

/** Cove's own preview files, kept for offline use: the preview then needs only the IDE tab. */
const OFFLINE_CACHE = 'cove-preview-v1';
const RUNTIME_PATH = '/__cove/runtime.js';
const OFFLINE_FILES = [BOOT_PATH, RUNTIME_PATH];

self.addEventListener('install', (event) => {
  // A new version replaces the old one at once; pages re-handshake if needed.
  void self.skipWaiting();
  event.waitUntil(
    caches
      .open(OFFLINE_CACHE)
      .then((cache) => cache.addAll(OFFLINE_FILES))
      .catch(() => undefined), // offline copies are a bonus; installing must not fail for them
  );
  addBootRoute(event);
});

/**
 * The bootstrap page does not need this worker to be running: with the static routing API
 * (Chromium), the browser races the network against the fetch handler (which has the offline
 * copy), so after a browser restart the page loads while this worker is still starting.
 */
function addBootRoute(event: ExtendableEvent): void {
  const routed = event as ExtendableEvent & { addRoutes?: (rules: unknown) => Promise<void> };
  const Pattern = (self as unknown as { URLPattern?: new (init: { pathname: string }) => unknown }).URLPattern;
  if (!routed.addRoutes || !Pattern) return;
  const rule = {
    condition: { urlPattern: new Pattern({ pathname: BOOT_PATH }) },
    source: 'race-network-and-fetch-handler',
  };
  event.waitUntil(routed.addRoutes(rule).catch(() => undefined));
}

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  const msg = event.data as ToServiceWorker | undefined;
  if (msg?.type === 'cove:connect') {
    const port = event.ports[0];
    if (!port) return;
    if (projectId && msg.projectId !== projectId) {
      port.close();
      return;
    }
    pool.add(port);
    const reply: FromServiceWorker = { type: 'cove:connected' };
    (event.source as Client | null)?.postMessage(reply);
  } else if (msg?.type === 'cove:skip-waiting') {
    // Also used by a boot page that is not controlled (e.g. after a hard reload).
    event.waitUntil(self.skipWaiting().then(() => self.clients.claim()));
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin === self.location.origin && OFFLINE_FILES.includes(url.pathname) && req.method === 'GET') {
    // The runtime is in every page load (and every reload after an edit): serve the copy stored at
    // install, refreshing it in the background; the boot page always tries the server first.
    event.respondWith(
      url.pathname === RUNTIME_PATH ? staleWhileRevalidate(req, url.pathname) : networkFirst(req, url.pathname),
    );
    return;
  }
  const route = routeRequest(
    { url: req.url, method: req.method, mode: req.mode, destination: req.destination },
    self.location.origin,
  );
  if (route.kind === 'pass') return;
  if (route.kind === 'reject') {
    event.respondWith(unavailable(route.message, route.status));
    return;
  }
  const clientId = route.navigate ? undefined : event.clientId || undefined;
  event.respondWith(serve(route, clientId));
});

async function serve(
  route: { url: string; destination: string; navigate: boolean; head: boolean },
  clientId: string | undefined,
): Promise<Response> {
  const fetchReq = { url: route.url, destination: route.destination, navigate: route.navigate };
  const waitMs = route.navigate ? NAVIGATION_PORT_WAIT_MS : SUBRESOURCE_PORT_WAIT_MS;
  // Two rounds: the ports we have, then the ones the pages hand over.
  for (let round = 0; round < 2; round++) {
    if (!(await finder.find(clientId, waitMs))) break;
    try {
      return toResponse(await pool.request(fetchReq), route.head);
    } catch (err) {
      if (!(err instanceof NoPortError)) return unavailable(`could not load ${route.url}: ${String(err)}`);
    }
  }
  if (route.navigate) return bootPage();
  return unavailable(
    `no connection to the Cove IDE, so ${route.url} cannot be loaded. Keep the IDE open and reload the preview.`,
  );
}

async function bootPage(): Promise<Response> {
  const res = await networkFirst(new Request('/__cove/boot.html', { cache: 'no-store' }), '/__cove/boot.html');
  return res.ok ? bootResponse(await res.text()) : bootResponse();
}

async function staleWhileRevalidate(req: Request, path: string): Promise<Response> {
  const cached = await caches.match(path);
  const fresh = networkFirst(req, path);
  return cached ?? fresh;
}

/** The server's copy when it answers (and refresh the offline copy), else the offline copy. */
async function networkFirst(req: Request, path: string): Promise<Response> {
  try {
    const res = await fetch(req);
    if (res.ok) {
      const copy = res.clone();
      void caches.open(OFFLINE_CACHE).then((c) => c.put(path, copy));
    }
    return res;
  } catch {
    const cached = await caches.match(path);
    return cached ?? bootResponse();
  }
}

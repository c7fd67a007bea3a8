// Which part of Cove a request's Host header asks for. Shared by the Vite dev
// plugin and the static server, so that development and production route alike.

/** A preview host is `p-<projectId>.<app host>`: its own origin, same site as the IDE. */
export const PREVIEW_HOST = /^p-[a-z0-9]{4,40}\./;

/** Hosts that are loopback aliases without a subdomain: the IDE moves to `app.localhost` so previews can be same-site. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * @param {string | undefined} hostHeader e.g. `localhost:5173`
 * @returns {{ kind: 'redirect', location: string } | { kind: 'app' } | { kind: 'preview' }}
 */
export function classifyHost(hostHeader) {
  const host = hostHeader ?? '';
  const [name, port] = splitHost(host);
  if (LOOPBACK.has(name) && !process.env.COVE_NO_APP_REDIRECT) {
    return { kind: 'redirect', location: `http://app.localhost${port ? `:${port}` : ''}` };
  }
  if (PREVIEW_HOST.test(name)) return { kind: 'preview' };
  return { kind: 'app' };
}

/** @param {string} host */
function splitHost(host) {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return [host.slice(0, end + 1), host.slice(end + 2)];
  }
  const i = host.lastIndexOf(':');
  return i < 0 ? [host, ''] : [host.slice(0, i), host.slice(i + 1)];
}

/**
 * The page served for any navigation on a preview origin that no service worker
 * controls yet. Its script is inlined: one request fewer on the way to every first preview.
 * @param {string} bootScript the bundle of `BOOT_ENTRY`
 */
export function bootHtml(bootScript) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Starting preview…</title>
<style>html{color-scheme:light dark}body{margin:0;display:grid;place-items:center;min-height:100vh;font:14px system-ui,sans-serif;color:#888}</style>
</head>
<body>
<p id="cove-boot-status">Starting preview…</p>
<script type="module">${bootScript.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

export const BOOT_ENTRY = 'src/preview/boot.ts';

/** Files a preview origin serves itself; everything else comes from the service worker. */
export const PREVIEW_BUNDLES = {
  '/cove-sw.js': 'src/sw/sw.ts',
  '/__cove/runtime.js': 'src/preview/runtime.ts',
};

/**
 * How a preview origin answers a request that reached the server (not the service worker).
 * @param {string} pathname
 * @param {{ navigate: boolean }} req
 * @returns {{ kind: 'bundle', entry: string } | { kind: 'boot' } | { kind: 'not-found' }}
 */
export function routePreview(pathname, req) {
  if (Object.hasOwn(PREVIEW_BUNDLES, pathname)) return { kind: 'bundle', entry: PREVIEW_BUNDLES[pathname] };
  if (pathname === '/__cove/boot.html' || req.navigate) return { kind: 'boot' };
  return { kind: 'not-found' };
}

/** Headers for the preview's own scripts: never cached for long, so a new version reaches users. */
export const PREVIEW_SCRIPT_HEADERS = {
  'Content-Type': 'text/javascript; charset=utf-8',
  'Cache-Control': 'no-cache',
  'Service-Worker-Allowed': '/',
};

/** @param {import('node:http').IncomingMessage} req */
export function isNavigation(req) {
  const mode = req.headers['sec-fetch-mode'];
  if (mode) return mode === 'navigate';
  return (req.headers.accept ?? '').includes('text/html');
}

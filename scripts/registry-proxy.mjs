// @ts-check
// The dev server's same-origin door to the npm registry. The browser installs packages itself,
// which needs a registry that allows cross-origin reads; the public one does, but company
// mirrors often do not. In development the IDE's default registry is this path on its own
// origin, and the dev server passes requests through to the builder's registry (npm config).
// Packument tarball URLs are rewritten to come back through here too. Production builds talk
// to the registry directly (static hosting has no server to proxy).

export const REGISTRY_PROXY_PATH = '/__cove/npm-registry/';

/**
 * @param {{ upstream: () => string }} options upstream registry URL, ending with `/`
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void}
 */
export function registryProxy({ upstream }) {
  return (req, res, next) => {
    const url = req.url ?? '/';
    if (!url.startsWith(REGISTRY_PROXY_PATH)) return next();
    const base = upstream();
    const target = base + url.slice(REGISTRY_PROXY_PATH.length);
    const self = `http://${req.headers.host}${REGISTRY_PROXY_PATH}`;
    const headers = /** @type {Record<string, string>} */ ({});
    if (typeof req.headers.accept === 'string') headers.accept = req.headers.accept;
    fetch(target, { headers, redirect: 'follow' })
      .then(async (upstreamRes) => {
        const type = upstreamRes.headers.get('content-type') ?? 'application/octet-stream';
        res.statusCode = upstreamRes.status;
        res.setHeader('Content-Type', type);
        res.setHeader('Cache-Control', upstreamRes.headers.get('cache-control') ?? 'no-cache');
        if (type.includes('json')) {
          // Tarball URLs in packuments point at the upstream: send them through here as well.
          res.end((await upstreamRes.text()).split(base).join(self));
        } else {
          res.end(Buffer.from(await upstreamRes.arrayBuffer()));
        }
      })
      .catch((/** @type {unknown} */ error) => {
        res.statusCode = 502;
        res.setHeader('Content-Type', 'application/json');
        const reason = error instanceof Error ? error.message : String(error);
        res.end(JSON.stringify({ error: `The dev server could not reach the npm registry: ${reason}` }));
      });
  };
}

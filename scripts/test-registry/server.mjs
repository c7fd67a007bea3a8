#!/usr/bin/env node
// @ts-check
// A local npm registry for tests and benchmarks. It speaks the public
// registry's protocol (abbreviated/full packuments by `Accept`, tarballs under
// `/<name>/-/`, CORS for browser pages on other origins) and serves real
// packages mirrored from the registry in npm's own configuration, cached on
// disk so that a warm cache works offline.
//
//   node scripts/test-registry/server.mjs [--port 4874] [--host 127.0.0.1]
//        [--cache-dir .cache/registry] [--warm] [--offline] [--verbose]
//
// --warm fills the cache with fixtures.mjs (warm.mjs) before listening.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_DIR } from './cache.mjs';
import { pickVersion, renderPackument, tarballUrl, versionOfTarball } from './packument.mjs';
import { createRegistryStore } from './store.mjs';
import { upstreamRegistry } from './upstream.mjs';
import { warmTestRegistry } from './warm.mjs';

const ABBREVIATED_TYPE = 'application/vnd.npm.install-v1+json';
/** npm package names, legacy upper case included; never `.`/`_`-led, so no path tricks. */
const PACKAGE_NAME = /^(?:@[a-z0-9~-][\w.~-]*\/)?[a-z0-9~-][\w.~-]*$/i;

/**
 * @typedef {object} LoggedRequest
 * @property {string} method
 * @property {string} path the request target as sent (`/@types%2freact`, `/react/-/react-18.3.1.tgz`)
 * @property {string} accept the `Accept` header, '' when absent
 */

/**
 * @typedef {object} TestRegistry
 * @property {string} url the registry URL, ending with `/` (use as `--registry` or Cove's registry setting)
 * @property {number} port
 * @property {() => Promise<void>} close stops listening and drops open connections
 * @property {LoggedRequest[]} requests every request so far, oldest first (a live array)
 * @property {() => void} clearRequests empties `requests`
 * @property {(name: string, version: string) => void} corruptTarball
 *   from now on, serve altered bytes for this tarball so its integrity check fails
 * @property {() => void} restore undoes every `corruptTarball` and `delayTarballs`
 * @property {(ms: number) => void} delayTarballs
 *   from now on, answer every tarball request this much later (to watch an install in progress)
 */

/**
 * @typedef {object} TestRegistryOptions
 * @property {number} [port] 0 (the default) picks a free port
 * @property {string} [host] defaults to 127.0.0.1
 * @property {string} [cacheDir] defaults to `<repo>/.cache/registry`
 * @property {boolean} [offline] never contact upstream; what is not cached is a 404
 * @property {string} [upstream] the registry to mirror, ending with `/` (default: `npm config get registry`)
 * @property {boolean} [verbose] log each request and each upstream fetch
 */

/** @typedef {{ kind: 'packument' | 'version' | 'tarball', name: string, rest: string }} Route */

/**
 * `/react`, `/@types%2freact`, `/@types/react`, `/react/latest`, `/react/-/react-18.3.1.tgz`.
 * @param {string} pathname
 * @returns {Route | undefined}
 */
function parseRoute(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const segments = path.split('/').slice(1);
  const n = segments[0]?.startsWith('@') ? 2 : 1;
  const name = segments.slice(0, n).join('/');
  const rest = segments.slice(n);
  if (!PACKAGE_NAME.test(name)) return undefined;
  if (rest.length === 0) return { kind: 'packument', name, rest: '' };
  if (rest.length === 1 && rest[0]) return { kind: 'version', name, rest: rest[0] };
  if (rest.length === 2 && rest[0] === '-' && rest[1]) return { kind: 'tarball', name, rest: rest[1] };
  return undefined;
}

/** @param {string} host */
function urlHost(host) {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** @param {Uint8Array} body */
function etagOf(body) {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * Start a registry. Resolves once it is listening.
 * @param {TestRegistryOptions} [options]
 * @returns {Promise<TestRegistry>}
 */
export async function startTestRegistry({
  port = 0,
  host = '127.0.0.1',
  cacheDir = DEFAULT_CACHE_DIR,
  offline = false,
  upstream: upstreamOption,
  verbose = false,
} = {}) {
  const log = verbose ? (/** @type {string} */ line) => console.log(`[test-registry] ${line}`) : () => {};
  /** @type {LoggedRequest[]} */
  const requests = [];
  /** @type {Set<string>} */
  const corrupted = new Set();
  let tarballDelayMs = 0;
  /** Rendered packument bodies, by `name + form`: cached packuments never change during a run. */
  /** @type {Map<string, { body: Buffer, etag: string }>} */
  const rendered = new Map();
  let base = '';

  const upstream = upstreamOption ? async () => upstreamOption : upstreamRegistry;
  const store = createRegistryStore({ cacheDir: resolve(cacheDir), offline, upstream, log });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {Record<string, string | number>} headers
   * @param {Uint8Array} body
   */
  function send(req, res, status, headers, body) {
    const etag = status === 200 ? (headers.ETag ?? etagOf(body)) : undefined;
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { 'Access-Control-Allow-Origin': '*', ETag: etag, 'Cache-Control': 'no-cache' });
      res.end();
      return;
    }
    res.writeHead(status, {
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
      'Content-Length': body.byteLength,
      ...(etag ? { ETag: etag } : {}),
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {number} status @param {string} error */
  function sendError(req, res, status, error) {
    send(req, res, status, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ error })));
  }

  /** @param {Record<string, any>} doc @param {boolean} abbreviated */
  function renderedPackument(doc, abbreviated) {
    const key = `${doc.name}\n${abbreviated}`;
    let hit = rendered.get(key);
    if (!hit) {
      const body = Buffer.from(JSON.stringify(renderPackument(doc, base, abbreviated)));
      hit = { body, etag: etagOf(body) };
      rendered.set(key, hit);
    }
    return hit;
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const accept = req.headers.accept ?? '';
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', accept });
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Accept',
        'Access-Control-Max-Age': '86400',
        'Content-Length': 0,
      });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(req, res, 405, 'Method not allowed');
      return;
    }
    const pathname = new URL(req.url ?? '/', base).pathname;
    if (pathname === '/-/ping') {
      // As `npm ping` expects; also a readiness URL for Playwright's webServer.
      send(req, res, 200, { 'Content-Type': 'application/json' }, Buffer.from('{}'));
      return;
    }
    const route = parseRoute(pathname);
    if (!route) {
      sendError(req, res, 404, 'Not found');
      return;
    }
    if (route.kind === 'tarball') {
      if (tarballDelayMs) await new Promise((done) => setTimeout(done, tarballDelayMs));
      const version = versionOfTarball(route.name, route.rest);
      let bytes = version && (await store.tarball(route.name, version));
      if (!version || !bytes) {
        sendError(req, res, 404, 'Not found');
        return;
      }
      if (corrupted.has(`${route.name}@${version}`)) {
        // Flip one byte in the middle: same length, different hash.
        bytes = Buffer.from(bytes);
        bytes[bytes.length >> 1] ^= 0xff;
      }
      // Cached like the public registry's tarballs (immutable), except altered bytes, which no
      // cache may keep (a test may restore them).
      const cache = corrupted.has(`${route.name}@${version}`) ? 'no-store' : 'public, max-age=31536000, immutable';
      send(req, res, 200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': cache }, bytes);
      return;
    }
    const doc = await store.packument(route.name);
    if (!doc) {
      sendError(req, res, 404, 'Not found');
      return;
    }
    if (route.kind === 'packument') {
      const abbreviated = accept.includes(ABBREVIATED_TYPE);
      const { body, etag } = renderedPackument(doc, abbreviated);
      const type = abbreviated ? ABBREVIATED_TYPE : 'application/json';
      // Five minutes, as the public registry allows: browsers and npm reuse a packument that long.
      const headers = { 'Content-Type': type, ETag: etag, Vary: 'Accept', 'Cache-Control': 'public, max-age=300' };
      send(req, res, 200, headers, body);
      return;
    }
    // `/<name>/<version or tag>`: one full version manifest, as the public registry offers.
    const version = pickVersion(doc, route.rest);
    const manifest = version && doc.versions[version];
    if (!version || !manifest) {
      sendError(req, res, 404, 'Not found');
      return;
    }
    const out = { ...manifest, dist: { ...manifest.dist, tarball: tarballUrl(base, route.name, version) } };
    send(req, res, 200, { 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(out)));
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch((error) => {
        console.error(`[test-registry] ${req.method} ${req.url}: ${error?.stack ?? error}`);
        if (!res.headersSent) sendError(req, res, 502, `upstream failed: ${error?.message ?? error}`);
        else res.destroy();
      })
      .finally(() => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started} ms`));
  });

  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  base = `http://${urlHost(host)}:${actualPort}/`;

  if (!offline) {
    // If npm's configured registry is this server (an env var leaking into the
    // web server), every miss would fetch itself forever: refuse instead.
    const mirrored = await upstream();
    if (new URL(mirrored).host === new URL(base).host) {
      server.close();
      throw new Error(`the upstream registry is this test registry (${mirrored}); start it with offline: true`);
    }
  }

  return {
    url: base,
    port: actualPort,
    requests,
    clearRequests: () => void requests.splice(0),
    corruptTarball: (name, version) => void corrupted.add(`${name}@${version}`),
    restore: () => {
      corrupted.clear();
      tarballDelayMs = 0;
    },
    delayTarballs: (ms) => void (tarballDelayMs = ms),
    close: () =>
      new Promise((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.COVE_REGISTRY_PORT ?? '4874' },
      host: { type: 'string', default: '127.0.0.1' },
      'cache-dir': { type: 'string' },
      warm: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const cacheDir = values['cache-dir'] ?? DEFAULT_CACHE_DIR;
  if (values.warm) await warmTestRegistry({ cacheDir });
  const registry = await startTestRegistry({
    port: Number(values.port),
    host: values.host,
    cacheDir,
    offline: values.offline,
    verbose: values.verbose,
  });
  console.log(`test registry listening at ${registry.url}${values.offline ? ' (offline)' : ''}`);
  const stop = () => registry.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error?.stack ?? error);
    process.exit(1);
  });
}

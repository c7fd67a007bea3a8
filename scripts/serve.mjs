#!/usr/bin/env node
// Serves a production build (`dist/`) the way Cove must be deployed: the IDE
// as static files with an SPA fallback, and every `p-<id>.<host>` preview origin
// with only its bootstrap page and scripts. A reference for self-hosting, and
// the server the end-to-end tests and benchmarks run against.
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { PREVIEW_SCRIPT_HEADERS, classifyHost, isNavigation, routePreview } from './hosts.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

export function startServer({
  dir = process.env.COVE_DIST ?? 'dist',
  port = Number(process.env.PORT ?? 4173),
  host = 'localhost',
} = {}) {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`No build in ${root}: run \`npm run build\` first.`);

  const bootFile = join(root, '__cove/boot.html');
  const sendFile = (res, file, headers = {}) => {
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size, ...headers });
    createReadStream(file).pipe(res);
  };
  const fileIn = (pathname) => {
    const file = normalize(join(root, decodeURIComponent(pathname)));
    if (!file.startsWith(root)) return undefined;
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const where = classifyHost(req.headers.host);
    if (where.kind === 'redirect') {
      res.writeHead(302, { Location: where.location + (req.url ?? '/') });
      return res.end();
    }
    if (where.kind === 'preview') {
      const route = routePreview(url.pathname, { navigate: isNavigation(req) });
      if (route.kind === 'bundle') {
        const file = fileIn(url.pathname);
        if (file) return sendFile(res, file, PREVIEW_SCRIPT_HEADERS);
      }
      if (route.kind === 'boot') return sendFile(res, bootFile, { 'Cache-Control': 'no-store' });
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('Not found on the preview origin: its service worker is not running.');
    }
    const file = fileIn(url.pathname);
    // The embed SDK is imported by pages of any site: a module script across origins needs CORS.
    if (file && /^\/sdk\.(js|d\.ts|js\.map)$/.test(url.pathname))
      return sendFile(res, file, { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
    if (file) {
      // Hashed assets never change; V8 caches compiled wasm only for HTTP-cached responses.
      const immutable = url.pathname.startsWith('/assets/');
      return sendFile(res, file, { 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
    }
    if (url.pathname.startsWith('/assets/') || extname(url.pathname)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('Not found');
    }
    sendFile(res, join(root, 'index.html'), { 'Cache-Control': 'no-cache' });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer();
  const { port } = server.address();
  console.log(`Cove (production build) on http://app.localhost:${port}/`);
}

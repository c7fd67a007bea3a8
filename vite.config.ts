import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { defineConfig, runnerImport, type Plugin, type UserConfig, type ViteDevServer } from 'vite';
import {
  BOOT_ENTRY,
  bootHtml,
  PREVIEW_BUNDLES,
  PREVIEW_SCRIPT_HEADERS,
  classifyHost,
  isNavigation,
  routePreview,
} from './scripts/hosts.mjs';
import { bundlePreviewScript, newestMtime, previewRuntimePlugin } from './scripts/preview-bundles.mjs';
import { compileSeedPlugin } from './scripts/compile-seed-plugin.mjs';
import type * as CollabServer from './server/collab-server';
import { REGISTRY_PROXY_PATH, registryProxy } from './scripts/registry-proxy.mjs';

const port = Number(process.env.PORT ?? 5173);

/** The builder's own npm registry (npm config), read at build time so none is written in the source. */
function npmConfigRegistry(): string {
  try {
    const url = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return url && !url.endsWith('/') ? url + '/' : url;
  } catch {
    return '';
  }
}

/**
 * The npm registry the app uses when neither a project's `.npmrc` nor the app's setting names one
 * (Vite exposes `VITE_*` variables of the environment to the app as `import.meta.env`). A build
 * talks to the builder's registry directly; the dev server offers a same-origin pass-through
 * (scripts/registry-proxy.mjs), so `npm run dev` also works with mirrors that refuse CORS.
 * `COVE_DEV_REGISTRY_UPSTREAM` points that pass-through elsewhere.
 */
function setDefaultNpmRegistry(command: 'build' | 'serve'): void {
  if (process.env.VITE_COVE_NPM_REGISTRY !== undefined) return;
  process.env.VITE_COVE_NPM_REGISTRY =
    command === 'serve' ? `http://app.localhost:${port}${REGISTRY_PROXY_PATH}` : npmConfigRegistry();
}

/** Where the dev server mounts the collaboration server (server/) on the app host. */
const COLLAB_PATH = '/__cove/collab';

/**
 * Live collaboration without a second process in development: the collaboration server's
 * HTTP API and WebSocket on the app host at /__cove/collab, rooms kept in .cache/collab-dev.
 * Its code is TypeScript for Node, so Vite's module runner loads it, and only when serving.
 */
function coveCollabDev(): Plugin {
  let collab: CollabServer.CollabHandler | undefined;
  return {
    name: 'cove-collab-dev',
    apply: 'serve',
    // The app finds the server through VITE_COVE_COLLAB_URL (a build uses whatever it is set to).
    // Set here, not at the top: here the port includes `--port`, and Vite reads VITE_* just after.
    config(userConfig) {
      const devPort = userConfig.server?.port ?? port;
      process.env.VITE_COVE_COLLAB_URL ??= `http://app.localhost:${devPort}${COLLAB_PATH}`;
    },
    async configureServer(server: ViteDevServer) {
      const httpServer = server.httpServer;
      if (!httpServer) return; // middleware mode: the host server would have to mount it itself
      const root = process.cwd();
      const { module } = await runnerImport<typeof CollabServer>(join(root, 'server/collab-server.ts'));
      const handler = module.createCollabHandler({
        basePath: COLLAB_PATH,
        data: join(root, '.cache/collab-dev/rooms.sqlite'),
      });
      collab = handler;
      server.middlewares.use((req, res, next) => {
        if (classifyHost(req.headers.host).kind === 'app' && handler.handleRequest(req, res)) return;
        next();
      });
      // Vite's HMR socket has its own protocol and path; the handler declines every upgrade but ours.
      httpServer.on('upgrade', (req, socket, head) => {
        if (classifyHost(req.headers.host).kind === 'app') handler.handleUpgrade(req, socket, head);
      });
    },
    // Awaited by `server.close()` (also on SIGTERM), so rooms are stored before Vite exits.
    async closeServer() {
      await collab?.close();
    },
  };
}

let devRegistryUpstream: string | undefined;
const devRegistry = registryProxy({
  upstream: () => (devRegistryUpstream ??= process.env.COVE_DEV_REGISTRY_UPSTREAM || npmConfigRegistry()),
});

/**
 * One server, two kinds of origin: the IDE on `app.localhost` and each
 * project's preview on `p-<id>.app.localhost`. The preview origin serves only
 * its bootstrap page and its own scripts; its service worker does the rest.
 */
function coveHosts(): Plugin {
  const root = process.cwd();
  let cache: { mtime: number; code: Map<string, Promise<string>> } = { mtime: -1, code: new Map() };
  const bundle = (entry: string, env: Record<string, string>) => {
    const mtime = newestMtime(root);
    if (mtime !== cache.mtime) cache = { mtime, code: new Map() };
    let code = cache.code.get(entry);
    if (!code) {
      code = bundlePreviewScript(root, entry, { env });
      cache.code.set(entry, code);
      code.catch(() => cache.code.delete(entry));
    }
    return code;
  };
  const env = () => ({ MODE: 'development', VITE_COVE_APP_ORIGIN: process.env.VITE_COVE_APP_ORIGIN ?? '' });

  return {
    name: 'cove-hosts',
    configureServer(server: ViteDevServer) {
      // The address users should open: the IDE lives on app.localhost so previews can be same-site.
      // Printed once the server listens (tests wait for this line before their first request).
      if (!server.config.isProduction)
        server.httpServer?.once('listening', () =>
          setTimeout(() => server.config.logger.info(`\n  Cove IDE: http://app.localhost:${port}/\n`), 50),
        );
      server.middlewares.use((req, res, next) => {
        const host = classifyHost(req.headers.host);
        if (host.kind === 'app') return devRegistry(req, res, next);
        if (host.kind === 'redirect') {
          res.statusCode = 302;
          res.setHeader('Location', host.location + (req.url ?? '/'));
          return res.end();
        }
        const url = new URL(req.url ?? '/', 'http://preview');
        const route = routePreview(url.pathname, { navigate: isNavigation(req) });
        if (route.kind === 'bundle') {
          bundle(route.entry, env()).then(
            (code) => {
              for (const [k, v] of Object.entries(PREVIEW_SCRIPT_HEADERS)) res.setHeader(k, v);
              res.end(code);
            },
            (err: unknown) => {
              res.statusCode = 500;
              res.setHeader('Content-Type', 'text/plain; charset=utf-8');
              res.end(`Cove could not build ${route.entry}:\n${String(err)}`);
            },
          );
          return;
        }
        if (route.kind === 'boot') {
          bundle(BOOT_ENTRY, env()).then(
            (code) => {
              res.setHeader('Content-Type', 'text/html; charset=utf-8');
              res.setHeader('Cache-Control', 'no-store');
              res.end(bootHtml(code));
            },
            (err: unknown) => next(err),
          );
          return;
        }
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end('Not found on the preview origin: its service worker is not running.');
      });
    },
    configurePreviewServer() {
      throw new Error('Use `node scripts/serve.mjs` to serve a build: it routes the app and preview hosts.');
    },
    async generateBundle() {
      for (const [path, entry] of Object.entries(PREVIEW_BUNDLES)) {
        const source = await bundlePreviewScript(root, entry, {
          minify: true,
          env: { MODE: 'production', VITE_COVE_APP_ORIGIN: process.env.VITE_COVE_APP_ORIGIN ?? '' },
        });
        this.emitFile({ type: 'asset', fileName: path.slice(1), source });
      }
      const boot = await bundlePreviewScript(root, BOOT_ENTRY, {
        minify: true,
        env: { MODE: 'production', VITE_COVE_APP_ORIGIN: process.env.VITE_COVE_APP_ORIGIN ?? '' },
      });
      this.emitFile({ type: 'asset', fileName: '__cove/boot.html', source: bootHtml(boot) });
    },
  };
}

export default defineConfig(({ command }) => {
  setDefaultNpmRegistry(command);
  return config(command);
});

const config = (command: 'build' | 'serve'): UserConfig => ({
  plugins: [
    coveCollabDev(),
    coveHosts(),
    compileSeedPlugin(process.cwd(), command),
    previewRuntimePlugin(process.cwd(), command),
  ],
  server: { port, strictPort: true },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The bundler worker imports `virtual:cove-compile-seed`; worker bundles get plugins of their own.
  worker: {
    format: 'es',
    plugins: () => [compileSeedPlugin(process.cwd(), command), previewRuntimePlugin(process.cwd(), command)],
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    // Monaco's and esbuild's workers dominate the build; the timing report is noise in every run.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  optimizeDeps: { include: ['monaco-editor', 'yjs', 'y-monaco'] },
});

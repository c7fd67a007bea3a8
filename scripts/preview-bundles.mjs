// Builds the preview origin's own scripts (service worker, boot, runtime) as
// self-contained bundles with rolldown, the bundler Vite itself uses.
import { rolldown } from 'rolldown';
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** @param {Record<string, string>} env */
function defines(env) {
  const meta = { MODE: env.MODE ?? 'production', VITE_COVE_APP_ORIGIN: env.VITE_COVE_APP_ORIGIN ?? '' };
  return {
    'import.meta.env': JSON.stringify(meta),
    'import.meta.env.MODE': JSON.stringify(meta.MODE),
    'import.meta.env.VITE_COVE_APP_ORIGIN': JSON.stringify(meta.VITE_COVE_APP_ORIGIN),
  };
}

/**
 * @param {string} root project root
 * @param {string} entry e.g. `src/sw/sw.ts`
 * @param {{ minify?: boolean, env?: Record<string, string> }} [opts]
 * @returns {Promise<string>}
 */
export async function bundlePreviewScript(root, entry, opts = {}) {
  const bundle = await rolldown({
    input: join(root, entry),
    platform: 'browser',
    logLevel: 'warn',
    transform: { define: defines(opts.env ?? {}) },
  });
  try {
    const { output } = await bundle.generate({ format: 'esm', minify: opts.minify ?? false, sourcemap: 'inline' });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

/** Newest modification time below the folders the preview scripts are built from (dev rebuilds on change). */
export function newestMtime(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src/sw', 'src/preview', 'src/shared']) walk(join(root, d));
  return newest;
}

const RUNTIME_ID = 'virtual:cove-preview-runtime';
const RUNTIME_RESOLVED = '\0' + RUNTIME_ID;

/**
 * `virtual:cove-preview-runtime` for the bundler worker: the code of `/__cove/runtime.js`, which the
 * preview without a service worker inlines into the page it bundles (an opaque-origin frame can
 * fetch nothing). Rebuilt on each load, so dev picks up runtime edits on a worker reload.
 * @param {string} root
 * @param {'build' | 'serve'} command
 * @returns {import('vite').Plugin}
 */
export function previewRuntimePlugin(root, command) {
  return {
    name: 'cove-preview-runtime',
    resolveId(id) {
      return id === RUNTIME_ID ? RUNTIME_RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RUNTIME_RESOLVED) return undefined;
      const code = await bundlePreviewScript(root, 'src/preview/runtime.ts', {
        minify: command === 'build',
        env: {
          MODE: command === 'build' ? 'production' : 'development',
          VITE_COVE_APP_ORIGIN: process.env.VITE_COVE_APP_ORIGIN ?? '',
        },
      });
      // Inline: a source map would point at files the page cannot fetch.
      return `export default ${JSON.stringify(code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'))};`;
    },
  };
}

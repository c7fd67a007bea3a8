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

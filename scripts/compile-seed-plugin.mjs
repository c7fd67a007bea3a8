// `virtual:cove-compile-seed` for the bundler worker: in a build, the URL of a hashed JSON asset
// holding every template's compiled modules (scripts/compile-seed.ts); in dev, null (the dev
// server starts fast and compiles as usual). The seed builder is TypeScript that imports the
// bundler's own sources, so it is bundled with rolldown first (as preview-bundles.mjs does):
// Vite's config loader then only sees this file.
import { rolldown } from 'rolldown';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const VIRTUAL_ID = 'virtual:cove-compile-seed';
const RESOLVED_ID = '\0' + VIRTUAL_ID;

/** @param {string} root @returns {Promise<string>} the seed file's JSON text */
async function buildSeed(root) {
  const outDir = join(root, 'node_modules/.cache/cove');
  mkdirSync(outDir, { recursive: true });
  const bundle = await rolldown({
    input: join(root, 'scripts/compile-seed.ts'),
    platform: 'node',
    logLevel: 'warn',
    // Packages stay imports (esbuild-wasm finds its wasm next to itself); only project sources are bundled.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id),
  });
  let file;
  try {
    const { output } = await bundle.write({ dir: outDir, format: 'esm', entryFileNames: 'compile-seed.mjs' });
    file = join(outDir, output[0].fileName);
  } finally {
    await bundle.close();
  }
  /** @type {{ buildTemplatesSeed(dir: string): Promise<unknown> }} */
  const seed = await import(pathToFileURL(file).href);
  return JSON.stringify(await seed.buildTemplatesSeed(join(root, 'templates')));
}

/** @type {Promise<string> | undefined} */
let seedJson;

/**
 * For the app build and the worker build alike (`worker.plugins` makes a fresh instance per
 * worker bundle): the seed is computed once per process, starting with the app build.
 * @param {string} root
 * @param {'build' | 'serve'} command
 * @returns {import('vite').Plugin}
 */
export function compileSeedPlugin(root, command) {
  const seed = () => (seedJson ??= buildSeed(root));
  return {
    name: 'cove-compile-seed',
    buildStart() {
      // Start early: the seed compiles while the app bundles.
      if (command === 'build') seed().catch(() => {});
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      if (command !== 'build') return 'export default null;\n';
      const source = await seed();
      const hash = createHash('sha256').update(source).digest('hex').slice(0, 8);
      const ref = this.emitFile({ type: 'asset', fileName: `assets/compile-seed-${hash}.json`, source });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};\n`;
    },
  };
}

#!/usr/bin/env node
// Builds the embed SDK (src/sdk) into one small standalone ES module, <out>/sdk.js (minified, no
// dependencies), and its types, <out>/sdk.d.ts (re-exporting declarations emitted under
// <out>/sdk-types/). Runs after `vite build`, which empties the output folder first.
// Usage: node scripts/build-sdk.mjs [outDir]   (default: dist)
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = resolve(root, process.argv[2] ?? 'dist');

const bundle = await rolldown({
  input: join(root, 'src/sdk/index.ts'),
  platform: 'browser',
  logLevel: 'warn',
  checks: { pluginTimings: false },
});
try {
  await bundle.write({ file: join(outDir, 'sdk.js'), format: 'esm', minify: true, sourcemap: true });
} finally {
  await bundle.close();
}

const typesDir = join(outDir, 'sdk-types');
rmSync(typesDir, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/typescript/bin/tsc'),
    '-p',
    join(root, 'src/sdk'),
    '--noEmit',
    'false',
    '--declaration',
    '--emitDeclarationOnly',
    '--rootDir',
    join(root, 'src'),
    '--outDir',
    typesDir,
  ],
  { stdio: 'inherit' },
);
writeFileSync(join(outDir, 'sdk.d.ts'), "export * from './sdk-types/sdk/index.js';\n");
console.log(`built ${join(outDir, 'sdk.js').slice(root.length)} and sdk.d.ts`);

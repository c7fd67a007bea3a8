#!/usr/bin/env node
// Builds the collaboration server (server/main.ts and what it imports) into one
// Node module, dist/server/main.mjs. npm packages stay external: they are
// installed beside it, and better-sqlite3 is a native addon that cannot be bundled.
// Runs after `vite build`, which empties dist/ first.
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFile = join(root, 'dist/server/main.mjs');

const bundle = await rolldown({
  input: join(root, 'server/main.ts'),
  platform: 'node',
  logLevel: 'warn',
  // Bare specifiers (npm packages, node: builtins) are imported at run time; only our files are bundled.
  external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('\0'),
  checks: { pluginTimings: false },
});
try {
  await bundle.write({ file: outFile, format: 'esm', sourcemap: true, banner: '#!/usr/bin/env node' });
} finally {
  await bundle.close();
}
console.log(`built ${outFile.slice(root.length)}`);

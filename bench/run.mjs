#!/usr/bin/env node
// `npm run bench`: Cove against a native Vite dev server on the same files, in
// one run, alternating, in headless Chromium. Prints a table of medians and
// Cove/Vite ratios and writes bench/results/latest.json.
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { cpSync, mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/ensure-chromium.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 20);
const COVE_PORT = 4310;
const VITE_PORT = 4311;
const TEMPLATE = 'templates/vanilla-ts';
const LEAF = 'src/counter.ts';
const work = join(process.cwd(), 'bench/.work');

const executablePath = ensureChromium();
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// Cove's own production build, kept apart from `dist/` so the bench never races another build.
const coveDist = join(work, 'dist');
execSync(`npx vite build --logLevel warn --outDir ${JSON.stringify(coveDist)} --emptyOutDir`, { stdio: 'inherit' });

const viteRoot = join(work, 'vite-vanilla');
cpSync(TEMPLATE, viteRoot, { recursive: true });
const leafOriginal = readFileSync(join(viteRoot, LEAF), 'utf8');

const coveServer = await startServer({ dir: coveDist, port: COVE_PORT });
const viteServer = await createServer({
  root: viteRoot,
  configFile: false,
  logLevel: 'silent',
  server: { port: VITE_PORT, strictPort: true },
});
await viteServer.listen();

const sides = {
  cove: {
    url: `http://app.localhost:${COVE_PORT}/`,
    target: (page) => page.frameLocator('iframe[title="Preview"]').locator('#counter'),
    frame: (page) => page.frames().find((f) => /\/\/p-[a-z0-9]+\./.test(f.url())),
  },
  vite: {
    url: `http://localhost:${VITE_PORT}/`,
    target: (page) => page.locator('#counter'),
    frame: (page) => page.mainFrame(),
  },
};

async function launch(profile) {
  return chromium.launchPersistentContext(profile, { executablePath, args: CHROMIUM_ARGS, headless: true });
}

/** Navigation to the counter rendered, in ms. */
async function firstPreview(context, side) {
  const page = context.pages()[0] ?? (await context.newPage());
  const t0 = performance.now();
  await page.goto(side.url);
  await side.target(page).waitFor({ state: 'visible', timeout: 60_000 });
  return { ms: performance.now() - t0, page };
}

/** Edits the leaf module `EDITS` times; each edit's time from the keystroke (or file write) to the DOM showing it. */
async function editLatencies(page, name) {
  const times = [];
  if (name === 'cove') {
    const tree = page.getByRole('tree');
    const src = tree.getByRole('treeitem', { name: 'src', exact: true });
    if ((await src.getAttribute('aria-expanded')) === 'false') await src.click();
    await tree.getByRole('treeitem', { name: LEAF.split('/').pop(), exact: true }).click();
    await page.waitForFunction(
      (leaf) =>
        decodeURIComponent(document.querySelector('.monaco-editor[data-uri]')?.getAttribute('data-uri') ?? '').endsWith(
          leaf,
        ),
      LEAF,
    );
    await page.locator('.monaco-editor textarea').first().focus();
  }
  for (let i = 1; i <= EDITS; i++) {
    const marker = `edit-${i}-${Date.now()}`;
    const line = `\ndocument.body.dataset.edit = '${marker}';\n`;
    const t0 = performance.now();
    if (name === 'cove') {
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.insertText(line);
    } else {
      writeFileSync(join(viteRoot, LEAF), leafOriginal + line);
    }
    await waitForMarker(page, sides[name], marker);
    times.push(performance.now() - t0);
  }
  return times;
}

async function waitForMarker(page, side, marker) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const frame = side.frame(page);
    try {
      if (frame) {
        await frame.waitForFunction((m) => document.body?.dataset.edit === m, marker, {
          polling: 'raf',
          timeout: 2_000,
        });
        return;
      }
    } catch {
      // The frame navigated (a full reload) while we waited: look again.
    }
  }
  throw new Error(`edit ${marker} never reached the preview`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};

const samples = { cove: { cold: [], warm: [], edits: [] }, vite: { cold: [], warm: [], edits: [] } };
/** esbuild-wasm start-up inside Cove's bundler worker, as the status bar reports it. */
const esbuildInit = { cold: [], warm: [] };

async function esbuildTimings(page) {
  const status = page.getByTestId('bundler-status');
  await page.waitForFunction(
    () => /initialised in/.test(document.querySelector('[data-testid="bundler-status"]')?.getAttribute('title') ?? ''),
    null,
    { timeout: 30_000 },
  );
  const title = (await status.getAttribute('title')) ?? '';
  const m = /initialised in (\d+) ms; first compile (\d+) ms/.exec(title);
  return m ? Number(m[1]) + Number(m[2]) : NaN;
}
try {
  for (let run = 0; run < RUNS; run++) {
    for (const name of run % 2 ? ['vite', 'cove'] : ['cove', 'vite']) {
      const side = sides[name];
      const profile = mkdtempSync(join(tmpdir(), `cove-bench-${name}-`));
      let context = await launch(profile);
      const cold = await firstPreview(context, side);
      samples[name].cold.push(cold.ms);
      if (name === 'cove') esbuildInit.cold.push(await esbuildTimings(cold.page));
      await cold.page.waitForTimeout(500); // let caches settle, as a person would read the page
      await context.close();
      context = await launch(profile);
      const warm = await firstPreview(context, side);
      samples[name].warm.push(warm.ms);
      if (name === 'cove') esbuildInit.warm.push(await esbuildTimings(warm.page));
      if (run === 0) samples[name].edits = await editLatencies(warm.page, name);
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (name === 'vite') writeFileSync(join(viteRoot, LEAF), leafOriginal);
      process.stdout.write(
        `run ${run + 1}/${RUNS} ${name}: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms\n`,
      );
    }
  }
} finally {
  await viteServer.close();
  coveServer.close();
}

const row = (name, unit, cove, vite, runs) => ({
  name,
  unit,
  cove: round(cove),
  vite: vite === null ? null : round(vite),
  ratio: vite === null ? null : round(cove / vite, 2),
  runs,
});
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const scenarios = [
  row('S1-vanilla-cold', 'ms', median(samples.cove.cold), median(samples.vite.cold), RUNS),
  row('S1-vanilla-warm', 'ms', median(samples.cove.warm), median(samples.vite.warm), RUNS),
  row('S2-edit-median', 'ms', median(samples.cove.edits), median(samples.vite.edits), EDITS),
  row('S2-edit-p95', 'ms', p95(samples.cove.edits), p95(samples.vite.edits), EDITS),
  // Cove only: esbuild-wasm initialize + first compile, fresh profile vs second visit (wasm code cache).
  row('esbuild-start-cold', 'ms', median(esbuildInit.cold), null, RUNS),
  row('esbuild-start-warm', 'ms', median(esbuildInit.warm), null, RUNS),
];
const result = {
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}, ${execSync(
    `${executablePath} --version`,
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
    .toString()
    .trim()}`,
  date: new Date().toISOString(),
  scenarios,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(result, null, 2) + '\n');

console.log(`\n| scenario | Cove | Vite | Cove/Vite | runs |\n|---|---:|---:|---:|---:|`);
for (const s of scenarios) {
  const vite = s.vite === null ? '–' : `${s.vite} ${s.unit}`;
  console.log(`| ${s.name} | ${s.cove} ${s.unit} | ${vite} | ${s.ratio ?? '–'} | ${s.runs} |`);
}
console.log(`\n${result.machine}, ${result.date}`);

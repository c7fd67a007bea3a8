#!/usr/bin/env node
// `npm run bench`: Cove against a native Vite dev server on the same files, in
// one run, alternating, in headless Chromium. Prints a table of medians and
// Cove/Vite ratios and writes bench/results/latest.json.
//
//   BENCH_RUNS=5 (repetitions)  BENCH_COVE_DIST=<dir> (measure an existing build)
//   BENCH_ONLY=vanilla|react|large|collab (one group; its rows
//   replace those of the same name in latest.json, the others are kept)
//   large = S3/S5 on a generated 1,000-module project (bench/large-*.mjs); BENCH_LARGE_EDITS=5 edits per run.
//   collab = collab-model, collab-load and collab-browser (bench/collab-*.mjs; each also runs alone);
//   their rows are Cove-only figures, and their full results go to the `collab` section of latest.json.
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { cpSync, existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { execSync } from 'node:child_process';
import { startServer } from '../scripts/serve.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/ensure-chromium.mjs';
import { startTestRegistry } from '../scripts/test-registry/server.mjs';
import { coveReactRun } from './react-cove.mjs';
import { nativeReactRun, warmRegistry } from './react-native.mjs';
import { docModelBench } from './collab-doc-model.mjs';
import { collabLoadBench } from './collab-load.mjs';
import { collabPropagationBench } from './collab-propagation.mjs';
import { generateLargeProject } from './large-project.mjs';
import { wallNow } from './large-common.mjs';
import { coveFrame, renderProbe, seenAt } from './render-probe.mjs';
import { coveLargeRun } from './large-cove.mjs';
import { nativeLargeRun } from './large-native.mjs';
import { startCollabServer } from './collab-common.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EDITS = Number(process.env.BENCH_EDITS ?? 20);
const LARGE_EDITS = Number(process.env.BENCH_LARGE_EDITS ?? 5);
const COVE_PORT = 4310;
const VITE_PORT = 4311;
const REACT_VITE_PORT = 4312;
// Fixed, because the Cove build bakes the registry URL in as its default.
const REGISTRY_PORT = 4313;
// Fixed too: the build bakes the collaboration server's URL in (VITE_COVE_COLLAB_URL).
const COLLAB_PORT = 4314;
const LARGE_VITE_PORT = 4315;
const TEMPLATE = 'templates/vanilla-ts';
const REACT_TEMPLATE = 'templates/react-ts';
const GROUPS = {
  vanilla: ['vanilla', 's1', 's2', 'esbuild'],
  react: ['react', 's4', 'npm'],
  large: ['large', 's3', 's5'],
  collabModel: ['collab', 'collab-model'],
  collabLoad: ['collab', 'collab-load'],
  collabBrowser: ['collab', 'collab-browser'],
};
const only = (process.env.BENCH_ONLY ?? '').toLowerCase().split(',').filter(Boolean);
const unknown = only.filter((o) => !Object.values(GROUPS).flat().includes(o));
if (unknown.length) {
  console.error(
    `BENCH_ONLY: unknown ${unknown.join(', ')}; use one of ${[...new Set(Object.values(GROUPS).flat())].join(', ')}`,
  );
  process.exit(2);
}
const wants = (group) => only.length === 0 || GROUPS[group].some((alias) => only.includes(alias));
const LEAF = 'src/counter.ts';
const work = join(process.cwd(), 'bench/.work');
const LATEST = 'bench/results/latest.json';

const executablePath = ensureChromium();
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
// Both sides install from this one registry. Online: what its cache (.cache/registry) lacks, such as
// vite's own tarballs that only native npm downloads, is fetched once from upstream and kept.
const registry = await startTestRegistry({ port: REGISTRY_PORT });
// Cove's own production build, kept apart from `dist/` so the bench never races another build,
// with the test registry as its default so no package comes from anywhere else.
// BENCH_COVE_DIST: measure an existing build instead (e.g. an older commit's, for before/after
// figures); it must have been built with this registry URL and collaboration URL.
const coveDist = process.env.BENCH_COVE_DIST ?? join(work, 'dist');
if (!process.env.BENCH_COVE_DIST)
  execSync(`npx vite build --logLevel warn --outDir ${JSON.stringify(coveDist)} --emptyOutDir`, {
    stdio: 'inherit',
    env: {
      ...process.env,
      VITE_COVE_NPM_REGISTRY: registry.url,
      // Only live projects load the collaboration client, so this does not change the other scenarios.
      VITE_COVE_COLLAB_URL: `http://127.0.0.1:${COLLAB_PORT}`,
    },
  });

const viteRoot = join(work, 'vite-vanilla');
cpSync(TEMPLATE, viteRoot, { recursive: true });
const leafOriginal = readFileSync(join(viteRoot, LEAF), 'utf8');

const coveServer = await startServer({ dir: coveDist, port: COVE_PORT });
const viteServer = wants('vanilla')
  ? await createServer({
      root: viteRoot,
      configFile: false,
      logLevel: 'silent',
      server: { port: VITE_PORT, strictPort: true },
    })
  : undefined;
await viteServer?.listen();

const sides = {
  cove: {
    url: `http://app.localhost:${COVE_PORT}/`,
    target: (page) => page.frameLocator('iframe[title="Preview"]').locator('#counter'),
    frame: coveFrame,
  },
  vite: {
    url: `http://localhost:${VITE_PORT}/`,
    target: (page) => page.locator('#counter'),
    frame: (page) => page.mainFrame(),
  },
};

async function launch(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  await context.addInitScript(renderProbe);
  return context;
}

/** Navigation to the counter in the page (by its own clock, see render-probe.mjs), in ms. */
async function firstPreview(context, side) {
  const page = context.pages()[0] ?? (await context.newPage());
  const t0 = wallNow();
  await page.goto(side.url);
  await side.target(page).waitFor({ state: 'visible', timeout: 60_000 });
  const polled = wallNow() - t0;
  return { ms: (await seenAt(side.frame(page), 'counter')) - t0, polled, page };
}

/** Edits the leaf module `EDITS` times; each edit's time from the keystroke (or file write) to the edited module running in the preview. */
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
    // The page records when the edited module ran (wall clock): polling for it from here would add
    // tens of milliseconds of our own to both sides.
    const line = `\ndocument.body.dataset.edit = '${marker}';\ndocument.body.dataset.editAt = String(performance.timeOrigin + performance.now());\n`;
    if (name === 'cove') await page.keyboard.press('ControlOrMeta+End');
    const t0 = wallNow();
    if (name === 'cove') await page.keyboard.insertText(line);
    else writeFileSync(join(viteRoot, LEAF), leafOriginal + line);
    const frame = await waitForMarker(page, sides[name], marker);
    times.push((await frame.evaluate(() => Number(document.body.dataset.editAt))) - t0);
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
        return frame;
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
/** React counter: new project with an empty package cache, reopened after a restart, new project in the warm cache. */
const react = { cove: { cold: [], reopen: [], newWarm: [] }, vite: { cold: [], reopen: [], newWarm: [] } };
/** The generated 1,000-module project: first render (fresh profile, then after a restart) and edit → reload. */
const large = { cove: { cold: [], warm: [], edits: [] }, vite: { cold: [], warm: [], edits: [] } };
/** esbuild-wasm start-up inside Cove's bundler worker, as the status bar reports it. */
const esbuildInit = { cold: [], warm: [] };
/** Live collaboration: each part's `{ rows, detail }`. */
const collab = {};

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
  for (let run = 0; run < RUNS && wants('vanilla'); run++) {
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
        `run ${run + 1}/${RUNS} ${name}: cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms` +
          ` (seen by polling: ${cold.polled.toFixed(0)}, ${warm.polled.toFixed(0)})\n`,
      );
    }
  }
  if (wants('react')) {
    const dir = mkdtempSync(join(tmpdir(), 'cove-bench-react-warm-up-'));
    await warmRegistry({ template: REACT_TEMPLATE, registry, workDir: dir });
    rmSync(dir, { recursive: true, force: true });
  }
  for (let run = 0; run < RUNS && wants('react'); run++) {
    for (const name of run % 2 ? ['vite', 'cove'] : ['cove', 'vite']) {
      const dir = mkdtempSync(join(tmpdir(), `cove-bench-react-${name}-`));
      let r;
      try {
        r =
          name === 'cove'
            ? await coveReactRun({ launch, coveUrl: sides.cove.url, registry, profile: dir })
            : await nativeReactRun({ launch, template: REACT_TEMPLATE, registry, port: REACT_VITE_PORT, workDir: dir });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (r.foreign?.length) throw new Error(`Cove fetched from outside the bench: ${r.foreign.join(', ')}`);
      for (const key of ['cold', 'reopen', 'newWarm']) react[name][key].push(r[key]);
      process.stdout.write(`run ${run + 1}/${RUNS} react ${name}:\n    ${r.notes.join('\n    ')}\n`);
    }
  }
  const project = wants('large') ? generateLargeProject({ modules: 1000 }) : undefined;
  for (let run = 0; run < RUNS && project; run++) {
    for (const name of run % 2 ? ['vite', 'cove'] : ['cove', 'vite']) {
      const dir = mkdtempSync(join(tmpdir(), `cove-bench-large-${name}-`));
      let r;
      try {
        r =
          name === 'cove'
            ? await coveLargeRun({ launch, coveUrl: sides.cove.url, project, profile: dir, edits: LARGE_EDITS })
            : await nativeLargeRun({ launch, project, port: LARGE_VITE_PORT, workDir: dir, edits: LARGE_EDITS });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      large[name].cold.push(r.cold);
      large[name].warm.push(r.warm);
      large[name].edits.push(...r.edits);
      process.stdout.write(`run ${run + 1}/${RUNS} large ${name}:\n    ${r.notes.join('\n    ')}\n`);
    }
  }
  if (wants('collabModel')) collab.docModel = await docModelBench({ runs: RUNS });
  if (wants('collabLoad')) collab.load = await collabLoadBench();
  if (wants('collabBrowser')) {
    const server = await startCollabServer({ port: COLLAB_PORT });
    try {
      collab.browser = await collabPropagationBench({ coveUrl: sides.cove.url, executablePath });
    } finally {
      await server.stop();
    }
  }
} finally {
  await viteServer?.close();
  coveServer.close();
  await registry.close();
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
const measured = [
  ...(wants('vanilla')
    ? [
        row('S1-vanilla-cold', 'ms', median(samples.cove.cold), median(samples.vite.cold), RUNS),
        row('S1-vanilla-warm', 'ms', median(samples.cove.warm), median(samples.vite.warm), RUNS),
        row('S2-edit-median', 'ms', median(samples.cove.edits), median(samples.vite.edits), EDITS),
        row('S2-edit-p95', 'ms', p95(samples.cove.edits), p95(samples.vite.edits), EDITS),
        // Cove only: esbuild-wasm initialize + first compile, fresh profile vs second visit (wasm code cache).
        row('esbuild-start-cold', 'ms', median(esbuildInit.cold), null, RUNS),
        row('esbuild-start-warm', 'ms', median(esbuildInit.warm), null, RUNS),
      ]
    : []),
  ...(wants('react')
    ? [
        // Install + first render, empty package cache (native: `npm install` with an empty cache + `vite`).
        row('S4-react-cold', 'ms', median(react.cove.cold), median(react.vite.cold), RUNS),
        // The same for a new project in a warm cache (native: npm cache filled, vite's optimizer cold).
        row('S4-react-warm', 'ms', median(react.cove.newWarm), median(react.vite.newWarm), RUNS),
        // Reopening the installed project after a browser restart (native: restarting `vite` on it).
        row('S4-react-reopen', 'ms', median(react.cove.reopen), median(react.vite.reopen), RUNS),
      ]
    : []),
  ...(wants('large')
    ? [
        // The generated project (bench/large-project.mjs): navigation to every component rendered.
        row('S3-1000-modules-cold', 'ms', median(large.cove.cold), median(large.vite.cold), RUNS),
        row('S3-1000-modules-warm', 'ms', median(large.cove.warm), median(large.vite.warm), RUNS),
        // Edit to a leaf module → full reload → every component rendered again.
        row(
          'S5-1000-modules-reload',
          'ms',
          median(large.cove.edits),
          median(large.vite.edits),
          large.cove.edits.length,
        ),
      ]
    : []),
  ...Object.values(collab).flatMap((c) => c.rows),
];
// A partial run (BENCH_ONLY) keeps the previous figures of the scenarios it did not run.
const previousResult = only.length && existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : {};
const previous = previousResult.scenarios ?? [];
const scenarios = [...previous.filter((p) => !measured.some((m) => m.name === p.name)), ...measured];
// The collaboration figures that do not fit a row (the doc-model comparison, traffic, memory), by part.
const collabDetail = {
  ...previousResult.collab,
  ...Object.fromEntries(Object.entries(collab).map(([k, v]) => [k, v.detail])),
};
const result = {
  machine: `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}, ${execSync(
    `${executablePath} --version`,
    { stdio: ['ignore', 'pipe', 'ignore'] },
  )
    .toString()
    .trim()}`,
  date: new Date().toISOString(),
  scenarios,
  ...(Object.keys(collabDetail).length ? { collab: collabDetail } : {}),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(LATEST, JSON.stringify(result, null, 2) + '\n');

/** Targets from the issues: npm (#3) for the React rows, the suite (#6) for the others. */
const TARGETS = {
  'S2-edit-median': { text: '< 50 ms', met: (s) => s.cove < 50 },
  'S4-react-cold': { text: '≤ 2× native', met: (s) => s.ratio <= 2 },
  'S4-react-warm': { text: '≤ 500 ms', met: (s) => s.cove <= 500 },
  'S4-react-reopen': { text: '≤ 500 ms', met: (s) => s.cove <= 500 },
  // Live collaboration (#4): 100 clients in one room on loopback.
  'collab-load-edit-p95': { text: '< 50 ms', met: (s) => s.cove < 50 },
  'collab-load-probe-p95': { text: '< 50 ms', met: (s) => s.cove < 50 },
};
const targetOf = (s) => {
  const t = TARGETS[s.name] ?? (s.ratio === null ? undefined : { text: 'ratio ≤ 1', met: (x) => x.ratio <= 1 });
  return t ? `${t.text} ${t.met(s) ? '✓' : '✗'}` : '–';
};
console.log(`\n| scenario | Cove | Vite | Cove/Vite | runs | target |\n|---|---:|---:|---:|---:|---|`);
for (const s of scenarios) {
  const vite = s.vite === null ? '–' : `${s.vite} ${s.unit}`;
  console.log(`| ${s.name} | ${s.cove} ${s.unit} | ${vite} | ${s.ratio ?? '–'} | ${s.runs} | ${targetOf(s)} |`);
}
console.log(`\n${result.machine}, ${result.date}`);

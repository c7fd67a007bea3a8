// The native side of the React counter scenario: `npm install` from the local
// test registry, then a Vite dev server and Chromium until the counter shows.
import { wallNow } from './large-common.mjs';
import { seenAt } from './render-probe.mjs';
import { createServer } from 'vite';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registryTraffic } from './registry-traffic.mjs';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A fresh copy of the template, as `npm create` would make it (never a node_modules left in it). */
function copyTemplate(template, dir) {
  cpSync(template, dir, { recursive: true, filter: (src) => !/[\\/]node_modules$/.test(src) });
  return dir;
}

/**
 * `npm install` as a person would run it, but pointed at the local registry
 * only, with its own cache dir and an empty user config, so nothing from this
 * machine's npm setup (another registry, scoped registries) takes part.
 * Async on purpose: the test registry answers from this same process.
 */
function npmInstall(project, { registryUrl, cacheDir, userconfig }) {
  const args = [
    'install',
    '--registry',
    registryUrl,
    '--cache',
    cacheDir,
    '--userconfig',
    userconfig,
    '--no-audit',
    '--no-fund',
    '--no-update-notifier',
    '--ignore-scripts=false',
  ];
  return new Promise((done, fail) => {
    const child = spawn(NPM, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`npm install exited ${code}:\n${out}`))));
  });
}

/** A Vite dev server on `project`, configured as `run.mjs` configures the vanilla one. */
async function startVite(project, port) {
  const server = await createServer({
    root: project,
    configFile: false,
    logLevel: 'silent',
    server: { port, strictPort: true },
  });
  await server.listen();
  return server;
}

/** Server start and page load until the counter button is visible; returns both times in ms. */
async function serveAndRender(page, project, port, timeoutMs) {
  const t0 = wallNow();
  const server = await startVite(project, port);
  const serverMs = wallNow() - t0;
  let seen;
  try {
    await page.goto(`http://localhost:${port}/`);
    await page.getByRole('button', { name: 'count is 0' }).waitFor({ state: 'visible', timeout: timeoutMs });
    seen = await seenAt(page.mainFrame(), 'reactCounter');
  } finally {
    await server.close();
  }
  return { serverMs, renderMs: seen - t0 - serverMs };
}

/**
 * One native run, in the same order as Cove's: a new project with an empty npm
 * cache; after a browser restart, restarting `vite` on that installed project
 * (its optimizer cache kept); then a new project with the npm cache filled (its
 * optimizer cache cold, as for any new project).
 * @returns {Promise<{ cold: number, reopen: number, newWarm: number, notes: string[] }>}
 */
export async function nativeReactRun({ launch, template, registry, port, workDir, timeoutMs = 120_000 }) {
  mkdirSync(workDir, { recursive: true });
  const cacheDir = join(workDir, 'npm-cache');
  const userconfig = join(workDir, 'npmrc');
  writeFileSync(userconfig, '');
  const npm = { registryUrl: registry.url, cacheDir, userconfig };
  const profile = join(workDir, 'profile');
  const notes = [];

  const newProject = (name) => copyTemplate(template, join(workDir, name));
  const installAndRender = async (page, project) => {
    registry.clearRequests();
    const t0 = performance.now();
    await npmInstall(project, npm);
    const installMs = performance.now() - t0;
    const traffic = registryTraffic(registry.requests);
    const { serverMs, renderMs } = await serveAndRender(page, project, port, timeoutMs);
    return { ms: installMs + serverMs + renderMs, installMs, serverMs, renderMs, traffic };
  };
  const describe = (label, r) =>
    `${label} ${r.ms.toFixed(0)} ms = npm install ${r.installMs.toFixed(0)} (${r.traffic}) + vite start ${r.serverMs.toFixed(0)} + render ${r.renderMs.toFixed(0)}`;

  let context = await launch(profile);
  let page = context.pages()[0] ?? (await context.newPage());
  const first = newProject('first');
  const cold = await installAndRender(page, first);
  notes.push(describe('cold', cold));
  await context.close();

  context = await launch(profile);
  page = context.pages()[0] ?? (await context.newPage());
  const again = await serveAndRender(page, first, port, timeoutMs);
  const reopen = again.serverMs + again.renderMs;
  notes.push(
    `reopen ${reopen.toFixed(0)} ms = vite start ${again.serverMs.toFixed(0)} + render ${again.renderMs.toFixed(0)}`,
  );
  const newWarm = await installAndRender(page, newProject('second'));
  notes.push(describe('new-warm', newWarm));
  await context.close();
  return { cold: cold.ms, reopen, newWarm: newWarm.ms, notes };
}

/**
 * An untimed install before the first run, so that neither side pays for what
 * only the first request costs: tarballs the registry's disk cache lacks
 * (fetched once from upstream) and packuments it has not yet rendered.
 */
export async function warmRegistry({ template, registry, workDir }) {
  const project = copyTemplate(template, join(workDir, 'warm-up'));
  const userconfig = join(workDir, 'npmrc');
  writeFileSync(userconfig, '');
  await npmInstall(project, { registryUrl: registry.url, cacheDir: join(workDir, 'npm-cache'), userconfig });
}

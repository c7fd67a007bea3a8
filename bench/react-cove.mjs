// Cove's side of the React counter scenario: a fresh profile creates a project
// from the React template (install: resolve, download, pre-bundle, render);
// after a browser restart it reopens that project, then creates a second one.
import { wallNow } from './large-common.mjs';
import { registryTraffic } from './registry-traffic.mjs';
import { coveFrame, seenAt } from './render-probe.mjs';

const TEMPLATE_BUTTON = 'New project from template React + TypeScript';

/**
 * Runs in the IDE page (not in previews): logs each change of the status
 * bar's install and bundler items with a wall-clock time, so the bench can
 * say where an install's time went.
 */
function statusLogger() {
  if (window.top !== window) return;
  const log = [];
  Object.defineProperty(window, '__coveBenchLog', { value: log });
  let last = '';
  setInterval(() => {
    const install = document.querySelector('[data-testid="install-status"]')?.textContent ?? '';
    const bundler = document.querySelector('[data-testid="bundler-status"]')?.textContent ?? '';
    const now = `${install}|${bundler}`;
    if (now !== last) log.push({ t: Date.now(), install, bundler });
    last = now;
  }, 10);
}

const counter = (page) => page.frameLocator('iframe[title="Preview"]').getByRole('button', { name: 'count is 0' });

/**
 * Requests to anything but Cove's origins and the test registry (there must
 * be none), and when each registry request was sent (epoch ms).
 */
function watchRequests(context, cove, registry) {
  const seen = { foreign: [], registry: [] };
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['http:', 'https:'].includes(url.protocol)) return;
    if (url.href.startsWith(registry.url))
      seen.registry.push({ t: Date.now(), tarball: url.pathname.endsWith('.tgz') });
    else if (url.port !== cove.port || !(url.hostname === cove.hostname || url.hostname.endsWith(`.${cove.hostname}`)))
      seen.foreign.push(url.origin);
  });
  return seen;
}

/** "packuments +400..+5200, tarballs +1000..+1800" from the registry requests the browser sent after t0. */
function registryWindows(sent, t0) {
  const span = (list, what) =>
    list.length ? `${what} +${list[0].t - t0}..+${list[list.length - 1].t - t0}` : `no ${what}`;
  const after = sent.filter((r) => r.t >= t0);
  const packuments = after.filter((r) => !r.tarball);
  const tarballs = after.filter((r) => r.tarball);
  return `${span(packuments, 'packuments')}, ${span(tarballs, 'tarballs')}`;
}

/**
 * What happened between `t0` (epoch ms) and the counter: `cove:*` marks, the
 * status bar's changes, esbuild's start-up, and what the registry served.
 */
async function timeline(page, t0, registry, sent) {
  const { marks, log, title } = await page.evaluate(() => ({
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cove:'))
      .map((m) => ({ name: m.name, t: performance.timeOrigin + m.startTime })),
    log: window.__coveBenchLog ?? [],
    title: document.querySelector('[data-testid="bundler-status"]')?.getAttribute('title') ?? '',
  }));
  const at = (t) => `+${Math.round(t - t0)}`;
  const events = [
    ...marks.filter((m) => m.t >= t0).map((m) => ({ t: m.t, what: m.name.slice('cove:'.length) })),
    ...log
      .filter((e) => e.t >= t0)
      .map((e) => ({ t: e.t, what: [e.install, e.bundler].filter(Boolean).join(' / ') || '(no status)' })),
  ].sort((a, b) => a.t - b.t);
  const esbuild = /initialised in (\d+) ms; first compile (\d+) ms/.exec(title);
  return [
    events.map((e) => `${at(e.t)} ${e.what}`).join('; '),
    esbuild ? `esbuild init ${esbuild[1]} + first compile ${esbuild[2]} ms` : 'esbuild timings not shown',
    `registry: ${registryTraffic(registry.requests)} (${registryWindows(sent, t0)})`,
  ].join('\n      ');
}

/** Click the React template button on `/projects` and wait for the counter; ms from the click. */
async function newReactProject(page, coveUrl, registry, timeoutMs) {
  await page.goto(`${coveUrl}projects`);
  const button = page.getByRole('button', { name: TEMPLATE_BUTTON });
  await button.waitFor({ state: 'visible', timeout: 30_000 });
  registry.clearRequests();
  const t0 = wallNow();
  await button.click();
  await counter(page).waitFor({ state: 'visible', timeout: timeoutMs });
  return { ms: Math.round((await seenAt(coveFrame(page), 'reactCounter')) - t0), t0 };
}

/**
 * The project's install is over and stored: the lockfile shows in the tree and
 * the status bar has no install running. Then a pause for IndexedDB writes that
 * follow (pre-bundles), as a person would look at the page before closing it.
 */
async function settle(page) {
  await page
    .getByRole('treeitem', { name: 'package-lock.json', exact: true })
    .waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(
    () => !/Resolving|Installing/.test(document.querySelector('[data-testid="install-status"]')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(1500);
}

/**
 * One Cove run in a fresh profile at `profile`.
 * @returns {Promise<{ cold: number, reopen: number, newWarm: number, notes: string[], foreign: string[] }>}
 */
export async function coveReactRun({ launch, coveUrl, registry, profile, timeoutMs = 120_000 }) {
  const cove = new URL(coveUrl);
  const notes = [];
  let context = await launch(profile);
  await context.addInitScript(statusLogger);
  let sent = watchRequests(context, cove, registry);
  let page = context.pages()[0] ?? (await context.newPage());
  const cold = await newReactProject(page, coveUrl, registry, timeoutMs);
  notes.push(`cold ${cold.ms} ms: ${await timeline(page, cold.t0, registry, sent.registry)}`);
  const projectUrl = page.url();
  await settle(page);
  await context.close();
  const foreign = [...sent.foreign];

  context = await launch(profile);
  await context.addInitScript(statusLogger);
  sent = watchRequests(context, cove, registry);
  page = context.pages()[0] ?? (await context.newPage());
  registry.clearRequests();
  const t0 = wallNow();
  await page.goto(projectUrl);
  await counter(page).waitFor({ state: 'visible', timeout: timeoutMs });
  const reopen = Math.round((await seenAt(coveFrame(page), 'reactCounter')) - t0);
  notes.push(`reopen ${reopen} ms: ${await timeline(page, t0, registry, sent.registry)}`);
  await page.waitForTimeout(500);
  const newWarm = await newReactProject(page, coveUrl, registry, timeoutMs);
  notes.push(`new-warm ${newWarm.ms} ms: ${await timeline(page, newWarm.t0, registry, sent.registry)}`);
  await context.close();
  return { cold: cold.ms, reopen, newWarm: newWarm.ms, notes, foreign: [...new Set([...foreign, ...sent.foreign])] };
}

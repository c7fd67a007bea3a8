// Cove's side of the large-project scenarios: S3 cold (a fresh profile opens
// the project from a share link), S3 warm (the project's own address after a
// browser restart), S5 (edits to a leaf module in Monaco, each until the
// reloaded preview rendered everything again).
import { gzipSync } from 'node:zlib';
import { armReload, editLine, wallNow, waitForDone, waitForEdit } from './large-common.mjs';
import { coveFrame, seenAt } from './render-probe.mjs';

const previewDone = (page, marker) => page.frameLocator('iframe[title="Preview"]').locator(marker.selector);

/** The share link's payload (README "Share links"): base64url of the gzip of the JSON. */
export function sharePayload(files, open) {
  return gzipSync(JSON.stringify({ v: 1, files, open, title: 'Large TypeScript project' })).toString('base64url');
}

/** Runs in the IDE page: logs each change of the bundler's status item with a wall-clock time. */
function statusLogger() {
  if (window.top !== window) return;
  const log = [];
  Object.defineProperty(window, '__coveLargeLog', { value: log });
  let last = '';
  setInterval(() => {
    const now = document.querySelector('[data-testid="bundler-status"]')?.textContent ?? '';
    if (now !== last) log.push({ t: Date.now(), what: now || '(no status)' });
    last = now;
  }, 10);
}

/** "+120 Bundler starting…; +900 Compiling (peak 37 pending); …" since t0 (epoch ms), with `cove:*` marks and esbuild's start-up. */
async function timeline(page, t0) {
  const { marks, log, title } = await page.evaluate(() => ({
    marks: performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('cove:'))
      .map((m) => ({ t: performance.timeOrigin + m.startTime, what: m.name.slice('cove:'.length) })),
    log: window.__coveLargeLog ?? [],
    title: document.querySelector('[data-testid="bundler-status"]')?.getAttribute('title') ?? '',
  }));
  const events = [...marks, ...log].filter((e) => e.t >= t0).sort((a, b) => a.t - b.t);
  // A busy bundler changes its pending count many times a second: one entry per kind of state, with its peak.
  const kept = [];
  for (const e of events) {
    const kind = e.what.replace(/\d+/g, '#');
    const n = Number(/\d+/.exec(e.what)?.[0] ?? NaN);
    const last = kept[kept.length - 1];
    if (last?.kind === kind) last.peak = Math.max(last.peak, n);
    else kept.push({ ...e, kind, peak: n });
  }
  const text = (e) => (e.kind.includes('#') ? `${e.kind.replace('#', 'peak ' + e.peak)}` : e.what);
  return `${kept.map((e) => `+${Math.round(e.t - t0)} ${text(e)}`).join('; ')}\n      status title: ${title.replace(/\n/g, ' / ')}`;
}

/** Runs in the IDE page: whether Monaco shows the file at `path`. */
const editorShows = (path) =>
  decodeURIComponent(document.querySelector('.monaco-editor[data-uri]')?.getAttribute('data-uri') ?? '').endsWith(path);

/** Makes `leaf` the file in Monaco, through the file tree unless it is open already. */
async function openInEditor(page, leaf) {
  let opened = 'already open';
  if (!(await page.evaluate(editorShows, leaf))) {
    opened = 'opened through the tree';
    const tree = page.getByRole('tree');
    const parts = leaf.split('/');
    for (let i = 1; i < parts.length; i++) {
      const row = tree.locator(`[role="treeitem"][data-path="${parts.slice(0, i).join('/')}"]`);
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
    }
    await tree.locator(`[role="treeitem"][data-path="${leaf}"]`).click();
  }
  await page.waitForFunction(editorShows, leaf, { timeout: 30_000 });
  return opened;
}

/** `edits` edits to the leaf in Monaco; each from the keystroke to the reloaded preview rendering everything. */
async function editLatencies(page, project, edits) {
  const opened = await openInEditor(page, project.leaf);
  await page.locator('.monaco-editor textarea').first().focus();
  const times = [];
  let reloads = 0;
  for (let i = 1; i <= edits; i++) {
    const marker = `large-edit-${i}-${Date.now()}`;
    await armReload(page, coveFrame);
    await page.keyboard.press('ControlOrMeta+End');
    const t0 = wallNow();
    await page.keyboard.insertText(editLine(marker));
    const { reloaded, doneAt } = await waitForEdit(page, coveFrame, marker, project.marker.text);
    if (reloaded) reloads++;
    times.push(doneAt - t0);
  }
  return { times, note: `leaf ${opened}; ${reloads}/${edits} edits reloaded the preview page` };
}

/**
 * One Cove run in a fresh profile at `profile`.
 * @returns {Promise<{ cold: number, warm: number, edits: number[], notes: string[] }>}
 */
export async function coveLargeRun({ launch, coveUrl, project, profile, edits, timeoutMs = 180_000 }) {
  const notes = [];
  const link = `${coveUrl}#share=${sharePayload(project.files, project.leaf)}`;
  let context = await launch(profile);
  await context.addInitScript(statusLogger);
  let page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let t0 = wallNow();
  try {
    await page.goto(link);
    await waitForDone(previewDone(page, project.marker), project.marker.text, timeoutMs);
  } catch (err) {
    const status = await page
      .getByTestId('bundler-status')
      .textContent()
      .catch(() => '?');
    throw new Error(`Cove cold: ${err.message}\n  status: ${status}\n  page errors: ${errors.join(' | ') || 'none'}`);
  }
  const cold = Math.round((await seenAt(coveFrame(page), 'done')) - t0);
  notes.push(`cold ${cold} ms (link ${link.length} chars): ${await timeline(page, t0)}`);
  await page.waitForURL(/\/p\/[a-z0-9]+/, { timeout: 10_000 });
  const projectUrl = page.url();
  await page.waitForTimeout(2000); // compile cache and preload list reach IndexedDB
  await context.close();

  context = await launch(profile);
  await context.addInitScript(statusLogger);
  page = context.pages()[0] ?? (await context.newPage());
  t0 = wallNow();
  await page.goto(projectUrl);
  await waitForDone(previewDone(page, project.marker), project.marker.text, timeoutMs);
  const warm = Math.round((await seenAt(coveFrame(page), 'done')) - t0);
  notes.push(`warm ${warm} ms: ${await timeline(page, t0)}`);
  const edit = await editLatencies(page, project, edits);
  notes.push(`edits ${edit.times.map((t) => t.toFixed(0)).join(', ')} ms; ${edit.note}`);
  await context.close();
  return { cold, warm, edits: edit.times, notes };
}

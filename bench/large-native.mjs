// The native side of the large-project scenarios: the repo's own Vite as a dev
// server (configured as run.mjs configures the vanilla one) on a fresh copy of
// the generated files, so its transform cache is cold, and Chromium.
import { createServer } from 'vite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { armReload, editLine, wallNow, waitForDone, waitForEdit } from './large-common.mjs';
import { seenAt } from './render-probe.mjs';

const mainFrame = (page) => page.mainFrame();

function writeProject(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * One native run in `workDir` (fresh): cold is a new Vite server and a fresh
 * profile, warm a browser restart on the same server, then `edits` writes of
 * the leaf module, each until the page rendered everything again.
 * @returns {Promise<{ cold: number, warm: number, edits: number[], notes: string[] }>}
 */
export async function nativeLargeRun({ launch, project, port, workDir, edits, timeoutMs = 180_000 }) {
  const root = join(workDir, 'project');
  writeProject(root, project.files);
  const notes = [];
  const s0 = performance.now();
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'silent',
    server: { port, strictPort: true },
  });
  await server.listen();
  const serverMs = performance.now() - s0;
  const url = `http://localhost:${port}/`;
  const profile = join(workDir, 'profile');
  try {
    let context = await launch(profile);
    let page = context.pages()[0] ?? (await context.newPage());
    let t0 = wallNow();
    await page.goto(url);
    await waitForDone(page.locator(project.marker.selector), project.marker.text, timeoutMs);
    const cold = (await seenAt(page.mainFrame(), 'done')) - t0;
    notes.push(`cold ${cold.toFixed(0)} ms (vite server started before, in ${serverMs.toFixed(0)} ms)`);
    await page.waitForTimeout(2000); // as on Cove's side
    await context.close();

    context = await launch(profile);
    page = context.pages()[0] ?? (await context.newPage());
    t0 = wallNow();
    await page.goto(url);
    await waitForDone(page.locator(project.marker.selector), project.marker.text, timeoutMs);
    const warm = (await seenAt(page.mainFrame(), 'done')) - t0;
    notes.push(`warm ${warm.toFixed(0)} ms`);

    const leafPath = join(root, project.leaf);
    const original = project.files[project.leaf];
    const times = [];
    let reloads = 0;
    for (let i = 1; i <= edits; i++) {
      const marker = `large-edit-${i}-${Date.now()}`;
      await armReload(page, mainFrame);
      const t = wallNow();
      writeFileSync(leafPath, original + editLine(marker));
      const { reloaded, doneAt } = await waitForEdit(page, mainFrame, marker, project.marker.text);
      if (reloaded) reloads++;
      times.push(doneAt - t);
    }
    notes.push(
      `edits ${times.map((t) => t.toFixed(0)).join(', ')} ms; ${reloads}/${edits} edits reloaded the page (no HMR boundary)`,
    );
    await context.close();
    return { cold, warm, edits: times, notes };
  } finally {
    await server.close();
  }
}

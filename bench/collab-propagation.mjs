#!/usr/bin/env node
// Edit propagation between two people in real Chromium: context A opens the
// default project, shares it live ("Share live" -> "Live link"), context B
// opens that link; then A types into Monaco and each edit is timed from A's
// input event to the moment B's editor DOM (`.monaco-editor .view-lines`)
// shows it. Both contexts run in one browser, so their clocks
// (performance.timeOrigin + now) agree.
//
//   node bench/collab-propagation.mjs     BENCH_COLLAB_EDITS=50  BENCH_COLLAB_FILE=src/counter.ts
// Alone it builds the app into bench/.work/collab-dist with VITE_COVE_COLLAB_URL
// naming its own server; run.mjs passes its build (and the server port it baked in).
import { chromium } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, ensureChromium } from '../scripts/ensure-chromium.mjs';
import {
  coveRow,
  freePort,
  isMain,
  busyCores,
  median,
  percentile,
  round,
  startCollabServer,
} from './collab-common.mjs';

/** The file A edits (a module of the default project, so each edit also rebuilds both previews). */
const FILE = process.env.BENCH_COLLAB_FILE ?? 'src/counter.ts';

/** Opens `path` from the file tree (expanding its folders) and waits for Monaco to show it. */
async function openFile(page, path) {
  const tree = page.getByRole('tree');
  await tree.waitFor({ timeout: 60_000 });
  const parts = path.split('/');
  for (const folder of parts.slice(0, -1)) {
    const item = tree.getByRole('treeitem', { name: folder, exact: true });
    if ((await item.getAttribute('aria-expanded')) === 'false') await item.click();
  }
  await tree.getByRole('treeitem', { name: parts.at(-1), exact: true }).click();
  await page.waitForFunction(
    (p) =>
      decodeURIComponent(document.querySelector('.monaco-editor[data-uri]')?.getAttribute('data-uri') ?? '').endsWith(
        p,
      ),
    path,
    { timeout: 30_000 },
  );
}

/**
 * Init script of both contexts (bench instrumentation, not the app): the times the IDE page's
 * WebSockets send and receive Yjs document updates (Hocuspocus sync messages of type update),
 * to split each edit's latency into sender, wire + server, and receiver.
 */
function tapWebSockets() {
  if (window.top !== window) return;
  const log = { sent: [], received: [] };
  Object.defineProperty(window, '__coveBenchWs', { value: log });
  const isUpdate = (data) => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? data : undefined;
    if (!bytes || bytes[0] > 127) return false;
    // varString document name (short), then message type 0 (sync), then sync type 2 (update).
    const at = 1 + bytes[0];
    return bytes[at] === 0 && bytes[at + 1] === 2;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (isUpdate(e.data)) log.received.push(performance.timeOrigin + performance.now());
      });
    }
    send(data) {
      if (isUpdate(data)) log.sent.push(performance.timeOrigin + performance.now());
      return super.send(data);
    }
  };
}

/** In A: the time of each input event Monaco receives (the moment a person's keystroke lands). */
function recordInputs() {
  window.__coveBenchInputs = [];
  const note = () => window.__coveBenchInputs.push(performance.timeOrigin + performance.now());
  document.addEventListener('beforeinput', note, true);
}

/** In B: when each marker first appears in the editor's rendered lines. */
function watchMarkers() {
  window.__coveBenchSeen = {};
  window.__coveBenchWanted = new Set();
  const check = () => {
    if (!window.__coveBenchWanted.size) return;
    const text = document.querySelector('.monaco-editor .view-lines')?.textContent ?? '';
    for (const m of window.__coveBenchWanted) {
      if (text.includes(m)) {
        window.__coveBenchSeen[m] = performance.timeOrigin + performance.now();
        window.__coveBenchWanted.delete(m);
      }
    }
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
}

export async function collabPropagationBench({
  coveUrl,
  executablePath = ensureChromium(),
  edits = Number(process.env.BENCH_COLLAB_EDITS ?? 50),
  warmUp = 3,
  pauseMs = 250,
  log = (s) => process.stdout.write(s + '\n'),
}) {
  const busyBefore = await busyCores(log);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const contexts = [await browser.newContext(), await browser.newContext()];
    for (const c of contexts) await c.addInitScript(tapWebSockets);
    const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
    await a.goto(coveUrl);
    await openFile(a, FILE);

    const t0 = performance.now();
    await a.getByRole('button', { name: 'Share live' }).click();
    const linkBox = a.getByRole('textbox', { name: 'Live link' });
    await linkBox.waitFor({ timeout: 30_000 });
    const link = await linkBox.inputValue();
    const shareMs = performance.now() - t0;
    await a.getByRole('button', { name: 'Done' }).click();

    const t1 = performance.now();
    await b.goto(link);
    await openFile(b, FILE);
    const joinMs = performance.now() - t1;

    await a.evaluate(recordInputs);
    await b.evaluate(watchMarkers);
    await a.locator('.monaco-editor textarea').first().focus();
    const latencies = [];
    const parts = { sender: [], wire: [], receiver: [] };
    let fromNode = 0;
    const tag = Date.now().toString(36);
    for (let i = 0; i < warmUp + edits; i++) {
      // A comment line at the top of the file: in view for B, whatever it scrolled to.
      const marker = `cove${tag}e${i}x`;
      await b.evaluate((m) => window.__coveBenchWanted.add(m), marker);
      await a.keyboard.press('ControlOrMeta+Home');
      await a.evaluate(() => (window.__coveBenchInputs.length = 0));
      const sentInNode = performance.timeOrigin + performance.now();
      await a.keyboard.insertText(`//${marker}\n`);
      const seen = await b
        .waitForFunction((m) => window.__coveBenchSeen[m], marker, { timeout: 10_000 })
        .then((h) => h.jsonValue());
      const inputs = await a.evaluate(() => window.__coveBenchInputs);
      const sent = inputs[0] ?? sentInNode;
      const wsSent = (await a.evaluate(() => window.__coveBenchWs.sent)).find((t) => t >= sent);
      const wsReceived = wsSent && (await b.evaluate(() => window.__coveBenchWs.received)).find((t) => t >= wsSent);
      if (i >= warmUp) {
        latencies.push(seen - sent);
        if (!inputs.length) fromNode++;
        if (wsReceived) {
          parts.sender.push(wsSent - sent);
          parts.wire.push(wsReceived - wsSent);
          parts.receiver.push(seen - wsReceived);
        }
      }
      await a.waitForTimeout(pauseMs);
    }
    // Both editors end with the same text.
    const text = (p) => p.evaluate(() => document.querySelector('.monaco-editor .view-lines')?.textContent ?? '');
    const [ta, tb] = await Promise.all([text(a), text(b)]);
    if (ta !== tb) log('collab propagation: WARNING the two editors show different text at the end');

    const detail = {
      edits,
      busyCoresBefore: busyBefore,
      file: FILE,
      shareMs: round(shareMs, 0),
      joinMs: round(joinMs, 0),
      latencyMs: {
        median: round(median(latencies)),
        p95: round(percentile(latencies, 0.95)),
        min: round(Math.min(...latencies)),
        max: round(Math.max(...latencies)),
      },
      // Medians of each edit's parts: A's input to its WebSocket send; send to B's WebSocket receive
      // (loopback + server); B's receive to its editor showing the text.
      partsMs: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(median(v))])),
      timedFromNode: fromNode,
    };
    if (fromNode) log(`collab propagation: ${fromNode} edits timed from Node (no input event seen in A)`);
    log(
      [
        `| two Chromium contexts through the server, ${edits} edits | |`,
        '|---|---:|',
        `| "Share live" click to link shown | ${detail.shareMs} ms |`,
        `| B opens the link to ${FILE} shown | ${detail.joinMs} ms |`,
        `| A's input -> B's editor shows it: median / p95 | ${detail.latencyMs.median} / ${detail.latencyMs.p95} ms |`,
        `| min / max | ${detail.latencyMs.min} / ${detail.latencyMs.max} ms |`,
        `| median parts: A input -> A sends / wire + server / B receives -> B shows | ${detail.partsMs.sender} / ${detail.partsMs.wire} / ${detail.partsMs.receiver} ms |`,
      ].join('\n'),
    );
    const rows = [
      coveRow('collab-browser-edit-median', 'ms', detail.latencyMs.median, edits),
      coveRow('collab-browser-edit-p95', 'ms', detail.latencyMs.p95, edits),
    ];
    return { rows, detail };
  } finally {
    await browser.close();
  }
}

if (isMain(import.meta.url)) {
  const { startServer } = await import('../scripts/serve.mjs');
  const { startTestRegistry } = await import('../scripts/test-registry/server.mjs');
  const collab = await startCollabServer({ maxConnectionsPerIp: 64 });
  // The default project installs nothing; an offline registry keeps any request on this machine.
  const registry = await startTestRegistry({ offline: true });
  const dist = join(process.cwd(), 'bench/.work/collab-dist');
  mkdirSync(dist, { recursive: true });
  let app;
  try {
    execSync(`npx vite build --logLevel warn --outDir ${JSON.stringify(dist)} --emptyOutDir`, {
      stdio: 'inherit',
      env: { ...process.env, VITE_COVE_COLLAB_URL: collab.url, VITE_COVE_NPM_REGISTRY: registry.url },
    });
    const port = await freePort();
    app = await startServer({ dir: dist, port });
    await collabPropagationBench({ coveUrl: `http://app.localhost:${port}/` });
  } finally {
    app?.close();
    await registry.close();
    await collab.stop();
  }
}

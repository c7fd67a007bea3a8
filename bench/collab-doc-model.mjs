#!/usr/bin/env node
// The design question of live collaboration: one Y.Doc per project (what
// src/fs/project-doc.ts does) or an index doc plus one Y.Doc per file. Both are
// built from the same generated 2,000-file project and measured with yjs alone,
// then loaded over loopback through an in-process Hocuspocus server (no auth, no
// storage) to count what a client really exchanges.
//
//   node bench/collab-doc-model.mjs     BENCH_RUNS=5  BENCH_COLLAB_FILES=2000  BENCH_COLLAB_WIRE=0 (skip loopback)
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { generateProject } from './collab-generated-project.mjs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Server } from '@hocuspocus/server';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  countingWebSocket,
  coveRow,
  freePort,
  isMain,
  busyCores,
  median,
  newTraffic,
  round,
} from './collab-common.mjs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
/** Heap in use after full collections (strings of Y.Text live on the heap). */
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// ---------------------------------------------------------------------------
// The two models.

/** One doc per project: the schema of src/fs/project-doc.ts. */
function buildOneDoc(files) {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('project').set('title', 'bench');
    const map = doc.getMap('files');
    for (const f of files) {
      map.set(
        f.id,
        new Y.Map([
          ['path', f.path],
          ['kind', 'text'],
          ['text', new Y.Text(f.content)],
        ]),
      );
    }
  });
  return doc;
}

/** An index doc with the same metadata (no text) and one doc per file holding its Y.Text. */
function buildPerFile(files) {
  const index = new Y.Doc();
  index.transact(() => {
    index.getMap('project').set('title', 'bench');
    const map = index.getMap('files');
    for (const f of files)
      map.set(
        f.id,
        new Y.Map([
          ['path', f.path],
          ['kind', 'text'],
        ]),
      );
  });
  const docs = new Map();
  for (const f of files) {
    const doc = new Y.Doc({ guid: f.id });
    doc.getText('text').insert(0, f.content);
    docs.set(f.id, doc);
  }
  return { index, docs };
}

const loadDoc = (update) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
};

/** File list (id -> path) from a files map; paths sorted as a tree would show them. */
function fileList(doc) {
  const list = [];
  for (const [id, entry] of doc.getMap('files')) list.push([entry.get('path'), id]);
  return list.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Local insert of one character (with its update event) and the remote apply of that update, in µs. */
function keystrokes(sender, receiver, text, n = 200) {
  const local = [];
  const remote = [];
  const sizes = [];
  let update;
  const grab = (u) => (update = u);
  sender.on('update', grab);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(text.length / 2) + i;
    let t0 = performance.now();
    text.insert(pos, 'x');
    local.push((performance.now() - t0) * 1000);
    sizes.push(update.byteLength);
    t0 = performance.now();
    Y.applyUpdate(receiver, update);
    remote.push((performance.now() - t0) * 1000);
  }
  sender.off('update', grab);
  return { localUs: median(local), remoteUs: median(remote), bytes: median(sizes) };
}

/**
 * Renames `count` files in one transaction (a folder move when count > 1), `times` times over
 * different files; median update size and remote apply time (µs).
 */
function rename(sender, receiver, count, times = 20) {
  let update;
  const grab = (u) => (update = u);
  sender.on('update', grab);
  const entries = [...sender.getMap('files').values()];
  const applied = [];
  const sizes = [];
  for (let i = 0; i < times; i++) {
    const batch = entries.slice((i * count) % entries.length).slice(0, count);
    sender.transact(() => {
      for (const e of batch) e.set('path', `renamed${i}/${e.get('path')}`);
    });
    sizes.push(update.byteLength);
    const t0 = performance.now();
    Y.applyUpdate(receiver, update);
    applied.push((performance.now() - t0) * 1000);
  }
  sender.off('update', grab);
  return { applyUs: median(applied), bytes: median(sizes) };
}

/**
 * The y-protocols handshake of one fresh client doc against one server doc, in memory:
 * client step 1 -> server step 2 + server step 1 -> client step 2. Returns messages and bytes.
 */
function handshake(serverDoc) {
  const client = new Y.Doc();
  let messages = 0;
  let bytes = 0;
  const send = (encoder) => {
    const msg = encoding.toUint8Array(encoder);
    messages++;
    bytes += msg.byteLength;
    return decoding.createDecoder(msg);
  };
  const e1 = encoding.createEncoder();
  syncProtocol.writeSyncStep1(e1, client);
  const atServer = send(e1);
  const reply = encoding.createEncoder();
  syncProtocol.readSyncMessage(atServer, reply, serverDoc, null);
  const step2 = send(reply);
  const s1 = encoding.createEncoder();
  syncProtocol.writeSyncStep1(s1, serverDoc);
  const serverStep1 = send(s1);
  syncProtocol.readSyncMessage(step2, encoding.createEncoder(), client, null);
  const answer = encoding.createEncoder();
  syncProtocol.readSyncMessage(serverStep1, answer, client, null);
  syncProtocol.readSyncMessage(send(answer), encoding.createEncoder(), serverDoc, null);
  return { client, messages, bytes };
}

// ---------------------------------------------------------------------------
// Over the wire: an in-process Hocuspocus server holding the encoded docs.

async function startWireServer(updates) {
  const port = await freePort();
  const server = new Server({
    port,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    async onLoadDocument({ document, documentName }) {
      const update = updates.get(documentName);
      if (update) Y.applyUpdate(document, update);
    },
  });
  await server.listen();
  return { url: `ws://127.0.0.1:${port}`, close: () => server.destroy() };
}

/** One socket, one provider per document name, all attached at once; times to each synced. */
async function loadOverWire(url, names) {
  const traffic = newTraffic();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: countingWebSocket(traffic) });
  const t0 = performance.now();
  const providers = [];
  const synced = names.map(
    (name) =>
      new Promise((ok, fail) => {
        const provider = new HocuspocusProvider({ name, websocketProvider: socket, awareness: null, token: 'bench' });
        provider.on('synced', () => ok(performance.now() - t0));
        provider.on('authenticationFailed', ({ reason }) => fail(new Error(reason)));
        providers.push(provider);
        provider.attach();
      }),
  );
  const times = await Promise.all(synced);
  const ms = performance.now() - t0;
  // The handshake's last messages (the client's step 2, the server's sync status) may follow
  // 'synced': count once the socket has been quiet for a while, before destroy() says goodbye.
  for (let last = -1; last !== traffic.sent + traffic.received;) {
    last = traffic.sent + traffic.received;
    await new Promise((r) => setTimeout(r, 300));
  }
  const loaded = structuredClone(traffic);
  for (const p of providers) p.destroy();
  socket.destroy();
  return { ms, firstMs: times[0], traffic: loaded };
}

// ---------------------------------------------------------------------------

export async function docModelBench({
  runs = Number(process.env.BENCH_RUNS ?? 5),
  fileCount = Number(process.env.BENCH_COLLAB_FILES ?? 2000),
  wire = process.env.BENCH_COLLAB_WIRE !== '0',
  log = (s) => process.stdout.write(s + '\n'),
} = {}) {
  const busyBefore = await busyCores(log);
  const files = generateProject(fileCount);
  const totalBytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  const sizes = files.map((f) => Buffer.byteLength(f.content)).sort((a, b) => a - b);
  log(
    `doc model: ${files.length} files, ${round(totalBytes / 2 ** 20, 2)} MiB of text (median file ${round(median(sizes) / 1024)} KiB, largest ${round(sizes.at(-1) / 1024)} KiB)`,
  );

  const one = buildOneDoc(files);
  const oneUpdate = Y.encodeStateAsUpdate(one);
  const per = buildPerFile(files);
  const indexUpdate = Y.encodeStateAsUpdate(per.index);
  const fileUpdates = new Map([...per.docs].map(([id, d]) => [id, Y.encodeStateAsUpdate(d)]));
  const perFileBytes = [...fileUpdates.values()].reduce((n, u) => n + u.byteLength, 0);
  const firstId = fileList(per.index)[0][1];

  const s = {
    one: { loadAll: [], firstFile: [], heapAll: [], persist: [] },
    per: { loadAll: [], firstFile: [], heapAll: [], heapFirst: [], persist: [] },
  };
  for (let run = 0; run < runs; run++) {
    // One doc: nothing is usable before the whole update is applied.
    let base = heapUsed();
    let t0 = performance.now();
    let doc = loadDoc(oneUpdate);
    s.one.loadAll.push(performance.now() - t0);
    s.one.heapAll.push((heapUsed() - base) / 2 ** 20);
    doc.destroy();
    doc = undefined;

    t0 = performance.now();
    doc = loadDoc(oneUpdate);
    const list = fileList(doc);
    const first = doc.getMap('files').get(list[0][1]).get('text').toString();
    s.one.firstFile.push(performance.now() - t0);
    if (!first.length) throw new Error('first file is empty');
    // What the server (or IndexedDB) writes after an edit: the whole project, re-encoded.
    doc.getMap('files').get(list[0][1]).get('text').insert(0, 'x');
    t0 = performance.now();
    Y.encodeStateAsUpdate(doc);
    s.one.persist.push(performance.now() - t0);
    doc.destroy();
    doc = undefined;

    // Index + one doc per file.
    base = heapUsed();
    t0 = performance.now();
    let index = loadDoc(indexUpdate);
    let docs = new Map();
    for (const [id, u] of fileUpdates) docs.set(id, loadDoc(u));
    s.per.loadAll.push(performance.now() - t0);
    s.per.heapAll.push((heapUsed() - base) / 2 ** 20);
    for (const d of docs.values()) d.destroy();
    index.destroy();
    docs = index = undefined;

    base = heapUsed();
    t0 = performance.now();
    index = loadDoc(indexUpdate);
    const perList = fileList(index);
    const firstDoc = loadDoc(fileUpdates.get(perList[0][1]));
    const perFirst = firstDoc.getText('text').toString();
    s.per.firstFile.push(performance.now() - t0);
    s.per.heapFirst.push((heapUsed() - base) / 2 ** 20);
    if (perFirst !== first) throw new Error('the two models disagree on the first file');
    firstDoc.getText('text').insert(0, 'x');
    t0 = performance.now();
    Y.encodeStateAsUpdate(firstDoc);
    s.per.persist.push(performance.now() - t0);
    index.destroy();
    firstDoc.destroy();
  }

  // Keystrokes and renames between two loaded replicas of each model.
  const oneA = loadDoc(oneUpdate);
  const oneB = loadDoc(oneUpdate);
  const oneText = oneA.getMap('files').get(firstId).get('text');
  const oneKeys = keystrokes(oneA, oneB, oneText);
  const oneRename = rename(oneA, oneB, 1);
  const oneFolder = rename(oneA, oneB, 100);
  const idxA = loadDoc(indexUpdate);
  const idxB = loadDoc(indexUpdate);
  const fA = loadDoc(fileUpdates.get(firstId));
  const fB = loadDoc(fileUpdates.get(firstId));
  const perKeys = keystrokes(fA, fB, fA.getText('text'));
  const perRename = rename(idxA, idxB, 1);
  const perFolder = rename(idxA, idxB, 100);
  if (oneB.getMap('files').get(firstId).get('text').toString() !== fB.getText('text').toString())
    throw new Error('keystrokes diverged between the models');

  // Handshakes (y-protocols sync, in memory): everything, and list + first file.
  const oneHs = handshake(one);
  const idxHs = handshake(per.index);
  let perAllMessages = idxHs.messages;
  let perAllBytes = idxHs.bytes;
  const firstHs = handshake(per.docs.get(firstId));
  for (const d of per.docs.values()) {
    const h = handshake(d);
    perAllMessages += h.messages;
    perAllBytes += h.bytes;
  }

  // Over loopback through Hocuspocus (one socket; the per-file variant attaches 2,001 providers).
  let wireResult;
  if (wire) {
    const names = ['index', ...fileUpdates.keys()];
    const server = await startWireServer(new Map([['project', oneUpdate], ['index', indexUpdate], ...fileUpdates]));
    try {
      const w = { one: [], per: [], perFirst: [] };
      for (let run = 0; run < Math.min(runs, 3); run++) {
        w.one.push(await loadOverWire(server.url, ['project']));
        w.per.push(await loadOverWire(server.url, names));
        w.perFirst.push(await loadOverWire(server.url, ['index', firstId]));
      }
      const ms = (xs) => median(xs.map((x) => x.ms));
      const msgs = (x) => x.traffic.sent + x.traffic.received;
      wireResult = {
        runs: w.one.length,
        one: { ms: ms(w.one), messages: msgs(w.one[0]), byType: w.one[0].traffic.byType },
        per: { ms: ms(w.per), messages: msgs(w.per[0]), byType: w.per[0].traffic.byType },
        perFirst: { ms: ms(w.perFirst), messages: msgs(w.perFirst[0]) },
      };
    } finally {
      await server.close();
    }
  }

  const MiB = (b) => round(b / 2 ** 20, 2);
  const ms = (xs) => round(median(xs), 1);
  const us = (x) => round(x, 1);
  const table = [
    ['encoded size (MiB)', MiB(oneUpdate.byteLength), `${MiB(indexUpdate.byteLength + perFileBytes)}`],
    ['  of which index (KiB)', '–', round(indexUpdate.byteLength / 1024)],
    ['load everything (ms)', ms(s.one.loadAll), ms(s.per.loadAll)],
    ['file list + first file (ms)', ms(s.one.firstFile), ms(s.per.firstFile)],
    ['heap, everything loaded (MiB)', ms(s.one.heapAll), ms(s.per.heapAll)],
    ['heap, list + first file (MiB)', ms(s.one.heapAll), ms(s.per.heapFirst)],
    ['keystroke: local insert (µs)', us(oneKeys.localUs), us(perKeys.localUs)],
    ['keystroke: remote apply (µs)', us(oneKeys.remoteUs), us(perKeys.remoteUs)],
    ['keystroke: update (bytes)', oneKeys.bytes, perKeys.bytes],
    // What the server's store does (debounced) after edits: encode the whole document.
    ['re-encode after an edit (ms)', ms(s.one.persist), ms(s.per.persist)],
    ['  bytes re-encoded (MiB)', MiB(oneUpdate.byteLength), MiB(fileUpdates.get(firstId).byteLength)],
    ['rename 1 file: update bytes / apply µs', `${oneRename.bytes} / ${us(oneRename.applyUs)}`],
    ['rename 100 files: update bytes / apply µs', `${oneFolder.bytes} / ${us(oneFolder.applyUs)}`],
    ['sync, everything: docs / round trips / messages', `1 / 1 / ${oneHs.messages}`],
    ['  sync bytes, everything (MiB)', MiB(oneHs.bytes), MiB(perAllBytes)],
    ['sync, list + first file: round trips / messages', `1 / ${oneHs.messages}`],
    ['  sync bytes, list + first file (MiB)', MiB(oneHs.bytes), MiB(idxHs.bytes + firstHs.bytes)],
  ];
  table[11].push(`${perRename.bytes} / ${us(perRename.applyUs)}`);
  table[12].push(`${perFolder.bytes} / ${us(perFolder.applyUs)}`);
  // The index must arrive before the client knows which file docs to ask for: a second round trip.
  table[13].push(`${files.length + 1} / 2 / ${perAllMessages}`);
  table[15].push(`2 / ${idxHs.messages + firstHs.messages}`);
  if (wireResult) {
    table.push(
      [
        'Hocuspocus loopback, everything: ms / messages',
        `${ms([wireResult.one.ms])} / ${wireResult.one.messages}`,
        `${ms([wireResult.per.ms])} / ${wireResult.per.messages}`,
      ],
      [
        'Hocuspocus loopback, list + first file: ms / messages',
        `${ms([wireResult.one.ms])} / ${wireResult.one.messages}`,
        `${ms([wireResult.perFirst.ms])} / ${wireResult.perFirst.messages}`,
      ],
    );
  }
  const printed = [
    `| ${files.length} files, ${MiB(totalBytes)} MiB | one Y.Doc | index + Y.Doc per file |`,
    '|---|---:|---:|',
    ...table.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  log(printed);

  const rows = [
    coveRow('collab-model-one-doc-load', 'ms', median(s.one.loadAll), runs),
    coveRow('collab-model-per-file-load', 'ms', median(s.per.loadAll), runs),
    coveRow('collab-model-one-doc-first-file', 'ms', median(s.one.firstFile), runs),
    coveRow('collab-model-per-file-first-file', 'ms', median(s.per.firstFile), runs),
    coveRow('collab-model-one-doc-heap', 'MiB', median(s.one.heapAll), runs),
    coveRow('collab-model-per-file-heap', 'MiB', median(s.per.heapAll), runs),
  ];
  const detail = {
    files: files.length,
    busyCoresBefore: busyBefore,
    textMiB: MiB(totalBytes),
    runs,
    table: Object.fromEntries(table.map(([k, ...v]) => [k.trim(), v])),
    wire: wireResult,
  };
  return { rows, detail, printed };
}

if (isMain(import.meta.url)) {
  await docModelBench();
}

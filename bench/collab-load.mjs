#!/usr/bin/env node
// 100 collaborators in one room of the Cove collaboration server, typing into
// one shared file at a person's pace. The server runs as its own process
// (dist/server/main.mjs, temporary SQLite file, free port); the clients are
// split over child processes (bench/collab-load-client.mjs). A client process
// hosting 50 clients handles every broadcast 50 times in a row, so its clients'
// latencies include waiting for each other, which a browser per person would
// not: a few "probe" clients (typing like the rest) get a process of their own,
// and their latencies are reported apart as the estimate of what a person sees.
//
//   node bench/collab-load.mjs
//   BENCH_COLLAB_CLIENTS=100 BENCH_COLLAB_PROCS=2 (processes for all but the probes) BENCH_COLLAB_PROBES=2
//   BENCH_COLLAB_SECONDS=20
//   BENCH_COLLAB_INTERVAL=1000-2000 (ms between one client's keystrokes)
//   BENCH_COLLAB_AWARENESS=1 (each keystroke also moves the client's cursor in awareness, as y-monaco does)
//   BENCH_COLLAB_ECHO=0 (1: clients re-send the awareness updates they receive, as a bare HocuspocusProvider
//   3.4 does; Cove's LiveSession does not; see collab-load-client.mjs)
import * as Y from 'yjs';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import {
  coveRow,
  isMain,
  busyCores,
  median,
  percentile,
  procStats,
  round,
  startCollabServer,
} from './collab-common.mjs';

const CLIENT_SCRIPT = fileURLToPath(new URL('./collab-load-client.mjs', import.meta.url));
const FILE_ID = 'benchsharedfile01';

/** Writes the room's starting content: one file whose text has a line per client. */
async function seedRoom(wsUrl, room, token, clients) {
  const socket = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    name: room,
    token,
    websocketProvider: socket,
    document: doc,
    awareness: null,
  });
  await new Promise((ok, fail) => {
    provider.on('synced', ok);
    provider.on('authenticationFailed', ({ reason }) => fail(new Error(`seed: ${reason}`)));
    provider.attach();
  });
  doc.transact(() => {
    doc.getMap('project').set('title', 'collab load bench');
    const lines = Array.from({ length: clients }, (_, i) => `L${i}:`).join('\n') + '\n';
    doc.getMap('files').set(
      FILE_ID,
      new Y.Map([
        ['path', 'src/shared.ts'],
        ['kind', 'text'],
        ['text', new Y.Text(lines)],
      ]),
    );
  });
  // The server has it once it confirmed our update (unsyncedChanges back to 0).
  const deadline = Date.now() + 10_000;
  while (provider.hasUnsyncedChanges && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return () => {
    provider.destroy();
    socket.destroy();
  };
}

function spawnClients(count) {
  const children = [];
  for (let i = 0; i < count; i++) {
    const child = fork(CLIENT_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const waiters = new Map();
    child.on('message', (msg) => {
      if (msg.type === 'error') {
        for (const w of waiters.values()) w.fail(new Error(`client process ${i}: ${msg.message}`));
        waiters.clear();
        return;
      }
      const w = waiters.get(msg.type);
      waiters.delete(msg.type);
      w?.ok(msg);
    });
    child.on('exit', (code) => {
      for (const w of waiters.values()) w.fail(new Error(`client process ${i} exited (${code})`));
      waiters.clear();
    });
    children.push({
      child,
      /** Sends a command and resolves with the reply of the given type. */
      ask(msg, reply, timeoutMs = 60_000) {
        return new Promise((ok, fail) => {
          const timer = setTimeout(
            () => fail(new Error(`client process ${i}: no ${reply} in ${timeoutMs} ms`)),
            timeoutMs,
          );
          waiters.set(reply, {
            ok: (m) => (clearTimeout(timer), ok(m)),
            fail: (e) => (clearTimeout(timer), fail(e)),
          });
          child.send(msg);
        });
      },
    });
  }
  return children;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function collabLoadBench({
  clients = Number(process.env.BENCH_COLLAB_CLIENTS ?? 100),
  procs = Number(process.env.BENCH_COLLAB_PROCS ?? 2),
  probes = Number(process.env.BENCH_COLLAB_PROBES ?? 2),
  seconds = Number(process.env.BENCH_COLLAB_SECONDS ?? 20),
  interval = process.env.BENCH_COLLAB_INTERVAL ?? '1000-2000',
  awareness = process.env.BENCH_COLLAB_AWARENESS !== '0',
  echo = process.env.BENCH_COLLAB_ECHO === '1',
  log = (s) => process.stdout.write(s + '\n'),
} = {}) {
  const busyBefore = await busyCores(log);
  const [minInterval, maxInterval = minInterval] = String(interval).split('-').map(Number);
  const server = await startCollabServer({ maxConnectionsPerIp: clients + 16 });
  const wsUrl = server.url.replace(/^http/, 'ws');
  let children = [];
  let unseed;
  try {
    await sleep(500);
    const rss = { idle: procStats(server.pid).rssMiB };
    const { room, editToken } = await server.createRoom();
    unseed = await seedRoom(wsUrl, room, editToken, clients);

    // Clients 0..probes-1 in the probe process (the last one), the rest spread over `procs` processes.
    const shares = Array.from({ length: procs }, (_, p) =>
      Array.from({ length: clients }, (_, i) => i).filter((i) => i >= probes && (i - probes) % procs === p),
    );
    if (probes > 0) shares.push(Array.from({ length: probes }, (_, i) => i));
    children = spawnClients(shares.length);
    const t0 = performance.now();
    await Promise.all(
      children.map((c, p) =>
        c.ask(
          {
            type: 'connect',
            url: wsUrl,
            room,
            token: editToken,
            fileId: FILE_ID,
            echo,
            indices: shares[p],
          },
          'ready',
        ),
      ),
    );
    const connectMs = performance.now() - t0;
    unseed();
    unseed = undefined;
    await sleep(1000);
    rss.connected = procStats(server.pid).rssMiB;
    log(
      `collab load: ${clients} clients in ${shares.length} processes (${shares.map((x) => x.length).join(' + ')}) connected and synced in ${round(connectMs, 0)} ms`,
    );

    // Typing: a common start a moment from now, then `seconds` of keystrokes.
    const at = performance.timeOrigin + performance.now() + 500;
    const typing = Promise.all(
      children.map((c) =>
        c.ask({ type: 'start', at, seconds, minInterval, maxInterval, awareness }, 'typed', (seconds + 30) * 1000),
      ),
    );
    await sleep(at - (performance.timeOrigin + performance.now()));
    const cpuBefore = procStats(server.pid);
    const wallBefore = performance.now();
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, procStats(server.pid).rssMiB)), 200);
    const typed = await typing.finally(() => clearInterval(sampler));
    const cpuAfter = procStats(server.pid);
    const wall = performance.now() - wallBefore;
    rss.typingPeak = Math.max(peak, cpuAfter.rssMiB);
    const sent = Object.assign({}, ...typed.map((t) => t.sent));
    const edits = Object.values(sent).reduce((a, b) => a + b, 0);

    const results = await Promise.all(children.map((c) => c.ask({ type: 'drain', sent, timeoutMs: 10_000 }, 'result')));
    rss.afterTyping = procStats(server.pid).rssMiB;
    await Promise.all(children.map((c) => c.ask({ type: 'close' }, 'closed')));
    await sleep(2000);
    rss.afterDisconnect = procStats(server.pid).rssMiB;

    // Every (edit, receiver) pair, and per edit the time until the last receiver had it.
    const latencies = results.flatMap((r) => r.latencies);
    const probeLatencies = probes > 0 ? results.at(-1).latencies : [];
    const slowest = new Map();
    const arrivals = new Map();
    for (const r of results) {
      for (const [k, v] of Object.entries(r.slowest)) slowest.set(k, Math.max(slowest.get(k) ?? 0, v));
      for (const [k, v] of Object.entries(r.arrivals)) arrivals.set(k, (arrivals.get(k) ?? 0) + v);
    }
    const allSeen = [...slowest].filter(([k]) => arrivals.get(k) === clients - 1).map(([, v]) => v);
    const missing = results.reduce((n, r) => n + r.missing, 0);
    const hashes = new Set(results.flatMap((r) => r.hashes));
    const windowSum = (key) => typed.reduce((n, t) => n + t.window[key], 0);
    const byType = {};
    for (const t of typed)
      for (const [k, v] of Object.entries(t.window.byType)) if (v) byType[k] = (byType[k] ?? 0) + v;
    const serverIn = windowSum('sent');
    const serverOut = windowSum('received');
    const serverCpu = ((cpuAfter.cpuMs - cpuBefore.cpuMs) / wall) * 100;
    const clientCpu = typed.map((t) => round((t.cpuMs / wall) * 100, 0));

    const detail = {
      clients,
      busyCoresBefore: busyBefore,
      processes: shares.map((x) => x.length),
      probes,
      seconds,
      intervalMs: [minInterval, maxInterval],
      awareness,
      awarenessEcho: echo,
      connectMs: round(connectMs, 0),
      edits,
      editsPerSecond: round(edits / seconds),
      messagesPerSecond: {
        in: round(serverIn / seconds),
        out: round(serverOut / seconds),
        total: round((serverIn + serverOut) / seconds),
      },
      bytesPerSecond: { in: round(windowSum('sentBytes') / seconds), out: round(windowSum('receivedBytes') / seconds) },
      messagesByType: byType,
      latencyMs: {
        pairs: latencies.length,
        median: round(median(latencies)),
        p95: round(percentile(latencies, 0.95)),
        p99: round(percentile(latencies, 0.99)),
        max: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
      },
      probeLatencyMs: {
        pairs: probeLatencies.length,
        median: round(median(probeLatencies)),
        p95: round(percentile(probeLatencies, 0.95)),
        p99: round(percentile(probeLatencies, 0.99)),
      },
      allSeenMs: { edits: allSeen.length, median: round(median(allSeen)), p95: round(percentile(allSeen, 0.95)) },
      missing,
      converged: hashes.size === 1,
      serverRssMiB: Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, round(v)])),
      serverCpuPercent: round(serverCpu, 0),
      clientProcessCpuPercent: clientCpu,
    };
    if (missing) log(`collab load: WARNING ${missing} (edit, receiver) pairs never arrived`);
    if (!detail.converged) log(`collab load: WARNING the clients' texts differ at the end (${hashes.size} versions)`);
    log(
      [
        `| ${clients} clients, ${seconds} s, keystroke every ${minInterval}-${maxInterval} ms${awareness ? ' + cursor' : ''}${awareness && echo ? ' (with echo)' : ''} | |`,
        '|---|---:|',
        `| edits | ${edits} (${detail.editsPerSecond}/s) |`,
        `| messages through the server | ${detail.messagesPerSecond.total}/s (in ${detail.messagesPerSecond.in}/s, out ${detail.messagesPerSecond.out}/s) |`,
        `| messages by type (client view) | ${Object.entries(byType)
          .filter(([, v]) => v > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
        `| edit -> each other client: median / p95 / p99 | ${detail.latencyMs.median} / ${detail.latencyMs.p95} / ${detail.latencyMs.p99} ms (${latencies.length} pairs) |`,
        `| edit -> probe client (own process): median / p95 / p99 | ${detail.probeLatencyMs.median} / ${detail.probeLatencyMs.p95} / ${detail.probeLatencyMs.p99} ms (${probeLatencies.length} pairs) |`,
        `| edit -> all ${clients - 1} others: median / p95 | ${detail.allSeenMs.median} / ${detail.allSeenMs.p95} ms |`,
        `| server RSS idle / connected / typing peak / after / disconnected | ${Object.values(detail.serverRssMiB).join(' / ')} MiB |`,
        `| server CPU while typing | ${detail.serverCpuPercent}% of one core |`,
        `| client processes CPU | ${clientCpu.join('%, ')}% |`,
        `| missing / converged | ${missing} / ${detail.converged ? 'yes' : 'NO'} |`,
      ].join('\n'),
    );
    const rows = [
      coveRow('collab-load-edit-median', 'ms', detail.latencyMs.median, latencies.length),
      coveRow('collab-load-edit-p95', 'ms', detail.latencyMs.p95, latencies.length),
      ...(probes > 0
        ? [
            coveRow('collab-load-probe-median', 'ms', detail.probeLatencyMs.median, probeLatencies.length),
            coveRow('collab-load-probe-p95', 'ms', detail.probeLatencyMs.p95, probeLatencies.length),
          ]
        : []),
      coveRow('collab-load-all-seen-p95', 'ms', detail.allSeenMs.p95, allSeen.length),
      coveRow('collab-load-messages', 'msg/s', detail.messagesPerSecond.total, 1, 0),
      coveRow('collab-load-server-rss', 'MiB', detail.serverRssMiB.typingPeak, 1),
      coveRow('collab-load-server-cpu', '%', detail.serverCpuPercent, 1, 0),
    ];
    return { rows, detail };
  } finally {
    unseed?.();
    for (const c of children) if (c.child.exitCode === null) c.child.kill();
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  await collabLoadBench();
}

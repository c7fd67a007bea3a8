// Helpers the live-collaboration benchmarks share: statistics, a counting
// WebSocket for Hocuspocus clients in Node, /proc readings, and the Cove
// collaboration server (dist/server/main.mjs) started as its own process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';

export const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const percentile = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * How many cores were busy over the second before a measurement (from /proc/stat), noted with
 * each result: latencies measured while other work competes for the cores say little, so this
 * warns when more than half a core was already busy.
 */
export async function busyCores(log) {
  const read = () => {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), idle: ticks[3] + ticks[4] };
  };
  const a = read();
  await new Promise((r) => setTimeout(r, 1000));
  const b = read();
  const busy = round((1 - (b.idle - a.idle) / (b.total - a.total)) * cpus().length, 2);
  if (busy > 0.5)
    log(`WARNING: ${busy} of ${cpus().length} cores were busy before this measurement: other work competes`);
  return busy;
}

/** A row of bench/results/latest.json: a Cove-only figure (no native counterpart). */
export const coveRow = (name, unit, value, runs, d = 1) => ({
  name,
  unit,
  cove: round(value, d),
  vite: null,
  ratio: null,
  runs,
});

/** Hocuspocus message types (the varUint after the document name). */
const TYPE_NAMES = ['sync', 'awareness', 'auth', 'queryAwareness', 'syncReply', 'stateless', 'broadcastStateless'];
TYPE_NAMES[7] = 'close';
TYPE_NAMES[8] = 'syncStatus';

function messageType(data) {
  try {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer ?? data);
    const d = decoding.createDecoder(bytes);
    decoding.readVarString(d);
    return TYPE_NAMES[decoding.readVarUint(d)] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function newTraffic() {
  return { sent: 0, received: 0, sentBytes: 0, receivedBytes: 0, byType: {} };
}

/**
 * A `WebSocketPolyfill` for HocuspocusProviderWebsocket: the `ws` client that
 * also counts messages and bytes each way into `traffic`, by message type.
 */
export function countingWebSocket(traffic, { byType = true } = {}) {
  const note = (dir, data) => {
    const size = data.byteLength ?? data.length ?? 0;
    if (dir === 'out') {
      traffic.sent++;
      traffic.sentBytes += size;
    } else {
      traffic.received++;
      traffic.receivedBytes += size;
    }
    if (byType) {
      const key = `${dir}:${messageType(data)}`;
      traffic.byType[key] = (traffic.byType[key] ?? 0) + 1;
    }
  };
  return class CountingWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => note('in', e.data));
    }
    send(data, ...rest) {
      note('out', data);
      return super.send(data, ...rest);
    }
  };
}

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Resident memory (KiB) and CPU time (ms, user + system) of a process, from /proc. */
export function procStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // Fields after the parenthesised command name: utime and stime are the 12th and 13th (clock ticks, 100/s).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  return { rssMiB: rssKiB / 1024, cpuMs };
}

/** The built server; BENCH_COLLAB_SERVER points the benchmarks at another build of it. */
export const SERVER_ENTRY = process.env.BENCH_COLLAB_SERVER ?? 'dist/server/main.mjs';

let built = false;
/** Builds dist/server/main.mjs from the current sources once per run (rolldown, about a second). */
function buildServerOnce() {
  if (built || process.env.BENCH_COLLAB_SERVER) return;
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

/**
 * Starts the collaboration server as its own process on loopback with a temporary
 * SQLite file; resolves once `GET /health` answers.
 */
export async function startCollabServer({ port, maxConnectionsPerIp = 64, env = {} } = {}) {
  buildServerOnce();
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} is missing (see scripts/build-server.mjs).`);
  }
  port ??= await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'cove-bench-collab-'));
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      COVE_COLLAB_PORT: String(port),
      COVE_COLLAB_HOST: '127.0.0.1',
      COVE_COLLAB_DATA: join(dataDir, 'rooms.sqlite'),
      COVE_COLLAB_MAX_CONNECTIONS_PER_IP: String(maxConnectionsPerIp),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`collab server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`collab server did not answer /health within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: child.pid,
    log: () => log,
    async createRoom() {
      const res = await fetch(`${url}/rooms`, { method: 'POST' });
      if (res.status !== 201) throw new Error(`POST /rooms: ${res.status} ${await res.text()}`);
      return res.json();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when this module is the script node was asked to run. */
export const isMain = (metaUrl) => metaUrl === `file://${process.argv[1]}`;

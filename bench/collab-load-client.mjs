// A child process of bench/collab-load.mjs: runs a share of the simulated
// collaborators, each a HocuspocusProvider with its own WebSocket, typing into
// the room's one shared file at its own line. Each edit carries
// `<client>.<seq>.<sent at>|` so every receiver can time it. Driven over IPC:
// connect -> ready, start -> typed, drain -> result, close -> closed.
import * as Y from 'yjs';
import { createHash } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { countingWebSocket, newTraffic } from './collab-common.mjs';

const now = () => performance.timeOrigin + performance.now();
const EDIT = /(\d+)\.(\d+)\.(\d+)\|/g;
const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c'];

const traffic = newTraffic();
const WebSocketPolyfill = countingWebSocket(traffic);
/** @type {{ index: number, provider: HocuspocusProvider, socket: HocuspocusProviderWebsocket, text?: Y.Text, seq: number, latencies: number[], received: Map<number, number> }[]} */
let clients = [];
let epoch = 0;
/** `${sender}.${seq}` -> the slowest arrival among this process's receivers (ms). */
const slowest = new Map();
const arrivals = new Map();

const send = (msg) => process.send(msg);

function sharedText(doc, fileId) {
  const entry = doc.getMap('files').get(fileId);
  return entry?.get('text');
}

/**
 * HocuspocusProvider 3.4.4 sends every awareness 'update' to the server, including the ones it
 * just received (origin: the provider itself), so each cursor move comes back to the server from
 * every other client. `echo: false` sends local awareness changes only, to measure what that costs.
 */
function stopAwarenessEcho(provider) {
  provider.awareness.off('update', provider.boundAwarenessUpdateHandler);
  provider.awareness.on('update', (changes, origin) => {
    if (origin !== provider) provider.boundAwarenessUpdateHandler(changes, origin);
  });
}

async function connect({ url, room, token, indices, fileId, echo }) {
  clients = indices.map((index) => {
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill });
    const provider = new HocuspocusProvider({ name: room, token, websocketProvider: socket, document: new Y.Doc() });
    if (!echo) stopAwarenessEcho(provider);
    provider.setAwarenessField('user', { name: `bench ${index}`, color: COLORS[index % COLORS.length] });
    return { index, provider, socket, seq: 0, latencies: [], received: new Map() };
  });
  await Promise.all(
    clients.map(
      (c) =>
        new Promise((ok, fail) => {
          const check = () => {
            c.text = sharedText(c.provider.document, fileId);
            if (c.provider.synced && c.text) {
              c.provider.document.off('update', check);
              ok();
            }
          };
          c.provider.on('synced', check);
          c.provider.document.on('update', check);
          c.provider.on('authenticationFailed', ({ reason }) => fail(new Error(`client ${c.index}: ${reason}`)));
          c.provider.attach();
        }),
    ),
  );
  for (const c of clients) {
    c.text.observe((event) => {
      if (event.transaction.local) return;
      const t = now() - epoch;
      for (const op of event.delta) {
        if (typeof op.insert !== 'string') continue;
        for (const m of op.insert.matchAll(EDIT)) {
          const sender = Number(m[1]);
          const ms = t - Number(m[3]) / 100;
          c.latencies.push(ms);
          c.received.set(sender, (c.received.get(sender) ?? 0) + 1);
          const key = `${m[1]}.${m[2]}`;
          slowest.set(key, Math.max(slowest.get(key) ?? 0, ms));
          arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
        }
      }
    });
  }
}

/** One keystroke-sized edit at the end of the client's own line, and its cursor in awareness. */
function type(c, awareness) {
  const text = c.text;
  const s = text.toString();
  const head = `L${c.index}:`;
  const lineStart = s.indexOf(head);
  const pos = s.indexOf('\n', lineStart);
  const edit = `${c.index}.${++c.seq}.${Math.round((now() - epoch) * 100)}|`;
  text.insert(pos, edit);
  if (awareness) {
    const at = Y.createRelativePositionFromTypeIndex(text, pos + edit.length);
    c.provider.setAwarenessField('selection', { anchor: at, head: at });
  }
}

function start({ at, seconds, minInterval, maxInterval, awareness }) {
  epoch = at;
  const end = at + seconds * 1000;
  const before = { traffic: structuredClone(traffic), cpu: process.cpuUsage() };
  let running = clients.length;
  for (const c of clients) {
    const next = () => {
      if (now() >= end) {
        if (--running === 0) {
          send({
            type: 'typed',
            sent: Object.fromEntries(clients.map((x) => [x.index, x.seq])),
            window: {
              sent: traffic.sent - before.traffic.sent,
              received: traffic.received - before.traffic.received,
              sentBytes: traffic.sentBytes - before.traffic.sentBytes,
              receivedBytes: traffic.receivedBytes - before.traffic.receivedBytes,
              byType: Object.fromEntries(
                Object.entries(traffic.byType).map(([k, v]) => [k, v - (before.traffic.byType[k] ?? 0)]),
              ),
            },
            cpuMs: (() => {
              const d = process.cpuUsage(before.cpu);
              return (d.user + d.system) / 1000;
            })(),
          });
        }
        return;
      }
      type(c, awareness);
      setTimeout(next, minInterval + Math.random() * (maxInterval - minInterval));
    };
    // Spread the first keystrokes over one interval so the clients do not type in lockstep.
    setTimeout(next, Math.max(0, at - now()) + Math.random() * maxInterval);
  }
}

/** Waits until every client has every edit of the others (or the timeout), then reports. */
async function drain({ sent, timeoutMs }) {
  const expected = (c) => Object.entries(sent).reduce((n, [i, k]) => (Number(i) === c.index ? n : n + k), 0);
  const got = (c) => [...c.received.values()].reduce((a, b) => a + b, 0);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && clients.some((c) => got(c) < expected(c)))
    await new Promise((r) => setTimeout(r, 50));
  // Let in-flight awareness settle so the texts compare at rest.
  await new Promise((r) => setTimeout(r, 200));
  const missing = clients.reduce((n, c) => n + Math.max(0, expected(c) - got(c)), 0);
  send({
    type: 'result',
    latencies: clients.flatMap((c) => c.latencies),
    slowest: Object.fromEntries(slowest),
    arrivals: Object.fromEntries(arrivals),
    missing,
    hashes: clients.map((c) => createHash('sha1').update(c.text.toString()).digest('hex')),
  });
}

function close() {
  for (const c of clients) {
    c.provider.destroy();
    c.socket.destroy();
  }
  send({ type: 'closed' });
  setTimeout(() => process.exit(0), 100);
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'connect') {
      await connect(msg);
      send({ type: 'ready' });
    } else if (msg.type === 'start') start(msg);
    else if (msg.type === 'drain') await drain(msg);
    else if (msg.type === 'close') close();
  } catch (error) {
    send({ type: 'error', message: String(error?.stack ?? error) });
  }
});

// Cove's collaboration server: Hocuspocus rooms behind a WebSocket and a tiny
// HTTP API, either mounted on another server's HTTP server (the Vite dev
// server mounts it at /__cove/collab) or standing alone.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import { WebSocketServer, type WebSocket } from 'ws';
import { createBlobApi, matchBlobRoute } from './blob-api';
import { openRoomBlobStore, type RoomBlobStore } from './blob-store';
import { CollabConfigError, resolveConfig, type CollabConfig, type CollabOptions } from './config';
import { createHttpApi, originAllowed, sendJson } from './http-api';
import {
  ConnectionCounter,
  FRAME_SLACK_BYTES,
  RateLimiter,
  clientAddress,
  guardSocket,
  refuseUpgrade,
  type SocketState,
} from './limits';
import { consoleLogger, type CollabLogger } from './log';
import { createRoomHocuspocus } from './room-hocuspocus';
import { openRoomStore, type RoomStore } from './room-store';
import { resolveSecret } from './secret-file';
import { issueRoom } from './tokens';

const MAX_UNAUTHENTICATED_BYTES = 1024 * 1024;

export interface CollabHandlerOptions extends CollabOptions {
  log?: CollabLogger;
  /** How long `ready()` waits for Redis before failing (default 10 s). */
  readyTimeoutMs?: number;
  /** Where rooms are kept, instead of the SQLite file `data` (the handler closes it on close). */
  store?: RoomStore;
  /** Where rooms' binary files are kept, instead of the SQLite file `data` (closed on close too). */
  blobStore?: RoomBlobStore;
}

export interface CollabHandler {
  /** Answers a request under the base path; false if the request is not ours. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes over an upgrade request for the base path; false if it is not ours (e.g. Vite's HMR). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  hocuspocus: Hocuspocus;
  config: CollabConfig;
  /** Resolves once the server can serve (Redis reachable, when configured). */
  ready(): Promise<void>;
  /** Closes every socket, stores every room, closes the databases. Safe to call twice. */
  close(): Promise<void>;
}

/** How long clients get to finish the closing handshake before their sockets are cut. */
const CLOSE_GRACE_MS = 1000;

export function createCollabHandler(options: CollabHandlerOptions = {}): CollabHandler {
  const config = resolveConfig(options);
  const log = options.log ?? consoleLogger;
  const secret = resolveSecret(config.secret, config.data);
  // Instances sharing Redis may share the SQLite file too; then each save must merge, not replace.
  const store = options.store ?? openRoomStore(config.data, { mergeOnSave: Boolean(config.redisUrl) });
  // Blobs go in the same file, through a connection of their own. Redis relays no blobs: instances
  // serving the same rooms must share this file (or route each room to one instance).
  const blobStore = options.blobStore ?? openRoomBlobStore(config.data);
  const rooms = createRoomHocuspocus({ config, secret, store, log });
  const { hocuspocus } = rooms;
  const connections = new ConnectionCounter(config.maxConnectionsPerIp);
  const roomCreations = new RateLimiter(config.roomsPerMinute, 60_000);
  const ttlMs = config.tokenTtlDays * 24 * 60 * 60 * 1000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes + FRAME_SLACK_BYTES });
  let closing: Promise<void> | undefined;

  const blobApi = createBlobApi({
    blobs: blobStore,
    secret,
    maxBlobBytes: config.maxBlobBytes,
    maxRoomBlobBytes: config.maxRoomBlobBytes,
    log,
  });
  const api = createHttpApi({
    allowedOrigins: config.allowedOrigins,
    createRoom(address) {
      if (!roomCreations.take(address)) {
        log.warn(`collab: refused a room for ${address}: rate limit`);
        return { ok: false, retryAfterSeconds: roomCreations.retryAfterSeconds(address) };
      }
      return { ok: true, grant: issueRoom(secret, ttlMs) };
    },
    health: () => ({
      rooms: hocuspocus.getDocumentsCount(),
      connections: hocuspocus.getConnectionsCount(),
      scaleOut: Boolean(config.redisUrl),
      // Clients read these to explain a refusal (e.g. a project too large for one message).
      maxMessageBytes: config.maxMessageBytes,
      maxBlobBytes: config.maxBlobBytes,
      maxRoomBlobBytes: config.maxRoomBlobBytes,
    }),
    blobs(req, res, subpath) {
      const route = matchBlobRoute(subpath);
      if (!route) return false;
      if (closing) {
        req.resume();
        res.setHeader('Connection', 'close');
        sendJson(res, 503, { error: 'The server is shutting down.' });
      } else blobApi(req, res, route);
      return true;
    },
  });

  /** The path below the base path, or undefined when the URL is outside it. */
  const subpathOf = (url: string | undefined): string | undefined => {
    let pathname: string;
    try {
      pathname = new URL(url ?? '/', 'http://collab').pathname;
    } catch {
      return undefined;
    }
    if (!pathname.startsWith(config.basePath)) return undefined;
    const rest = pathname.slice(config.basePath.length);
    return rest === '' || rest.startsWith('/') ? rest : undefined;
  };

  const accept = (ws: WebSocket, req: IncomingMessage, address: string) => {
    // ws emits 'error' for an oversized or broken frame; unhandled, that would end the process.
    ws.on('error', (err) => log.warn(`collab: closed a connection from ${address}: ${err.message}`));
    const state: SocketState = { rooms: new Set(), unauthenticatedBytes: 0 };
    guardSocket(ws, {
      state,
      // Room auth is a few small messages; one maximum-size message's worth is generous.
      // Before its token is accepted a client sends only its token, a state vector and presence:
      // small. Big first syncs come after authentication, so this cap stays well below the
      // message limit (32 sockets per address × 32 MiB would otherwise be a gigabyte queued).
      maxUnauthenticatedBytes: Math.min(config.maxMessageBytes, MAX_UNAUTHENTICATED_BYTES),
      onRefuse: (code, reason) => log.warn(`collab: closed a connection from ${address}: ${reason} (${code})`),
    });
    hocuspocus.handleConnection(ws, req, { cove: state });
  };

  return {
    hocuspocus,
    config,
    ready: () => rooms.ready(options.readyTimeoutMs),

    handleRequest(req, res) {
      const subpath = subpathOf(req.url);
      if (subpath === undefined) return false;
      api(req, res, subpath, clientAddress(req, config.trustProxy));
      return true;
    },

    handleUpgrade(req, socket, head) {
      const subpath = subpathOf(req.url);
      if (subpath === undefined) return false;
      if (subpath !== '' && subpath !== '/') {
        refuseUpgrade(socket, 404, 'Connect to the base path.');
        return true;
      }
      if (closing) {
        refuseUpgrade(socket, 503, 'The server is shutting down.');
        return true;
      }
      if (!originAllowed(req.headers.origin, config.allowedOrigins)) {
        refuseUpgrade(socket, 403, `Origin ${req.headers.origin} may not use this server.`);
        return true;
      }
      const address = clientAddress(req, config.trustProxy);
      const release = connections.tryAcquire(address);
      if (!release) {
        log.warn(`collab: refused a connection from ${address}: ${config.maxConnectionsPerIp} already open`);
        refuseUpgrade(socket, 429, 'Too many connections from this address.');
        return true;
      }
      // The TCP socket closes once, whether the handshake failed or the WebSocket ended.
      socket.once('close', release);
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, address));
      return true;
    },

    close() {
      closing ??= (async () => {
        await closeSockets(wss);
        await rooms.shutdown();
        store.close();
        blobStore.close();
      })();
      return closing;
    },
  };
}

/** Asks every client to go, cuts the ones that do not within the grace period. */
async function closeSockets(wss: WebSocketServer): Promise<void> {
  const open = [...wss.clients];
  const closed = open.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of open) ws.close(1001, 'Server shutting down');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(timer);
  for (const ws of wss.clients) ws.terminate();
  await Promise.all(closed);
  await new Promise<void>((resolve) => wss.close(() => resolve()));
}

export interface CollabServer {
  /** HTTP base URL, e.g. `http://127.0.0.1:1234` (the WebSocket is the same URL with ws:). */
  url: string;
  port: number;
  hocuspocus: Hocuspocus;
  close(): Promise<void>;
}

/** The standalone server: its own HTTP server, base path `/`. */
export async function startCollabServer(options: CollabHandlerOptions = {}): Promise<CollabServer> {
  const handler = createCollabHandler({ ...options, basePath: options.basePath ?? '/' });
  const log = options.log ?? consoleLogger;
  const server = createServer((req, res) => {
    if (!handler.handleRequest(req, res)) {
      res.statusCode = 404;
      res.end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (!handler.handleUpgrade(req, socket, head)) refuseUpgrade(socket, 404, 'Not found.');
  });
  try {
    await handler.ready();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(handler.config.port, handler.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await handler.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new CollabConfigError(
        `Port ${handler.config.port} on ${handler.config.host} is in use (set COVE_COLLAB_PORT).`,
      );
    }
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = handler.config.host.includes(':') ? `[${handler.config.host}]` : handler.config.host;
  const url = `http://${host}:${port}`;
  log.info(`Cove collaboration server on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    hocuspocus: handler.hocuspocus,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await handler.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

// The Hocuspocus instance behind every room: tokens decide who may read or
// write a room, a size check bounds each message, SQLite keeps the rooms, and
// Redis (when configured) relays updates between instances.
import { Hocuspocus, MessageType } from '@hocuspocus/server';
import type { Extension } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';
import { encodeStateAsUpdate } from 'yjs';
import { CollabConfigError, type CollabConfig } from './config';
import type { CollabLogger } from './log';
import { CloseCode, readEnvelope, type SocketState } from './limits';
import type { RoomStore } from './room-store';
import { verifyRoomToken } from './tokens';

export interface RoomHocuspocus {
  hocuspocus: Hocuspocus;
  /** Resolves once Redis (if configured) is reachable; rejects with a clear error after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** Stores every loaded room, waits for stores under way, then disconnects from Redis. */
  shutdown(): Promise<void>;
}

export interface RoomHocuspocusOptions {
  config: CollabConfig;
  secret: string;
  store: RoomStore;
  log: CollabLogger;
}

/**
 * A refused token. Hocuspocus sends `reason` to the client and logs any hook error that has a
 * message; a refused token is routine, so the message stays empty.
 */
class AuthRefused extends Error {
  constructor(readonly reason: string) {
    super('');
  }
}

/** Thrown from `beforeHandleMessage`: Hocuspocus then closes that connection with this code and reason. */
class MessageRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function createRoomHocuspocus({ config, secret, store, log }: RoomHocuspocusOptions): RoomHocuspocus {
  const redis = config.redisUrl ? createRedisExtension(config.redisUrl, log) : undefined;
  const extensions: Extension[] = [store.extension()];
  if (redis) extensions.push(redis);

  const hocuspocus = new Hocuspocus({
    quiet: true,
    extensions,
    async onAuthenticate({ token, documentName, connectionConfig, context }) {
      const check = verifyRoomToken(secret, token, documentName);
      if (!check.ok) throw new AuthRefused(check.reason);
      // Hocuspocus then applies no update this connection sends, and tells the client `readonly`.
      connectionConfig.readOnly = check.claims.role === 'read';
      (context.cove as SocketState | undefined)?.rooms.add(documentName);
      return { role: check.claims.role };
    },
    async beforeHandleMessage({ update, connection }) {
      if (update.byteLength > config.maxMessageBytes) {
        log.warn(`collab: closed a connection: a ${update.byteLength}-byte message is over the limit`);
        // Close the socket, not just this room's connection: a provider whose room was closed
        // under it stays connected without re-authenticating, so it could never recover.
        connection.webSocket.close(CloseCode.tooBig, 'Message too big');
        throw new MessageRefused(CloseCode.tooBig, 'Message too big');
      }
      // Hocuspocus already drops a reader's document updates; a broadcast would still be relayed
      // to every editor, so readers may send only sync requests and their presence (awareness).
      if (connection.readOnly && isStateless(readEnvelope(update)?.type)) {
        log.warn('collab: closed a read-only connection that sent a broadcast');
        connection.webSocket.close(CloseCode.policy, 'Read-only connection');
        throw new MessageRefused(CloseCode.policy, 'Read-only connection');
      }
    },
    async onDisconnect({ context, documentName }) {
      (context.cove as SocketState | undefined)?.rooms.delete(documentName);
    },
  });

  return {
    hocuspocus,
    ready: (timeoutMs = 10_000) => (redis ? redisReady(redis, config.redisUrl ?? '', timeoutMs) : Promise.resolve()),
    async shutdown() {
      const failed = new Set<string>();
      await Promise.all(
        [...hocuspocus.documents.values()].map(async (document) => {
          try {
            await hocuspocus.debouncer.executeNow(`onStoreDocument-${document.name}`);
          } catch (err) {
            failed.add(document.name);
            log.error(`collab: storing room ${document.name} failed`, err);
          }
          await document.saveMutex.waitForUnlock();
        }),
      );
      // Store directly what the hooks may not have: a failed store, and with Redis any room, since
      // a store is skipped silently while another instance holds the room's lock.
      for (const document of hocuspocus.documents.values()) {
        if (!redis && !failed.has(document.name)) continue;
        if (document.isLoading) continue; // never loaded: its empty state would replace the stored one
        try {
          store.save(document.name, encodeStateAsUpdate(document));
        } catch (err) {
          log.error(`collab: storing room ${document.name} failed`, err);
        }
      }
      await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    },
  };
}

function isStateless(type: number | undefined): boolean {
  return type === MessageType.Stateless || type === MessageType.BroadcastStateless;
}

function createRedisExtension(url: string, log: CollabLogger): Redis {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || 0);
  const redis = new Redis({
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    prefix: 'cove-collab',
    options: {
      // ioredis 5.11 sends CLIENT SETINFO on connect, which breaks the subscriber connection
      // ("Connection in subscriber mode") and with it all cross-instance sync.
      disableClientInfo: true,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: Number.isInteger(db) ? db : 0,
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    },
  });
  // Without listeners ioredis prints every failed reconnect; one line per outage is enough.
  let failing = false;
  for (const client of [redis.pub, redis.sub]) {
    client.on('error', (err: Error) => {
      if (failing) return;
      failing = true;
      log.error(`collab: Redis at ${redactUrl(url)} failed: ${err.message}`);
    });
    client.on('ready', () => (failing = false));
  }
  return redis;
}

function redisReady(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  const clients = [redis.pub, redis.sub];
  const waitFor = (client: (typeof clients)[number]) =>
    client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', resolve));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CollabConfigError(`Cannot reach Redis at ${redactUrl(url)} (waited ${timeoutMs} ms).`)),
      timeoutMs,
    );
  });
  return Promise.race([Promise.all(clients.map(waitFor)).then(() => undefined), timeout]).finally(() =>
    clearTimeout(timer),
  );
}

/** The URL without its password, for messages. */
function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

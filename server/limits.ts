// What one client may cost the server: connections per address, room
// creations per address, bytes per message, and bytes sent before it has
// proved it may use a room. Each limit refuses only the client that broke it.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type WebSocket from 'ws';
import { MessageType } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';

/**
 * The address a limit is counted against. Behind a proxy every request comes from the proxy, so
 * with `trustProxy` the client is the last X-Forwarded-For entry: the one our proxy appended
 * (entries before it are whatever the client sent, so they cannot be trusted).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
    const last = list[list.length - 1]?.trim();
    if (last) return normaliseAddress(last);
  }
  return normaliseAddress(req.socket.remoteAddress ?? 'unknown');
}

/** IPv4 clients of a dual-stack socket show up as `::ffff:1.2.3.4`; count them as `1.2.3.4`. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** Open connections per address, counted from the upgrade request until the socket closes. */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function if the address is under its limit (call it once, when the socket closes), else null. */
  tryAcquire(address: string): (() => void) | null {
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) return null;
    this.open.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    };
  }

  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}

/**
 * A token bucket per address: `limit` actions at once, refilled at `limit` per `windowMs`.
 * Idle buckets are dropped, so the map stays as small as the set of recent clients.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True if the address may act now (and counts the action). */
  take(address: string): boolean {
    const now = this.now();
    if (this.buckets.size > 10_000) this.sweep(now);
    const bucket = this.refill(this.buckets.get(address), now);
    if (bucket.tokens < 1) {
      this.buckets.set(address, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.buckets.set(address, bucket);
    return true;
  }

  /** Whole seconds until the address may act again (for Retry-After). */
  retryAfterSeconds(address: string): number {
    const bucket = this.refill(this.buckets.get(address), this.now());
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) * this.windowMs) / this.limit / 1000);
  }

  private refill(bucket: { tokens: number; at: number } | undefined, now: number) {
    if (!bucket) return { tokens: this.limit, at: now };
    const tokens = Math.min(this.limit, bucket.tokens + ((now - bucket.at) * this.limit) / this.windowMs);
    return { tokens, at: now };
  }

  private sweep(now: number): void {
    for (const [address, bucket] of this.buckets) {
      if (this.refill(bucket, now).tokens >= this.limit) this.buckets.delete(address);
    }
  }
}

/** Answers an upgrade request with a plain HTTP error (JSON body) instead of a WebSocket, then hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, error: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ error });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  // Destroy only once the answer is flushed; a reset meanwhile is the client's business.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/**
 * Bytes ws accepts in one frame beyond the message limit. ws refuses a larger frame before it is
 * buffered (it closes with 1009); frames within the slack reach `beforeHandleMessage`, which
 * enforces the exact limit per Hocuspocus message, so the limit holds even where a transport
 * allows bigger frames.
 */
export const FRAME_SLACK_BYTES = 4096;

/** Close codes (RFC 6455) for the ways a client can break the rules. */
export const CloseCode = {
  unsupportedData: 1003,
  malformed: 1007,
  policy: 1008,
  tooBig: 1009,
} as const;

/** Per-socket state shared with the Hocuspocus hooks through the connection context. */
export interface SocketState {
  /** Rooms this socket has authenticated for. */
  rooms: Set<string>;
  /** Bytes received for rooms this socket has not authenticated for. */
  unauthenticatedBytes: number;
}

const KNOWN_TYPES = new Set<number>([
  MessageType.Sync,
  MessageType.Awareness,
  MessageType.Auth,
  MessageType.QueryAwareness,
  MessageType.SyncReply,
  MessageType.Stateless,
  MessageType.BroadcastStateless,
  MessageType.CLOSE,
  MessageType.SyncStatus,
]);

/**
 * Reads a Hocuspocus message's envelope (room name, message type), or returns undefined if the
 * bytes are not one.
 */
export function readEnvelope(data: Uint8Array): { room: string; type: number } | undefined {
  try {
    const decoder = decoding.createDecoder(data);
    const room = decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    return KNOWN_TYPES.has(type) ? { room, type } : undefined;
  } catch {
    return undefined;
  }
}

export interface GuardOptions {
  state: SocketState;
  /** Most bytes a socket may send for rooms it has not authenticated for (queued by Hocuspocus meanwhile). */
  maxUnauthenticatedBytes: number;
  onRefuse(code: number, reason: string): void;
}

/**
 * Watches a socket's messages before Hocuspocus sees them. Hocuspocus queues every message for a
 * room until that room's token is accepted, and after a refused token keeps queueing forever; a
 * cap on those bytes keeps one client from filling memory. Messages that are not Hocuspocus
 * messages at all close the socket (Hocuspocus alone would queue some kinds of junk).
 * Must be attached before `hocuspocus.handleConnection`, so it runs first.
 */
export function guardSocket(ws: WebSocket, options: GuardOptions): void {
  const refuse = (code: number, reason: string) => {
    if (ws.readyState !== ws.OPEN) return;
    options.onRefuse(code, reason);
    ws.close(code, reason);
  };
  ws.on('message', (data: WebSocket.RawData, isBinary?: boolean) => {
    // Hocuspocus re-emits queued messages with no `isBinary`: only a real text frame is `false`.
    if (isBinary === false) return refuse(CloseCode.unsupportedData, 'Binary messages only');
    const bytes = toBytes(data);
    const envelope = readEnvelope(bytes);
    if (!envelope) return refuse(CloseCode.malformed, 'Malformed message');
    if (options.state.rooms.has(envelope.room)) return;
    options.state.unauthenticatedBytes += bytes.byteLength;
    if (options.state.unauthenticatedBytes > options.maxUnauthenticatedBytes) {
      refuse(CloseCode.policy, 'Too much data before authentication');
    }
  });
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

// The HTTP endpoints for a room's binary files, under `{base}/rooms/<room>/blobs/`:
//
//   POST /rooms/<room>/blobs/missing   {"hashes": [...]} -> {"missing": [...], limits}   any token of the room
//   PUT  /rooms/<room>/blobs/<sha256>  raw bytes -> 201 (stored) or 200 (already there)   edit token
//   GET  /rooms/<room>/blobs/<sha256>  -> the bytes, cacheable for ever (content-addressed) any token of the room
//
// The token travels as `Authorization: Bearer <token>`. The server hashes what it receives and
// refuses bytes that do not match their name, so a blob can be trusted by whoever downloads it.
//
// Scale-out: blobs live in the SQLite file, and Redis relays only live updates. Instances that
// serve the same rooms must therefore share one data file (one host or one shared volume, as for
// the rooms themselves), or a proxy must route every request of a room to one instance.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BLOB_HASH, type RoomBlobStore } from './blob-store';
import { sendJson } from './http-api';
import type { CollabLogger } from './log';
import { ROOM_ID, verifyRoomToken, type RoomRole } from './tokens';

export interface BlobApiOptions {
  blobs: RoomBlobStore;
  secret: string;
  /** Largest single blob. */
  maxBlobBytes: number;
  /** Most bytes of blobs one room may hold. */
  maxRoomBlobBytes: number;
  log: CollabLogger;
}

/** Most hashes one `missing` question may carry, and the most bytes its body may have. */
export const MAX_MISSING_HASHES = 5000;
const MAX_MISSING_BODY_BYTES = 512 * 1024;

/** The parts of a blob path, or undefined when `subpath` is not one. */
export function matchBlobRoute(subpath: string): { room: string; name: string } | undefined {
  const match = /^\/rooms\/([^/]+)\/blobs\/([^/]+)$/.exec(subpath);
  return match ? { room: match[1], name: match[2] } : undefined;
}

/** Answers a request whose subpath `matchBlobRoute` accepted; reads (or drains) the body itself. */
export function createBlobApi(options: BlobApiOptions) {
  const { blobs, maxBlobBytes, maxRoomBlobBytes, log } = options;

  const authorize = (req: IncomingMessage, room: string): { role: RoomRole } | { status: number; error: string } => {
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) return { status: 401, error: 'Send the room token as "Authorization: Bearer <token>".' };
    const check = verifyRoomToken(options.secret, token, room);
    if (check.ok) return { role: check.claims.role };
    if (check.reason === 'wrong-room') return { status: 403, error: 'This token is for another room.' };
    if (check.reason === 'token-expired') return { status: 401, error: 'This room token has expired.' };
    return { status: 401, error: 'This room token is not valid.' };
  };

  /** Refuses a request whose body we will not read, and closes the connection rather than read it. */
  const refuseUnread = (req: IncomingMessage, res: ServerResponse, status: number, error: string) => {
    const bodyComing = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;
    if (!bodyComing || req.complete) {
      req.resume();
      return sendJson(res, status, { error });
    }
    res.setHeader('Connection', 'close');
    sendJson(res, status, { error });
    // Whatever the client still sends is not worth receiving.
    res.once('finish', () => req.destroy());
  };

  const missing = async (req: IncomingMessage, res: ServerResponse, room: string) => {
    const body = await readBody(req, MAX_MISSING_BODY_BYTES);
    if (!body.ok) return refuseUnread(req, res, 413, `The list of hashes is over ${MAX_MISSING_BODY_BYTES} bytes.`);
    const hashes = parseHashList(body.bytes);
    if (typeof hashes === 'string') return sendJson(res, 400, { error: hashes });
    sendJson(res, 200, {
      missing: blobs.missing(room, hashes),
      maxBlobBytes,
      maxRoomBlobBytes,
      roomBlobBytes: blobs.roomBytes(room),
    });
  };

  const get = (req: IncomingMessage, res: ServerResponse, room: string, hash: string) => {
    const bytes = blobs.get(room, hash);
    if (!bytes) return sendJson(res, 404, { error: `This room has no blob ${hash}.` });
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Length', bytes.byteLength);
    // The name is the content's hash: the bytes behind a URL never change.
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.setHeader('ETag', `"${hash}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(req.method === 'HEAD' ? undefined : bytes);
  };

  const put = async (req: IncomingMessage, res: ServerResponse, room: string, hash: string) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxBlobBytes) {
      return refuseUnread(
        req,
        res,
        413,
        `The file is ${formatBytes(declared)}; the limit is ${formatBytes(maxBlobBytes)}.`,
      );
    }
    if (blobs.has(room, hash)) {
      req.resume();
      return sendJson(res, 200, { hash, created: false });
    }
    const used = blobs.roomBytes(room);
    if (Number.isFinite(declared) && used + declared > maxRoomBlobBytes) {
      return refuseUnread(req, res, 413, roomFull(used));
    }
    const body = await readBody(req, maxBlobBytes);
    if (!body.ok) return refuseUnread(req, res, 413, `The file is over the limit of ${formatBytes(maxBlobBytes)}.`);
    const actual = createHash('sha256').update(body.bytes).digest('hex');
    if (actual !== hash) {
      return sendJson(res, 400, { error: `The bytes do not match their name: their sha-256 is ${actual}.` });
    }
    const stored = blobs.put(room, hash, body.bytes, maxRoomBlobBytes);
    if (!stored.ok) return sendJson(res, 413, { error: roomFull(stored.used) });
    sendJson(res, stored.created ? 201 : 200, { hash, size: body.bytes.byteLength, created: stored.created });
  };

  const roomFull = (used: number) =>
    `This room's files would exceed ${formatBytes(maxRoomBlobBytes)} on the live server (${formatBytes(used)} are stored).`;

  return function handle(req: IncomingMessage, res: ServerResponse, route: { room: string; name: string }): void {
    const { room, name } = route;
    const method = req.method ?? 'GET';
    const isMissing = name === 'missing';
    const allowed = isMissing ? ['POST'] : ['GET', 'HEAD', 'PUT'];
    if (!allowed.includes(method)) {
      req.resume();
      res.setHeader('Allow', [...allowed, 'OPTIONS'].join(', '));
      return sendJson(res, 405, { error: `Use ${allowed.join(' or ')}.` });
    }
    if (!ROOM_ID.test(room)) {
      req.resume();
      return sendJson(res, 404, { error: 'No such room.' });
    }
    if (!isMissing && !BLOB_HASH.test(name)) {
      req.resume();
      return sendJson(res, 400, { error: 'A blob is named by the sha-256 of its bytes, as 64 lowercase hex digits.' });
    }
    const auth = authorize(req, room);
    if ('error' in auth) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return refuseUnread(req, res, auth.status, auth.error);
    }
    if (method === 'PUT' && auth.role !== 'edit') {
      return refuseUnread(req, res, 403, 'A read-only token cannot upload files.');
    }
    const work = async () => {
      if (isMissing) await missing(req, res, room);
      else if (method === 'PUT') await put(req, res, room, name);
      else get(req, res, room, name);
    };
    work().catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof BodyAborted) return;
      log.error(`collab: blob request ${method} ${room}/${name} failed`, err);
      refuseUnread(req, res, 500, 'The server could not handle this file.');
    });
  };
}

class BodyAborted extends Error {}

/** Sizes in messages: `32 MB`, `1.5 MB`, `900 KB`, `12 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/** The request body, or `{ok: false}` as soon as it is over `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<{ ok: true; bytes: Buffer } | { ok: false }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: { ok: true; bytes: Buffer } | { ok: false } | Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        req.pause();
        return done({ ok: false });
      }
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onError = () => done(new BodyAborted());
    // Closed before the whole body came: the client gave up.
    const onClose = () => !req.complete && done(new BodyAborted());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The hashes of a `missing` question, or a message saying what is wrong with it. */
function parseHashList(body: Buffer): string[] | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'Send JSON: {"hashes": ["<sha-256 hex>", ...]}.';
  }
  const hashes = (value as { hashes?: unknown } | null)?.hashes;
  if (!Array.isArray(hashes)) return 'Send JSON: {"hashes": ["<sha-256 hex>", ...]}.';
  if (hashes.length > MAX_MISSING_HASHES) return `Ask about at most ${MAX_MISSING_HASHES} hashes at a time.`;
  for (const hash of hashes) {
    if (typeof hash !== 'string' || !BLOB_HASH.test(hash)) {
      return `Each hash must be 64 lowercase hex digits (got ${JSON.stringify(hash).slice(0, 80)}).`;
    }
  }
  return [...new Set(hashes as string[])];
}

// The small HTTP side of the server: create a room, report health, and hand
// the room's binary files to a blob handler (blob-api.ts). Browsers call it
// cross-origin (the IDE and the server are different origins), so it answers
// CORS itself; POST /rooms takes no body, so browsers send no preflight. The
// blob routes carry a token header, so browsers preflight them (OPTIONS).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomGrant } from './tokens';

export interface HttpApiOptions {
  allowedOrigins: readonly string[];
  /** Creates a room for a client address, or says when it may try again (rate limit). */
  createRoom(address: string): { ok: true; grant: RoomGrant } | { ok: false; retryAfterSeconds: number };
  /** Extra fields for GET /health. */
  health(): Record<string, unknown>;
  /**
   * Takes a request for `subpath` if it is a blob route (then it reads or drains the body itself);
   * false if it is not one.
   */
  blobs?(req: IncomingMessage, res: ServerResponse, subpath: string): boolean;
}

/** What a preflight may ask for: the blob routes send a token (Authorization) and JSON, and upload with PUT. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type';

/** Whether a browser page from `origin` may use the server (no Origin header: not a browser page). */
export function originAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.length === 0 || origin === undefined || allowedOrigins.includes(origin);
}

/**
 * Answers a request whose path is `subpath` below the base path (`/rooms`, `/health`, …).
 * `address` is the client address limits are counted against.
 */
export function createHttpApi(options: HttpApiOptions) {
  return function handle(req: IncomingMessage, res: ServerResponse, subpath: string, address: string): void {
    const origin = req.headers.origin;
    setCorsHeaders(res, origin, options.allowedOrigins);
    if (!originAllowed(origin, options.allowedOrigins)) {
      req.resume();
      return sendJson(res, 403, { error: `Origin ${origin} may not use this server.` });
    }
    if (req.method === 'OPTIONS') {
      req.resume();
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '86400');
      res.statusCode = 204;
      return void res.end();
    }
    if (options.blobs?.(req, res, subpath)) return;
    // No other route reads a body, but an unread body would stall the connection for the next request.
    req.resume();
    if (subpath === '/rooms') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      const result = options.createRoom(address);
      if (!result.ok) {
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        return sendJson(res, 429, { error: 'Too many rooms created from this address; try again shortly.' });
      }
      return sendJson(res, 201, result.grant);
    }
    if (subpath === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET');
      return sendJson(res, 200, { ok: true, ...options.health() });
    }
    sendJson(res, 404, { error: `Not found: ${req.method} ${subpath}` });
  };
}

function setCorsHeaders(res: ServerResponse, origin: string | undefined, allowed: readonly string[]): void {
  if (allowed.length === 0) {
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else {
    if (origin && allowed.includes(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    // The answer depends on the Origin header, so caches must keep one per origin.
    res.setHeader('Vary', 'Origin');
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', `${allow}, OPTIONS`);
  sendJson(res, 405, { error: `Use ${allow}.` });
}

/** A JSON answer that no cache keeps. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Live links: `<app origin>/live/<room>#t=<token>`. The token sits in the fragment, which browsers
 * never send to a server. Links come from other people, so parsing is strict and every failure
 * has a reason that can be shown as is.
 */

export type LiveRole = 'edit' | 'read';

/** Room ids the server hands out (random, 22 characters today). */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
/** `<base64url(JSON claims)>.<base64url(signature)>`. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 4096;
export const LIVE_PATH_PREFIX = '/live/';

export class LiveLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveLinkError';
  }
}

/** What a token says about itself. Only the server can check it; the client uses it for hints. */
export interface TokenClaims {
  room: string;
  role: LiveRole;
  /** Expiry, ms since the epoch. */
  expiresAt: number;
}

export interface LiveLink extends TokenClaims {
  token: string;
}

export function isRoomId(room: string): boolean {
  return ROOM_ID_PATTERN.test(room);
}

export function isTokenShape(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(token);
}

/** The claims of a well-formed token, or undefined. The signature is not (cannot be) checked here. */
export function tokenClaims(token: string): TokenClaims | undefined {
  if (!isTokenShape(token)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(decodeBase64Url(token.slice(0, token.indexOf('.'))));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { v, room, role, exp } = claims as Record<string, unknown>;
  if (v !== 1 || typeof room !== 'string' || !isRoomId(room)) return undefined;
  if (role !== 'edit' && role !== 'read') return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  return { room, role, expiresAt: exp * 1000 };
}

export function formatLiveLink(appOrigin: string, room: string, token: string): string {
  if (!isRoomId(room)) throw new LiveLinkError(`Not a live room id: ${JSON.stringify(room)}`);
  if (!isTokenShape(token)) throw new LiveLinkError('Not a live room token.');
  return `${new URL(appOrigin).origin}${LIVE_PATH_PREFIX}${room}#t=${token}`;
}

/** The room segment of a `/live/<room>` path (not yet validated), or undefined for other paths. */
export function liveRoomOfPath(pathname: string): string | undefined {
  if (!pathname.startsWith(LIVE_PATH_PREFIX)) return undefined;
  const rest = pathname.slice(LIVE_PATH_PREFIX.length).replace(/\/+$/, '');
  if (!rest || rest.includes('/')) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

/** The token of a `#t=<token>` fragment (not yet validated); '' if there is none. */
export function tokenOfHash(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('t') ?? '';
}

/** Check a link's room and token (taken from the address bar or pasted); throws LiveLinkError. */
export function validateLiveLink(room: string, token: string, now = Date.now()): LiveLink {
  if (!isRoomId(room)) throw new LiveLinkError('This live link is broken: the room id is not valid.');
  if (!token) throw new LiveLinkError('This live link is incomplete: it has no access token (the part after #t=).');
  const claims = tokenClaims(token);
  if (!claims) throw new LiveLinkError('This live link is broken: its access token is not valid.');
  if (claims.room !== room) throw new LiveLinkError('This live link is broken: its token is for another room.');
  if (claims.expiresAt <= now) throw new LiveLinkError('This live link has expired. Ask for a new one.');
  return { ...claims, token };
}

/**
 * Parse a full live link. With `appOrigin`, a link to another Cove (another origin) is refused:
 * its projects live in that origin's storage.
 */
export function parseLiveLink(link: string, { appOrigin, now }: { appOrigin?: string; now?: number } = {}): LiveLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new LiveLinkError('This is not a link.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LiveLinkError('This is not a web link.');
  if (appOrigin && url.origin !== new URL(appOrigin).origin)
    throw new LiveLinkError(`This live link is for another site (${url.origin}).`);
  const room = liveRoomOfPath(url.pathname);
  if (room === undefined) throw new LiveLinkError('This is not a live link (it should contain /live/<room>#t=…).');
  return validateLiveLink(room, tokenOfHash(url.hash), now);
}

function decodeBase64Url(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

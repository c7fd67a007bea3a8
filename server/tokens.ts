// Room tokens: `<base64url(JSON claims)>.<base64url(HMAC-SHA256 of the first part)>`.
// Stateless on purpose: any instance holding the key can check a token, and a
// room exists as soon as someone holds a token for it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type RoomRole = 'edit' | 'read';

export interface RoomClaims {
  v: 1;
  room: string;
  role: RoomRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a token was refused; each is a distinct reason the client sees. */
export type TokenRejection = 'malformed-token' | 'bad-signature' | 'wrong-room' | 'token-expired';

export type TokenCheck = { ok: true; claims: RoomClaims } | { ok: false; reason: TokenRejection };

/** Room ids (also Hocuspocus document names). */
export const ROOM_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Longer than any token we issue; refuses absurd input before hashing it. */
const MAX_TOKEN_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAC_BYTES = 32;

/** 128 random bits as 22 base64url characters. */
export function newRoomId(): string {
  return randomBytes(16).toString('base64url');
}

export function signRoomToken(secret: string, claims: RoomClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Checks format, then signature, then room, then expiry: the first failure is the reason. */
export function verifyRoomToken(secret: string, token: string, room: string, nowMs = Date.now()): TokenCheck {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed-token' };
  const parts = token.split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
    return { ok: false, reason: 'malformed-token' };
  }
  const [body, signature] = parts;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(secret, body))) {
    return { ok: false, reason: 'bad-signature' };
  }
  const claims = parseClaims(body);
  if (!claims) return { ok: false, reason: 'malformed-token' };
  if (claims.room !== room) return { ok: false, reason: 'wrong-room' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'token-expired' };
  return { ok: true, claims };
}

export interface RoomGrant {
  room: string;
  editToken: string;
  readToken: string;
  /** Milliseconds since the epoch, as the HTTP API reports it. */
  expiresAt: number;
}

/** A new room with an edit and a read token that expire together. */
export function issueRoom(secret: string, ttlMs: number, nowMs = Date.now()): RoomGrant {
  const room = newRoomId();
  const exp = Math.floor((nowMs + ttlMs) / 1000);
  return {
    room,
    editToken: signRoomToken(secret, { v: 1, room, role: 'edit', exp }),
    readToken: signRoomToken(secret, { v: 1, room, role: 'read', exp }),
    expiresAt: exp * 1000,
  };
}

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

function parseClaims(body: string): RoomClaims | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, room, role, exp } = value as Record<string, unknown>;
  if (v !== 1 || typeof room !== 'string' || !ROOM_ID.test(room)) return undefined;
  if (role !== 'edit' && role !== 'read') return undefined;
  if (typeof exp !== 'number' || !Number.isInteger(exp)) return undefined;
  return { v, room, role, exp };
}

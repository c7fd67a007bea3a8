import { describe, expect, it } from 'vitest';
import { issueRoom, newRoomId, ROOM_ID, signRoomToken, verifyRoomToken } from './tokens';

const SECRET = 'tokens-secret-tokens-secret-tokens-12';
const ROOM = 'AbCdEfGhIjKlMnOpQrStUv';
const NOW = 1_700_000_000_000;
const exp = NOW / 1000 + 60;

describe('room tokens', () => {
  it('round-trips the claims and keeps the documented format', () => {
    const token = signRoomToken(SECRET, { v: 1, room: ROOM, role: 'read', exp });
    const [body, mac] = token.split('.');
    expect(JSON.parse(Buffer.from(body, 'base64url').toString())).toEqual({ v: 1, room: ROOM, role: 'read', exp });
    expect(Buffer.from(mac, 'base64url')).toHaveLength(32);
    expect(verifyRoomToken(SECRET, token, ROOM, NOW)).toEqual({
      ok: true,
      claims: { v: 1, room: ROOM, role: 'read', exp },
    });
  });

  it('gives a distinct reason for each kind of bad token', () => {
    const token = signRoomToken(SECRET, { v: 1, room: ROOM, role: 'edit', exp });
    const [body, mac] = token.split('.');
    const check = (t: string, room = ROOM, now = NOW) => verifyRoomToken(SECRET, t, room, now);
    for (const bad of ['', 'abc', `${body}.${mac}.x`, `${body}.`, `.${mac}`, `${body}.${mac}=`, 'a'.repeat(600)]) {
      expect(check(bad), bad).toEqual({ ok: false, reason: 'malformed-token' });
    }
    expect(check(`${body}.${mac.slice(0, -2)}`)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(check(`${body}x.${mac}`)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyRoomToken('other-secret-other-secret-other-secre', token, ROOM, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(check(token, 'ZZZZZZZZZZZZZZZZZZZZZZ')).toEqual({ ok: false, reason: 'wrong-room' });
    expect(check(token, ROOM, exp * 1000)).toEqual({ ok: false, reason: 'token-expired' });
    expect(check(token, ROOM, exp * 1000 - 1).ok).toBe(true);
  });

  it('refuses well-signed tokens whose claims are not a room token', () => {
    const sign = (claims: unknown) => signRoomToken(SECRET, claims as never);
    for (const claims of [
      { v: 2, room: ROOM, role: 'edit', exp },
      { v: 1, room: ROOM, role: 'admin', exp },
      { v: 1, room: 'short', role: 'edit', exp },
      { v: 1, room: ROOM, role: 'edit', exp: '9999999999' },
      [1, 2],
    ]) {
      expect(verifyRoomToken(SECRET, sign(claims), ROOM, NOW), JSON.stringify(claims)).toEqual({
        ok: false,
        reason: 'malformed-token',
      });
    }
  });

  it('makes random 22-character room ids and issues both tokens for one', () => {
    const ids = new Set(Array.from({ length: 100 }, newRoomId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(ROOM_ID);
    const grant = issueRoom(SECRET, 3_600_000, NOW);
    expect(grant.expiresAt).toBe(NOW + 3_600_000);
    expect(verifyRoomToken(SECRET, grant.editToken, grant.room, NOW)).toMatchObject({ claims: { role: 'edit' } });
    expect(verifyRoomToken(SECRET, grant.readToken, grant.room, NOW)).toMatchObject({ claims: { role: 'read' } });
  });
});

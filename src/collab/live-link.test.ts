import { describe, expect, it } from 'vitest';
import {
  formatLiveLink,
  liveRoomOfPath,
  LiveLinkError,
  parseLiveLink,
  tokenClaims,
  tokenOfHash,
  validateLiveLink,
} from './live-link';

/** An unsigned look-alike token (only the server can check signatures). */
function fakeToken(claims: Record<string, unknown>): string {
  return `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cw`;
}

const ROOM = 'AbCdEfGhIjKlMnOpQrSt_-';
const NOW = Date.UTC(2030, 0, 1);
const EXP = NOW / 1000 + 3600;
const editToken = fakeToken({ v: 1, room: ROOM, role: 'edit', exp: EXP });

describe('live links', () => {
  it('round-trips through format and parse', () => {
    const link = formatLiveLink('http://app.localhost:5173/p/abcd', ROOM, editToken);
    expect(link).toBe(`http://app.localhost:5173/live/${ROOM}#t=${editToken}`);
    expect(parseLiveLink(link, { now: NOW, appOrigin: 'http://app.localhost:5173' })).toEqual({
      room: ROOM,
      role: 'edit',
      expiresAt: EXP * 1000,
      token: editToken,
    });
  });

  it('reads the claims of a read token', () => {
    const token = fakeToken({ v: 1, room: ROOM, role: 'read', exp: EXP });
    expect(tokenClaims(token)).toEqual({ room: ROOM, role: 'read', expiresAt: EXP * 1000 });
  });

  it('finds the room in a path and the token in a fragment', () => {
    expect(liveRoomOfPath(`/live/${ROOM}`)).toBe(ROOM);
    expect(liveRoomOfPath(`/live/${ROOM}/`)).toBe(ROOM);
    expect(liveRoomOfPath('/live/')).toBeUndefined();
    expect(liveRoomOfPath(`/live/${ROOM}/x`)).toBeUndefined();
    expect(liveRoomOfPath('/p/abcd')).toBeUndefined();
    expect(tokenOfHash(`#t=${editToken}`)).toBe(editToken);
    expect(tokenOfHash('')).toBe('');
    expect(tokenOfHash('#x=1')).toBe('');
  });

  const bad: [string, string, RegExp][] = [
    ['short room', `http://a.test/live/short#t=${editToken}`, /room id is not valid/],
    ['room with a dot', `http://a.test/live/${ROOM.slice(0, -1)}.#t=${editToken}`, /room id is not valid/],
    ['no token', `http://a.test/live/${ROOM}`, /no access token/],
    ['empty token', `http://a.test/live/${ROOM}#t=`, /no access token/],
    ['token without signature', `http://a.test/live/${ROOM}#t=abc`, /token is not valid/],
    ['token with bad characters', `http://a.test/live/${ROOM}#t=a+b.c/d`, /token is not valid/],
    ['token that is not JSON', `http://a.test/live/${ROOM}#t=bm90IGpzb24.c2ln`, /token is not valid/],
    [
      'token of another room',
      `http://a.test/live/${ROOM}#t=${fakeToken({ v: 1, room: 'x'.repeat(22), role: 'edit', exp: EXP })}`,
      /another room/,
    ],
    [
      'unknown role',
      `http://a.test/live/${ROOM}#t=${fakeToken({ v: 1, room: ROOM, role: 'admin', exp: EXP })}`,
      /token is not valid/,
    ],
    [
      'unknown version',
      `http://a.test/live/${ROOM}#t=${fakeToken({ v: 2, room: ROOM, role: 'edit', exp: EXP })}`,
      /token is not valid/,
    ],
    [
      'expired',
      `http://a.test/live/${ROOM}#t=${fakeToken({ v: 1, room: ROOM, role: 'edit', exp: NOW / 1000 - 1 })}`,
      /expired/,
    ],
    ['not a link', 'hello', /not a link/],
    ['not a web link', `javascript:alert(1)`, /not a web link/],
    ['not a live path', `http://a.test/p/abcd#t=${editToken}`, /not a live link/],
  ];
  for (const [name, link, message] of bad)
    it(`refuses a link with ${name}`, () => {
      expect(() => parseLiveLink(link, { now: NOW })).toThrow(LiveLinkError);
      expect(() => parseLiveLink(link, { now: NOW })).toThrow(message);
    });

  it('refuses a link to another site when the app origin is given', () => {
    expect(() =>
      parseLiveLink(`http://evil.test/live/${ROOM}#t=${editToken}`, { now: NOW, appOrigin: 'http://app.localhost' }),
    ).toThrow(/another site/);
  });

  it('refuses an over-long token', () => {
    expect(() => validateLiveLink(ROOM, 'a'.repeat(5000) + '.b', NOW)).toThrow(/token is not valid/);
  });

  it('will not format a link from bad parts', () => {
    expect(() => formatLiveLink('http://a.test', 'bad room', editToken)).toThrow(LiveLinkError);
    expect(() => formatLiveLink('http://a.test', ROOM, 'no-dot')).toThrow(LiveLinkError);
  });
});

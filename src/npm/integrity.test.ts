import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkIntegrity, parseIntegrity, sha512Integrity, shasumToIntegrity, verifyIntegrity } from './integrity';

const bytes = new TextEncoder().encode('the bytes of a tarball');
const other = new TextEncoder().encode('some other bytes');
const sri = (algorithm: string, data: Uint8Array) =>
  `${algorithm}-${createHash(algorithm).update(data).digest('base64')}`;

describe('integrity', () => {
  it('computes sha512 SRI strings as npm writes them', async () => {
    expect(await sha512Integrity(bytes)).toBe(sri('sha512', bytes));
  });

  it('accepts the right bytes and refuses others', async () => {
    expect(await verifyIntegrity(bytes, sri('sha512', bytes))).toBe(true);
    expect(await verifyIntegrity(other, sri('sha512', bytes))).toBe(false);
  });

  it('accepts sha1 for old packages', async () => {
    expect(await verifyIntegrity(bytes, sri('sha1', bytes))).toBe(true);
    expect(await verifyIntegrity(other, sri('sha1', bytes))).toBe(false);
  });

  it('lets the strongest algorithm decide when several are given', async () => {
    expect(await verifyIntegrity(bytes, `${sri('sha1', other)} ${sri('sha512', bytes)}`)).toBe(true);
    // A matching weak hash does not rescue a wrong strong one.
    expect(await verifyIntegrity(bytes, `${sri('sha512', other)} ${sri('sha1', bytes)}`)).toBe(false);
    // Any digest of the strongest algorithm may match.
    expect(await verifyIntegrity(bytes, `${sri('sha512', other)}\n${sri('sha512', bytes)}`)).toBe(true);
  });

  it('ignores SRI options and surrounding whitespace', async () => {
    expect(await verifyIntegrity(bytes, `  ${sri('sha512', bytes)}?foo=bar  `)).toBe(true);
  });

  it('never matches a string without a known hash', async () => {
    expect(await verifyIntegrity(bytes, '')).toBe(false);
    expect(await verifyIntegrity(bytes, `md5-${createHash('md5').update(bytes).digest('base64')}`)).toBe(false);
    expect(parseIntegrity('md5-abc sha512-!!')).toEqual([]);
  });

  it('names the expected and the actual hash of the same algorithm', async () => {
    const check = await checkIntegrity(other, `${sri('sha1', bytes)} ${sri('sha512', bytes)}`);
    expect(check).toEqual({ ok: false, expected: sri('sha512', bytes), actual: sri('sha512', other) });
    const old = await checkIntegrity(other, sri('sha1', bytes));
    expect(old.actual).toBe(sri('sha1', other));
  });

  it('turns a hex shasum into a sha1 SRI string', async () => {
    const hex = createHash('sha1').update(bytes).digest('hex');
    expect(shasumToIntegrity(hex)).toBe(sri('sha1', bytes));
    expect(await verifyIntegrity(bytes, shasumToIntegrity(hex) ?? '')).toBe(true);
    expect(shasumToIntegrity('abc')).toBeUndefined();
  });
});

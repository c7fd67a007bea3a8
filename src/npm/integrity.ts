/**
 * Subresource-integrity strings as npm writes them (`sha512-<base64>`, several hashes separated
 * by spaces; old packages only have `sha1-`), checked with `crypto.subtle` so it runs in a
 * worker and in Node alike.
 */

const ALGORITHMS = { sha512: 'SHA-512', sha384: 'SHA-384', sha256: 'SHA-256', sha1: 'SHA-1' } as const;
type Algorithm = keyof typeof ALGORITHMS;
/** Strongest first: SRI checks only the strongest algorithm a string names. */
const STRENGTH: Algorithm[] = ['sha512', 'sha384', 'sha256', 'sha1'];

export interface IntegrityHash {
  algorithm: Algorithm;
  /** Base64 digest. */
  digest: string;
}

/** The hashes of an SRI string whose algorithm we know; unknown ones and `?options` are dropped. */
export function parseIntegrity(sri: string): IntegrityHash[] {
  const hashes: IntegrityHash[] = [];
  for (const token of sri.trim().split(/\s+/)) {
    const match = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(token);
    if (match) hashes.push({ algorithm: match[1] as Algorithm, digest: match[2] });
  }
  return hashes;
}

export interface IntegrityCheck {
  ok: boolean;
  /** The hash(es) that were expected, for messages (`sha512-...`). */
  expected: string;
  /** The same algorithm's hash of the bytes, for messages. */
  actual: string;
}

/**
 * Checks bytes against an SRI string: the strongest algorithm named decides, and any of its
 * digests may match (as in the SRI spec). A string with no known hash never matches.
 */
export async function checkIntegrity(bytes: Uint8Array, sri: string): Promise<IntegrityCheck> {
  const hashes = parseIntegrity(sri);
  const algorithm = STRENGTH.find((a) => hashes.some((h) => h.algorithm === a));
  if (!algorithm) return { ok: false, expected: sri.trim() || '(empty)', actual: await sha512Integrity(bytes) };
  const wanted = hashes.filter((h) => h.algorithm === algorithm);
  const actual = `${algorithm}-${await digestBase64(algorithm, bytes)}`;
  return {
    ok: wanted.some((h) => `${algorithm}-${h.digest}` === actual),
    expected: wanted.map((h) => `${algorithm}-${h.digest}`).join(' '),
    actual,
  };
}

export async function verifyIntegrity(bytes: Uint8Array, sri: string): Promise<boolean> {
  return (await checkIntegrity(bytes, sri)).ok;
}

export async function sha512Integrity(bytes: Uint8Array): Promise<string> {
  return `sha512-${await digestBase64('sha512', bytes)}`;
}

/** A packument's or old lockfile's hex `shasum` as an SRI string (`sha1-<base64>`). */
export function shasumToIntegrity(hex: string): string | undefined {
  if (!/^[0-9a-f]{40}$/i.test(hex)) return undefined;
  const bytes = new Uint8Array(20);
  for (let i = 0; i < 20; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return `sha1-${toBase64(bytes)}`;
}

async function digestBase64(algorithm: Algorithm, bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest(ALGORITHMS[algorithm], bytes as Uint8Array<ArrayBuffer>);
  return toBase64(new Uint8Array(digest));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// The HMAC key for room tokens when none is configured: generated once and
// kept beside the SQLite file, so a restarted server still accepts the tokens
// it issued before.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the generated key lives for a given SQLite file. */
export function secretFileFor(dataFile: string): string {
  return `${dataFile}.secret`;
}

/**
 * The configured secret, or the one kept beside `dataFile` (created with mode 0600 if missing).
 * An in-memory database gets a fresh key: its rooms do not outlive the process either.
 */
export function resolveSecret(configured: string | undefined, dataFile: string): string {
  if (configured) return configured;
  if (dataFile === ':memory:') return randomBytes(32).toString('base64url');
  const file = secretFileFor(dataFile);
  mkdirSync(dirname(file), { recursive: true });
  // Written aside, then linked into place: if two instances start at once, one key wins whole
  // and the other instance reads it (a link never replaces an existing file).
  if (!existsSync(file)) {
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(draft, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(draft, { force: true });
    }
  }
  // A key readable by others lets them mint tokens for every room.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new Error(`The token key in ${file} is shorter than 32 characters; delete it to generate a new one.`);
  }
  return secret;
}

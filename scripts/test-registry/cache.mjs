// @ts-check
// The test registry's disk cache, reused between runs so that, once warm,
// tests never need the network:
//   packuments/<name>.json.gz   upstream packuments, as received (gzip'd: typescript's is ~10 MB)
//   tarballs/<name>@<ver>.tgz   the registry's exact bytes (`@scope/x` is stored as `@scope+x`)
//   warm/<hash>.json            what a complete warm-up produced (warm.mjs)
// Writes are atomic (temp file + rename) because the Playwright web server,
// vitest and warm.mjs may share one cache.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile, readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** `<repo>/.cache/registry`, found from this file so it works from any working directory. */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../.cache/registry/', import.meta.url));

/**
 * A file-name-safe key for a package name. npm names never contain `+`, so
 * `@types/react` -> `@types+react` cannot collide with another name.
 * @param {string} name
 */
export function nameKey(name) {
  return name.replace('/', '+');
}

/** @param {string} cacheDir @param {string} name */
export function packumentPath(cacheDir, name) {
  return join(cacheDir, 'packuments', `${nameKey(name)}.json.gz`);
}

/** @param {string} cacheDir @param {string} name @param {string} version */
export function tarballPath(cacheDir, name, version) {
  return join(cacheDir, 'tarballs', `${nameKey(name)}@${version}.tgz`);
}

/**
 * Write a file so that readers never see it half written.
 * @param {string} file
 * @param {Uint8Array | string} data
 */
export async function writeAtomic(file, data) {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * @param {string} file
 * @returns {Promise<Buffer | undefined>} undefined when the file does not exist
 */
export async function readIfExists(file) {
  try {
    return await readFile(file);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * @param {string} cacheDir
 * @param {string} name
 * @returns {Promise<Record<string, any> | undefined>} the cached upstream packument
 */
export async function readCachedPackument(cacheDir, name) {
  const gz = await readIfExists(packumentPath(cacheDir, name));
  return gz && JSON.parse(gunzipSync(gz).toString('utf8'));
}

/** @param {string} cacheDir @param {string} name @param {Uint8Array} json the upstream body */
export async function writeCachedPackument(cacheDir, name, json) {
  await writeAtomic(packumentPath(cacheDir, name), gzipSync(json));
}

/**
 * Does `bytes` match an SRI string (`sha512-...`, several allowed) or, for
 * very old versions without one, the hex sha1 `shasum`?
 * @param {Uint8Array} bytes
 * @param {{ integrity?: string, shasum?: string }} dist
 */
export function matchesDist(bytes, dist) {
  if (dist.integrity) {
    const wanted = dist.integrity.trim().split(/\s+/);
    // Check the strongest algorithm offered, as ssri does.
    const order = ['sha512', 'sha384', 'sha256', 'sha1'];
    const best = order.find((algo) => wanted.some((w) => w.startsWith(`${algo}-`)));
    if (best) {
      const got = `${best}-${createHash(best).update(bytes).digest('base64')}`;
      return wanted.some((w) => w.split('?')[0] === got);
    }
  }
  if (dist.shasum) return createHash('sha1').update(bytes).digest('hex') === dist.shasum;
  return false;
}

/**
 * Total bytes and file count under a directory (for the warm-up report).
 * @param {string} dir
 * @returns {Promise<{ bytes: number, files: number }>}
 */
export async function diskUsage(dir) {
  let bytes = 0;
  let files = 0;
  /** @type {import('node:fs').Dirent[]} */
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return { bytes, files };
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = await diskUsage(path);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += (await stat(path)).size;
      files += 1;
    }
  }
  return { bytes, files };
}

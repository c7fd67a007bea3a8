// @ts-check
// Where the test registry's content comes from: the disk cache first, then
// (unless offline) upstream, caching what it fetched. Concurrent requests for
// one item share one fetch; upstream 404s are remembered for the process.
import {
  readCachedPackument,
  readIfExists,
  tarballPath,
  writeAtomic,
  writeCachedPackument,
  matchesDist,
} from './cache.mjs';
import { fetchUpstreamPackument, fetchUpstreamTarball, upstreamRegistry } from './upstream.mjs';

/**
 * @typedef {object} RegistryStore
 * @property {(name: string) => Promise<Record<string, any> | undefined>} packument
 *   The upstream packument, or undefined when the package does not exist (or, offline, is not cached).
 * @property {(name: string, version: string) => Promise<Buffer | undefined>} tarball
 *   The tarball's bytes, verified against `dist.integrity` when fetched, or undefined when unknown.
 */

/**
 * @param {object} options
 * @param {string} options.cacheDir
 * @param {boolean} [options.offline] never fetch; what is not cached does not exist
 * @param {() => Promise<string>} [options.upstream] the upstream registry URL (default: npm's configuration)
 * @param {(line: string) => void} [options.log]
 * @returns {RegistryStore}
 */
export function createRegistryStore({ cacheDir, offline = false, upstream = upstreamRegistry, log = () => {} }) {
  /** @type {Map<string, Promise<Record<string, any> | undefined>>} in flight, or known missing */
  const packuments = new Map();
  /** @type {Map<string, Promise<Buffer | undefined>>} */
  const tarballs = new Map();

  /** @param {string} name */
  async function loadPackument(name) {
    const cached = await readCachedPackument(cacheDir, name);
    if (cached || offline) return cached;
    const body = await fetchUpstreamPackument(await upstream(), name);
    if (!body) return undefined;
    const parsed = JSON.parse(body.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || !parsed.versions)
      throw new Error(`upstream packument ${name}: no versions`);
    await writeCachedPackument(cacheDir, name, body);
    log(`cached packument ${name}`);
    return parsed;
  }

  /** @param {string} name */
  function packument(name) {
    let pending = packuments.get(name);
    if (!pending) {
      pending = loadPackument(name);
      packuments.set(name, pending);
      // Keep only upstream's negative answers: positives are re-read from
      // disk, so big packuments (typescript's is ~10 MB) do not pile up in
      // memory, and offline misses are retried in case warm.mjs filled them.
      pending.then(
        (p) => (p || offline) && packuments.delete(name),
        () => packuments.delete(name),
      );
    }
    return pending;
  }

  /** @param {string} name @param {string} version */
  async function loadTarball(name, version) {
    const file = tarballPath(cacheDir, name, version);
    const cached = await readIfExists(file);
    if (cached || offline) return cached;
    const doc = await packument(name);
    const dist = doc?.versions?.[version]?.dist;
    if (!dist?.tarball) return undefined;
    const bytes = await fetchUpstreamTarball(dist.tarball);
    if (!matchesDist(bytes, dist)) throw new Error(`upstream tarball ${name}@${version} does not match dist.integrity`);
    await writeAtomic(file, bytes);
    log(`cached tarball ${name}@${version}`);
    return bytes;
  }

  /** @param {string} name @param {string} version */
  function tarball(name, version) {
    const key = `${name}@${version}`;
    let pending = tarballs.get(key);
    if (!pending) {
      pending = loadTarball(name, version);
      tarballs.set(key, pending);
      pending.then(
        (t) => t && tarballs.delete(key),
        () => tarballs.delete(key),
      );
    }
    return pending;
  }

  return { packument, tarball };
}

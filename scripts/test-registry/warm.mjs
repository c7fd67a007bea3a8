#!/usr/bin/env node
// @ts-check
// Test setup: fill the test registry's cache with what the e2e tests need
// (fixtures.mjs and the templates), so test runs are fast and work offline.
// Idempotent: what is cached already is skipped.
//
//   node scripts/test-registry/warm.mjs [--cache-dir .cache/registry] [--verbose]
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import {
  DEFAULT_CACHE_DIR,
  diskUsage,
  matchesDist,
  packumentPath,
  readIfExists,
  tarballPath,
  writeAtomic,
} from './cache.mjs';
import { METADATA_CLOSURES, TARBALLS, TEMPLATES_DIR } from './fixtures.mjs';
import { pickVersion, registryDependencies, splitSpec } from './packument.mjs';
import { createRegistryStore } from './store.mjs';
import { npmPack } from './upstream.mjs';

/** @typedef {import('./store.mjs').RegistryStore} RegistryStore */
/** @typedef {import('./packument.mjs').DependencyEdge} DependencyEdge */

/**
 * A complete warm-up's record, named by a hash of its inputs, so that an
 * unchanged one is a no-op (and the unit tests' smaller warm-up keeps its own).
 * @param {string} cacheDir
 * @param {string} inputs
 */
const stampPath = (cacheDir, inputs) => join(cacheDir, 'warm', `${inputs.slice(0, 16)}.json`);

/**
 * Run `task` over `items`, at most `limit` at a time.
 * @template T
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<void>} task
 */
async function eachLimited(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * @typedef {{ name: string, version: string, dist: Record<string, any> }} Resolved
 */

/**
 * `name@range` -> the exact version npm would pick, reading (and caching) its packument.
 * @param {RegistryStore} store
 * @param {string} name
 * @param {string} range
 * @returns {Promise<Resolved>}
 */
async function resolveSpec(store, name, range) {
  const doc = await store.packument(name);
  if (!doc) throw new Error(`${name} does not exist upstream`);
  const version = pickVersion(doc, range);
  if (!version) throw new Error(`no version of ${name} matches ${range}`);
  return { name, version, dist: doc.versions[version].dist };
}

/**
 * Walk the dependency closure of `roots` at the versions npm would pick
 * (dependencies, required peers, optional dependencies when `optional`),
 * caching every packument on the way, as a resolver reading them will. An
 * optional dependency that is missing upstream is skipped, as npm skips it.
 * Optional peers are left out: npm never installs them (it asks for their
 * packuments, but an offline 404 there leaves its lockfile unchanged).
 * @param {RegistryStore} store
 * @param {DependencyEdge[]} roots
 * @param {{ optional: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ names: Set<string>, versions: Map<string, Resolved> }>} versions keyed `name@version`
 */
export async function walkClosure(store, roots, { optional, log = () => {} }) {
  /** @type {Set<string>} */
  const names = new Set();
  /** @type {Map<string, Resolved>} */
  const versions = new Map();
  let frontier = roots;
  while (frontier.length) {
    /** @type {DependencyEdge[]} */
    const next = [];
    await eachLimited(frontier, 8, async (edge) => {
      const doc = await store.packument(edge.name);
      const version = doc && pickVersion(doc, edge.range);
      if (!doc || !version) {
        const why = doc ? `no version matches ${edge.range}` : 'it does not exist upstream';
        if (!edge.optional) throw new Error(`cannot resolve ${edge.name}@${edge.range}: ${why}`);
        log(`  skipped optional ${edge.name}@${edge.range}: ${why}`);
        return;
      }
      names.add(edge.name);
      if (versions.has(`${edge.name}@${version}`)) return;
      versions.set(`${edge.name}@${version}`, { name: edge.name, version, dist: doc.versions[version].dist });
      // Below an optional dependency everything is optional: npm drops the whole subtree on failure.
      for (const dep of registryDependencies(doc.versions[version], { optional })) {
        next.push(edge.optional ? { ...dep, optional: true } : dep);
      }
    });
    frontier = next;
  }
  return { names, versions };
}

/**
 * What Cove fetches for a project made from a template: tarballs for the
 * `dependencies` closure and `@types/*` dev dependencies, and packuments for
 * the whole tree (build tooling is locked from metadata, not downloaded).
 * Following the template's own ranges keeps the warm cache in step with them.
 * @param {Record<string, any>} manifest the template's package.json
 * @returns {{ tarballRoots: DependencyEdge[], metadataRoots: DependencyEdge[] }}
 */
function templateRoots(manifest) {
  const deps = registryDependencies({ dependencies: manifest.dependencies });
  const devDeps = registryDependencies({ dependencies: manifest.devDependencies });
  return {
    tarballRoots: [...deps, ...devDeps.filter((d) => d.name.startsWith('@types/'))],
    metadataRoots: [...deps, ...devDeps],
  };
}

/**
 * The exact versions Cove downloads for a template that ships a lockfile: the closure of its
 * `dependencies` and `@types/*` dev dependencies, by Node's lookup in the locked tree (packages
 * restricted by os/cpu never run in a browser). Mirrors src/npm/download-plan.ts, in plain JS.
 * @param {{ packages: Record<string, any> }} lock
 * @returns {{ name: string, version: string }[]}
 */
function lockedDownloads(lock) {
  const packages = lock.packages;
  const root = packages[''] ?? {};
  /** @param {string} from @param {string} name */
  const lookup = (from, name) => {
    for (let base = from; ;) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[path]) return path;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  /** @type {Set<string>} */
  const seen = new Set();
  /** @param {string} from @param {string} name */
  const visit = (from, name) => {
    const path = lookup(from, name);
    if (!path || seen.has(path)) return;
    const entry = packages[path];
    if (entry.os?.length || entry.cpu?.length) return;
    seen.add(path);
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const dep of [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers[peer]?.optional),
    ])
      visit(path, dep);
  };
  for (const name of Object.keys(root.dependencies ?? {})) visit('', name);
  for (const name of Object.keys(root.devDependencies ?? {})) if (name.startsWith('@types/')) visit('', name);
  return [...seen].map((path) => ({
    name: packages[path].name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
    version: packages[path].version,
  }));
}

/**
 * The text of every `<templatesDir>/<name>/<fileName>` that exists, sorted by template name.
 * @param {string | null} templatesDir
 * @param {string} fileName
 * @returns {Promise<string[]>}
 */
async function templateFiles(templatesDir, fileName) {
  if (!templatesDir) return [];
  const entries = await readdir(templatesDir, { withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((e) => e.isDirectory() && existsSync(join(templatesDir, e.name, fileName)))
    .map((e) => join(templatesDir, e.name, fileName))
    .sort();
  return Promise.all(files.map((f) => readFile(f, 'utf8')));
}

/**
 * @typedef {object} WarmStamp what the last complete warm-up produced, from which inputs
 * @property {string} inputs
 * @property {string[]} tarballs `name@version`
 * @property {string[]} packuments
 */

/**
 * Is the cache still warm for these inputs? Packuments in the cache never
 * change, so the same inputs resolve to the same files; skipping the walk
 * saves re-reading ~60 packuments on every test run.
 * @param {string} cacheDir
 * @param {string} inputs
 */
async function stillWarm(cacheDir, inputs) {
  try {
    const raw = await readIfExists(stampPath(cacheDir, inputs));
    /** @type {WarmStamp | undefined} */
    const stamp = raw && JSON.parse(raw.toString('utf8'));
    if (stamp?.inputs !== inputs) return undefined;
    const complete =
      stamp.tarballs.map(splitSpec).every(({ name, range }) => existsSync(tarballPath(cacheDir, name, range))) &&
      stamp.packuments.every((name) => existsSync(packumentPath(cacheDir, name)));
    return complete ? stamp : undefined;
  } catch {
    return undefined; // an unreadable stamp only means warming again
  }
}

/**
 * Fill the cache. Returns what it did, for the report.
 * @param {object} [options]
 * @param {string} [options.cacheDir]
 * @param {string[]} [options.tarballs] exact specs whose tarballs to cache
 * @param {string[]} [options.closures] specs whose dependency closure's packuments to cache
 * @param {string | null} [options.templatesDir] every `<dir>/package.json` below it is warmed as Cove installs it; null: none
 * @param {(line: string) => void} [options.log]
 */
export async function warmTestRegistry({
  cacheDir = DEFAULT_CACHE_DIR,
  tarballs = TARBALLS,
  closures = METADATA_CLOSURES,
  templatesDir = TEMPLATES_DIR,
  log = () => {},
} = {}) {
  cacheDir = resolve(cacheDir);
  const manifests = await templateFiles(templatesDir, 'package.json');
  const lockfiles = await templateFiles(templatesDir, 'package-lock.json');
  const inputs = createHash('sha256')
    .update(JSON.stringify({ format: 3, tarballs, closures, manifests, lockfiles }))
    .digest('hex');
  const stamp = await stillWarm(cacheDir, inputs);
  if (stamp) {
    const usage = await diskUsage(cacheDir);
    return { tarballs: stamp.tarballs.length, packed: 0, mismatches: 0, packuments: stamp.packuments.length, usage };
  }
  const store = createRegistryStore({ cacheDir, log: (line) => log(`  ${line}`) });

  /** @type {Map<string, Resolved>} tarballs to cache, keyed `name@version` */
  const wanted = new Map();
  await eachLimited(tarballs, 8, async (spec) => {
    const { name, range } = splitSpec(spec);
    const resolved = await resolveSpec(store, name, range);
    wanted.set(`${resolved.name}@${resolved.version}`, resolved);
  });
  // Templates with a lockfile install exactly its versions (no resolving): cache those.
  for (const text of lockfiles) {
    await eachLimited(lockedDownloads(JSON.parse(text)), 8, async ({ name, version }) => {
      const resolved = await resolveSpec(store, name, version);
      wanted.set(`${resolved.name}@${resolved.version}`, resolved);
    });
  }
  const closureRoots = closures.map(splitSpec);
  for (const text of manifests) {
    const roots = templateRoots(JSON.parse(text));
    const { versions } = await walkClosure(store, roots.tarballRoots, { optional: false, log });
    for (const [key, resolved] of versions) wanted.set(key, resolved);
    closureRoots.push(...roots.metadataRoots);
  }
  const packuments = (await walkClosure(store, closureRoots, { optional: true, log })).names;
  for (const { name } of wanted.values()) packuments.add(name);

  // One npm process packs every missing tarball; then each is checked
  // against the registry's dist.integrity before it joins the cache.
  const missing = [...wanted.values()].filter(({ name, version }) => !existsSync(tarballPath(cacheDir, name, version)));
  const destination = join(cacheDir, 'tarballs');
  await mkdir(destination, { recursive: true });
  const packed = await npmPack(
    missing.map(({ name, version }) => `${name}@${version}`),
    destination,
  );
  let mismatches = 0;
  for (const result of packed) {
    const file = join(destination, result.filename);
    const entry = missing.find((m) => m.name === result.name && m.version === result.version);
    const bytes = await readFile(file);
    if (entry && matchesDist(bytes, entry.dist)) {
      await rename(file, tarballPath(cacheDir, result.name, result.version));
      log(`  packed ${result.name}@${result.version}`);
      continue;
    }
    // npm pack of a registry spec should write the registry's bytes unchanged; say so if not.
    await rm(file, { force: true });
    if (!entry) throw new Error(`npm pack produced ${result.id}, which was not asked for`);
    mismatches++;
    console.warn(
      `  WARNING: npm pack's ${result.name}@${result.version} differs from dist.integrity; fetching it directly`,
    );
    await store.tarball(result.name, result.version);
  }
  for (const { name, version } of missing) {
    if (!existsSync(tarballPath(cacheDir, name, version))) {
      throw new Error(`npm pack did not produce ${name}@${version}`);
    }
  }
  /** @type {WarmStamp} */
  const done = {
    inputs,
    tarballs: [...wanted.keys()].sort(),
    packuments: [...packuments].sort(),
  };
  await writeAtomic(stampPath(cacheDir, inputs), JSON.stringify(done, null, 2));
  const usage = await diskUsage(cacheDir);
  return { tarballs: wanted.size, packed: packed.length, mismatches, packuments: packuments.size, usage };
}

async function main() {
  const { values } = parseArgs({
    options: { 'cache-dir': { type: 'string' }, verbose: { type: 'boolean', default: false } },
  });
  const started = Date.now();
  const cacheDir = values['cache-dir'] ?? DEFAULT_CACHE_DIR;
  const r = await warmTestRegistry({ cacheDir, log: values.verbose ? console.log : undefined });
  const mb = (r.usage.bytes / 1e6).toFixed(1);
  console.log(
    `test registry warm: ${r.tarballs} tarballs (${r.packed} packed now, ${r.mismatches} integrity mismatches), ` +
      `${r.packuments} packuments; ` +
      `cache ${r.usage.files} files, ${mb} MB; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error?.stack ?? error);
    process.exit(1);
  });
}

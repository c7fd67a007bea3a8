// @ts-check
// Packument shaping: the abbreviated ("corgi") form npm installs read, tarball
// URLs rewritten to the test registry, and version picking as npm does it.
import semver from 'semver';

/** Per-version fields of the abbreviated form (npm registry docs, plus what today's registry adds). */
const ABBREVIATED_VERSION_FIELDS = [
  'name',
  'version',
  'deprecated',
  'dependencies',
  'optionalDependencies',
  'devDependencies',
  'bundleDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'acceptDependencies',
  'bin',
  'directories',
  'dist',
  'engines',
  'funding',
  'license',
  'cpu',
  'os',
  'libc',
  '_hasShrinkwrap',
  'hasInstallScript',
];

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/** @typedef {Record<string, any>} Json */

/**
 * `react` -> `react`, `@types/react` -> `react`: the stem of tarball file names.
 * @param {string} name
 */
export function unscopedName(name) {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The version a tarball file name stands for: `react-18.3.1.tgz` -> `18.3.1`.
 * @param {string} name
 * @param {string} file
 * @returns {string | undefined}
 */
export function versionOfTarball(name, file) {
  const stem = `${unscopedName(name)}-`;
  if (!file.startsWith(stem) || !file.endsWith('.tgz')) return undefined;
  return semver.valid(file.slice(stem.length, -'.tgz'.length)) ?? undefined;
}

/**
 * Where this server serves a tarball, in the public registry's URL shape.
 * @param {string} base the server URL, ending with `/`
 * @param {string} name
 * @param {string} version
 */
export function tarballUrl(base, name, version) {
  return `${base}${name}/-/${unscopedName(name)}-${version}.tgz`;
}

/**
 * One version in abbreviated form. Upstream may send the full form, so
 * `hasInstallScript` is derived from `scripts` when upstream did not set it.
 * @param {Json} manifest
 * @returns {Json}
 */
function abbreviateVersion(manifest) {
  /** @type {Json} */
  const out = {};
  for (const key of ABBREVIATED_VERSION_FIELDS) if (manifest[key] !== undefined) out[key] = manifest[key];
  if (out.hasInstallScript === undefined && manifest.scripts) {
    if (INSTALL_SCRIPTS.some((s) => typeof manifest.scripts[s] === 'string')) out.hasInstallScript = true;
  }
  return out;
}

/**
 * The packument as this server sends it: every version, `dist.tarball`
 * pointing at `base`, abbreviated or full.
 * @param {Json} upstream the upstream packument (full or abbreviated)
 * @param {string} base
 * @param {boolean} abbreviated
 * @returns {Json}
 */
export function renderPackument(upstream, base, abbreviated) {
  /** @type {Json} */
  const versions = {};
  for (const [version, manifest] of Object.entries(upstream.versions ?? {})) {
    const shaped = abbreviated ? abbreviateVersion(manifest) : { ...manifest };
    shaped.dist = { ...manifest.dist, tarball: tarballUrl(base, upstream.name, version) };
    versions[version] = shaped;
  }
  if (!abbreviated) return { ...upstream, versions };
  /** @type {Json} */
  const out = { name: upstream.name, 'dist-tags': upstream['dist-tags'] ?? {}, versions };
  const modified = upstream.modified ?? upstream.time?.modified;
  if (modified) out.modified = modified;
  return out;
}

/**
 * The version npm would pick for a range or tag: the `latest` tag when it
 * satisfies the range, else the highest satisfying version.
 * @param {Json} packument
 * @param {string} spec a range, exact version or dist-tag
 * @returns {string | undefined}
 */
export function pickVersion(packument, spec) {
  const tags = packument['dist-tags'] ?? {};
  const versions = Object.keys(packument.versions ?? {});
  if (tags[spec]) return tags[spec];
  const range = spec.trim() === '' ? '*' : spec;
  if (!semver.validRange(range, { loose: true })) return undefined;
  const latest = tags.latest;
  if (latest && packument.versions[latest] && semver.satisfies(latest, range, { loose: true })) return latest;
  return semver.maxSatisfying(versions, range, { loose: true }) ?? undefined;
}

/**
 * `name@range` -> `{ name, range }`, scoped names included; a bare name means `latest`.
 * @param {string} spec
 */
export function splitSpec(spec) {
  const at = spec.indexOf('@', 1);
  return at < 0 ? { name: spec, range: 'latest' } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

/** @typedef {{ name: string, range: string, optional?: boolean }} DependencyEdge */

/**
 * Peers a version marks optional: npm never installs them, but it does read
 * their packuments when it builds a tree.
 * @param {Json} manifest
 * @returns {string[]}
 */
function optionalPeerNames(manifest) {
  return Object.keys(manifest.peerDependencies ?? {}).filter((n) => manifest.peerDependenciesMeta?.[n]?.optional);
}

/**
 * One dependency as a registry edge: `npm:` aliases point at their target;
 * git, file and URL specs give undefined (nothing to serve for them).
 * @param {string} name
 * @param {string} spec
 * @returns {DependencyEdge | undefined}
 */
function registryEdge(name, spec) {
  if (spec.startsWith('npm:')) return splitSpec(spec.slice(4));
  const isRangeOrTag = spec === '' || semver.validRange(spec, { loose: true }) || /^[a-z][\w.-]*$/i.test(spec);
  return isRangeOrTag ? { name, range: spec } : undefined;
}

/**
 * The registry dependencies npm would install for one version: `dependencies`,
 * required peers and (unless `optional` is false) `optionalDependencies`,
 * marked `optional` because npm skips those when they fail.
 * @param {Json} manifest
 * @param {{ optional?: boolean }} [options]
 * @returns {DependencyEdge[]}
 */
export function registryDependencies(manifest, { optional = true } = {}) {
  const optionalPeers = new Set(optionalPeerNames(manifest));
  /** @type {DependencyEdge[]} */
  const out = [];
  /** @param {[string, unknown][]} entries @param {boolean} isOptional */
  const add = (entries, isOptional) => {
    for (const [name, raw] of entries) {
      const edge = registryEdge(name, String(raw));
      if (edge) out.push(isOptional ? { ...edge, optional: true } : edge);
    }
  };
  add(Object.entries(manifest.dependencies ?? {}), false);
  add(
    Object.entries(manifest.peerDependencies ?? {}).filter(([name]) => !optionalPeers.has(name)),
    false,
  );
  if (optional) add(Object.entries(manifest.optionalDependencies ?? {}), true);
  return out;
}

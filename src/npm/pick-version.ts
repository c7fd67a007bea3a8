/**
 * Which version of a package a spec selects, as npm-pick-manifest does: a dist-tag names its
 * version; an exact version only itself; a range prefers the `latest` tag when it satisfies
 * (and is neither deprecated nor excluded by engines), else the highest satisfying version,
 * preferring ones that are not deprecated and whose engines accept the runtime.
 */
import semver from 'semver';
import type { Packument, VersionManifest } from '../shared/npm';
import type { RegistrySpec } from './spec';

/** The runtime whose `engines` constraints count; without one, engines are not checked. */
export interface EngineVersions {
  node?: string;
  npm?: string;
}

export function pickVersion(
  packument: Packument,
  spec: RegistrySpec,
  engine: EngineVersions = {},
): VersionManifest | undefined {
  const versions = packument.versions ?? {};
  const distTags = packument['dist-tags'] ?? {};
  if (spec.type === 'tag') {
    const version = distTags[spec.fetchSpec];
    return version ? versions[version] : undefined;
  }
  if (spec.type === 'version') return versions[spec.fetchSpec];

  const range = spec.fetchSpec;
  const latest = distTags.latest;
  const latestManifest = latest ? versions[latest] : undefined;
  if (
    latest &&
    latestManifest &&
    (range === '*' || semver.satisfies(latest, range, { loose: true })) &&
    engineOk(latestManifest, engine) &&
    !latestManifest.deprecated
  ) {
    return latestManifest;
  }
  let best: VersionManifest | undefined;
  let bestRank = -1;
  for (const [version, manifest] of Object.entries(versions)) {
    if (!manifest || !semver.satisfies(version, range, { loose: true })) continue;
    const notDeprecated = !manifest.deprecated;
    const engineGood = engineOk(manifest, engine);
    // Same order of preference as npm-pick-manifest's sort, then the highest version.
    const rank = (notDeprecated && engineGood ? 4 : 0) + (engineGood ? 2 : 0) + (notDeprecated ? 1 : 0);
    if (rank > bestRank || (rank === bestRank && best && semver.gt(version, best.version, true))) {
      best = manifest;
      bestRank = rank;
    }
  }
  return best;
}

function engineOk(manifest: VersionManifest, engine: EngineVersions): boolean {
  const engines = manifest.engines;
  if (!engines || typeof engines !== 'object') return true;
  const opts = { includePrerelease: true };
  try {
    if (engine.node && engines.node && !semver.satisfies(engine.node, engines.node, opts)) return false;
    if (engine.npm && engines.npm && !semver.satisfies(engine.npm, engines.npm, opts)) return false;
  } catch {
    return true;
  }
  return true;
}

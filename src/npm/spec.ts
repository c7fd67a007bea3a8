/**
 * Dependency specs as npm reads them (npm-package-arg's rules, registry kinds only): a version,
 * a semver range, a dist-tag, or an `npm:` alias of one of those. Everything else (git, URLs,
 * local paths, `link:`, `workspace:`) needs a file system or a git client, so Cove refuses it
 * with a reason.
 */
import semver from 'semver';
import { NpmError } from '../shared/npm';

export type RegistrySpecType = 'version' | 'range' | 'tag';

/** A spec the registry can answer: which package, and which of its versions. */
export interface RegistrySpec {
  /** The real package name (the alias target for `npm:` specs). */
  name: string;
  type: RegistrySpecType;
  /** The cleaned version, the range, or the tag. */
  fetchSpec: string;
  alias: boolean;
}

/** The parts callers outside the resolver need. */
export function parseDependencySpec(alias: string, spec: string): { name: string; range: string } {
  const parsed = parseRegistrySpec(alias, spec);
  return { name: parsed.name, range: parsed.fetchSpec };
}

const cache = new Map<string, RegistrySpec | NpmError>();

/** Parses (and caches) a spec; throws NpmError `unsupported-spec` for what a browser cannot install. */
export function parseRegistrySpec(alias: string, spec: string): RegistrySpec {
  const key = `${alias}\0${spec}`;
  let hit = cache.get(key);
  if (!hit) {
    try {
      hit = parseUncached(alias, spec);
    } catch (error) {
      if (!(error instanceof NpmError)) throw error;
      hit = error;
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, hit);
  }
  if (hit instanceof NpmError) throw hit;
  return hit;
}

/** Like parseRegistrySpec, but undefined instead of throwing. */
export function tryParseRegistrySpec(alias: string, spec: string): RegistrySpec | undefined {
  try {
    return parseRegistrySpec(alias, spec);
  } catch {
    return undefined;
  }
}

function parseUncached(alias: string, rawSpec: string): RegistrySpec {
  const spec = rawSpec.trim();
  const refuse = (why: string) =>
    new NpmError(
      'unsupported-spec',
      `Cove cannot install '${alias}' ("${rawSpec}"): ${why}. Use a version range from the registry instead.`,
      alias,
    );
  const lower = spec.toLowerCase();
  if (lower.startsWith('npm:')) {
    const target = spec.slice(4);
    if (target.toLowerCase().startsWith('npm:')) throw refuse('an npm: alias cannot point at another alias');
    const at = target.indexOf('@', 1);
    const name = at > 0 ? target.slice(0, at) : target;
    const sub = at > 0 ? target.slice(at + 1) : '';
    if (!validName(name)) throw refuse(`'${name}' is not a valid package name for an npm: alias`);
    if (sub.toLowerCase().startsWith('npm:')) throw refuse('an npm: alias cannot point at another alias');
    const inner = registryKind(sub, () => refuse(`'${sub}' is not a version, range or dist-tag`));
    if (!inner) throw refuse('an npm: alias must name a registry package and version');
    return { name, ...inner, alias: true };
  }
  if (lower.startsWith('file:') || /^(?:[.]|~[/]|[/\\]|[a-zA-Z]:)/.test(spec)) {
    throw refuse('it points at a local path, and a browser has no access to your disk');
  }
  if (lower.startsWith('link:') || lower.startsWith('portal:')) {
    throw refuse('it links a local folder, and a browser has no access to your disk');
  }
  if (lower.startsWith('workspace:')) throw refuse('workspaces are not supported');
  if (/^(?:git[+:]|github:|gitlab:|bitbucket:|gist:)/.test(lower) || /^[^@/:\s]+@[^:.]+\.[^:]+:.+$/.test(spec)) {
    throw refuse('git dependencies need a git client, which a browser cannot run');
  }
  if (/^(?:git[+])?[a-z]+:/i.test(spec)) {
    throw refuse('tarball URLs are not supported (integrity cannot be locked)');
  }
  if (/^[^@#\s/]+\/[^@#\s/]+(?:#.*)?$/.test(spec)) {
    throw refuse('it is a GitHub shorthand (a git dependency), and a browser cannot run git');
  }
  if (spec.includes('/') || /[.](?:tgz|tar\.gz|tar)$/i.test(spec)) {
    throw refuse('it points at a local file, and a browser has no access to your disk');
  }
  const kind = registryKind(spec, () => refuse('it is not a version, a semver range or a dist-tag'));
  return { name: alias, ...(kind ?? { type: 'tag', fetchSpec: 'latest' }), alias: false };
}

/** version / range / tag, as npm-package-arg's fromRegistry decides; '' means the latest tag. */
function registryKind(spec: string, invalid: () => NpmError): Omit<RegistrySpec, 'name' | 'alias'> | undefined {
  const s = spec.trim();
  if (s === '') return { type: 'tag', fetchSpec: 'latest' };
  const version = semver.valid(s, true);
  if (version) return { type: 'version', fetchSpec: version };
  if (semver.validRange(s, true) !== null) return { type: 'range', fetchSpec: s };
  if (encodeURIComponent(s) !== s) throw invalid();
  return { type: 'tag', fetchSpec: s };
}

function validName(name: string): boolean {
  return /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) && name.length <= 214;
}

/**
 * Whether a package satisfies a spec, as arborist's dep-valid does: ranges and versions by semver
 * (loose, no prereleases unless named), `*` by anything, tags by anything from the registry.
 */
export function specSatisfiedBy(
  folderName: string,
  spec: string,
  node: { packageName: string; version: string },
): boolean {
  const parsed = tryParseRegistrySpec(folderName, spec);
  if (!parsed) return false;
  if (parsed.alias && parsed.name !== node.packageName) return false;
  if (parsed.type === 'tag') return true;
  if (parsed.type === 'range' && parsed.fetchSpec === '*') return true;
  if (!semver.valid(node.version, true)) return false;
  return semver.satisfies(node.version, parsed.fetchSpec, true);
}

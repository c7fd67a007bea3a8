/**
 * A registry version manifest turned into the lockfile entry npm writes for it: the fields
 * arborist's Shrinkwrap.metaFromNode copies, after the normalisation pacote applies to
 * manifests (bin to object form, optional deps out of `dependencies`, funding as an object).
 */
import type { DependencyMap, LockEntry, VersionManifest } from '../shared/npm';

/** LockEntry plus the fields npm also writes that the shared type does not name. */
export type FullLockEntry = LockEntry & {
  funding?: unknown;
  libc?: string[];
  bundleDependencies?: string[];
  acceptDependencies?: DependencyMap;
  workspaces?: unknown;
  extraneous?: boolean;
};

/** Which install script a manifest declares, if any (npm only runs these three). */
export function installScriptOf(manifest: VersionManifest): string | undefined {
  const scripts = (manifest as { scripts?: Record<string, unknown> }).scripts;
  for (const name of ['preinstall', 'install', 'postinstall']) {
    if (scripts && typeof scripts[name] === 'string') return name;
  }
  return manifest.hasInstallScript ? 'install' : undefined;
}

/** Names whose deps come inside the package's own tarball, so the resolver leaves them alone. */
export function bundledNames(manifest: object): string[] {
  const m = manifest as { bundleDependencies?: unknown; bundledDependencies?: unknown; dependencies?: unknown };
  const bd = m.bundleDependencies ?? m.bundledDependencies;
  if (bd === true) return Object.keys((m.dependencies as object | undefined) ?? {});
  if (Array.isArray(bd)) return bd.filter((x): x is string => typeof x === 'string');
  if (bd && typeof bd === 'object') return Object.keys(bd);
  return [];
}

/**
 * The lock entry for a manifest installed at a folder named `folderName`: `name` only for
 * aliases; no flags (dev/optional/peer are computed from the tree).
 */
export function lockEntryFromManifest(folderName: string, manifest: VersionManifest): FullLockEntry {
  const entry: FullLockEntry = {};
  const raw = manifest as VersionManifest & Record<string, unknown>;
  if (manifest.name !== folderName) entry.name = manifest.name;
  entry.version = manifest.version;
  if (manifest.dist?.tarball) entry.resolved = manifest.dist.tarball;
  if (manifest.dist?.integrity) entry.integrity = manifest.dist.integrity;
  else if (manifest.dist?.shasum) entry.integrity = sha1Integrity(manifest.dist.shasum);
  const optional = nonEmptyMap(manifest.optionalDependencies);
  const deps = nonEmptyMap(manifest.dependencies);
  if (deps && optional) {
    // pacote's "optionalDedupe": an optional dep listed in both maps is only optional.
    for (const name of Object.keys(optional)) delete deps[name];
  }
  if (deps && Object.keys(deps).length) entry.dependencies = deps;
  if (optional) entry.optionalDependencies = optional;
  const peers = nonEmptyMap(manifest.peerDependencies);
  if (peers) entry.peerDependencies = peers;
  if (manifest.peerDependenciesMeta && Object.keys(manifest.peerDependenciesMeta).length) {
    entry.peerDependenciesMeta = manifest.peerDependenciesMeta;
  }
  if (isNonEmpty(raw.acceptDependencies)) entry.acceptDependencies = raw.acceptDependencies as DependencyMap;
  const bundled = bundledNames(manifest);
  if (bundled.length) entry.bundleDependencies = bundled;
  const funding = raw.funding;
  if (funding) entry.funding = typeof funding === 'string' ? { url: funding } : funding;
  if (isNonEmpty(manifest.engines)) entry.engines = manifest.engines;
  if (isNonEmpty(manifest.os)) entry.os = manifest.os;
  if (isNonEmpty(manifest.cpu)) entry.cpu = manifest.cpu;
  if (isNonEmpty(raw.libc)) entry.libc = raw.libc as string[];
  const license = licenseOf(raw.license);
  if (license) entry.license = license;
  if (installScriptOf(manifest)) entry.hasInstallScript = true;
  const bin = normalizeBin(manifest.name, manifest.bin);
  if (bin) entry.bin = bin;
  if (manifest.deprecated) entry.deprecated = manifest.deprecated;
  if (isNonEmpty(raw.workspaces)) entry.workspaces = raw.workspaces;
  return entry;
}

function licenseOf(license: unknown): string | undefined {
  if (typeof license === 'string' && license) return license;
  if (license && typeof license === 'object' && typeof (license as { type?: unknown }).type === 'string') {
    return (license as { type: string }).type;
  }
  return undefined;
}

function nonEmptyMap(map: DependencyMap | undefined): DependencyMap | undefined {
  return map && typeof map === 'object' && Object.keys(map).length ? { ...map } : undefined;
}

function isNonEmpty(value: unknown): boolean {
  if (!value || typeof value !== 'object') return Boolean(value);
  return Object.keys(value).length > 0;
}

function sha1Integrity(hex: string): string {
  const bytes = hex.match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
  return `sha1-${btoa(String.fromCharCode(...bytes))}`;
}

/** @npmcli/package-json's normalizePackageBin: object form, names and targets made safe. */
export function normalizeBin(name: string, bin: unknown): Record<string, string> | undefined {
  let map: Record<string, unknown>;
  if (typeof bin === 'string' && bin) map = { [name]: bin };
  else if (Array.isArray(bin)) map = Object.fromEntries(bin.map((k) => [basename(String(k)), k]));
  else if (bin && typeof bin === 'object') map = bin as Record<string, unknown>;
  else return undefined;
  const out: Record<string, string> = {};
  for (const [key, target] of Object.entries(map)) {
    if (typeof target !== 'string') continue;
    const base = basename(securePath(key));
    const cleanTarget = securePath(target);
    if (!base || !cleanTarget) continue;
    out[base] = cleanTarget;
  }
  return Object.keys(out).length ? out : undefined;
}

/** path.join('.', path.join('/', p)) with `\` and `:` as separators: no `..` can escape the package. */
function securePath(ref: string): string {
  const parts: string[] = [];
  for (const part of ref.replace(/\\|:/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function basename(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

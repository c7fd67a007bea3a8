/** What an install tells the IDE: the direct dependencies, the node_modules listing, the type files. */
import {
  NpmError,
  type DependencyMap,
  type InstalledDependency,
  type Lockfile,
  type ProjectManifest,
} from '../shared/npm';
import { ROOT_EXTRA_KEYS } from './lock-tree';
import type { PackageContents } from './types';

/** package.json as the installer reads it; undefined when there is none. Throws NpmError for broken JSON. */
export function readManifest(text: string | undefined): ProjectManifest | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NpmError('bad-project-file', `package.json is not valid JSON (${message}); nothing was installed`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new NpmError('bad-project-file', 'package.json must hold a JSON object');
  }
  const manifest = value as Record<string, unknown>;
  // npm copies these into the lockfile's root entry; the resolver reads them from the manifest.
  const out: ProjectManifest & Record<string, unknown> = {};
  for (const key of ROOT_EXTRA_KEYS) if (manifest[key] !== undefined) out[key] = manifest[key];
  if (typeof manifest.name === 'string') out.name = manifest.name;
  if (typeof manifest.version === 'string') out.version = manifest.version;
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    const map = manifest[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      throw new NpmError('bad-project-file', `package.json: "${key}" must be an object of name -> version range`);
    }
    for (const [name, range] of Object.entries(map)) {
      if (typeof range !== 'string') {
        throw new NpmError('bad-project-file', `package.json: ${key}.${name} must be a string version range`, name);
      }
    }
    out[key] = map as DependencyMap;
  }
  return out;
}

/** The Dependencies panel's rows: every direct dependency, with what the tree holds for it. */
export function dependencyList(
  manifest: ProjectManifest,
  lockfile: Lockfile | undefined,
  downloaded: ReadonlySet<string> = new Set(),
): InstalledDependency[] {
  const rows: InstalledDependency[] = [];
  const add = (map: DependencyMap | undefined, dev: boolean) => {
    for (const [name, range] of Object.entries(map ?? {})) {
      if (rows.some((r) => r.name === name)) continue;
      const path = `node_modules/${name}`;
      const entry = lockfile?.packages[path];
      rows.push({
        name,
        range,
        ...(entry?.version ? { version: entry.version } : {}),
        dev,
        downloaded: downloaded.has(path),
        hasInstallScript: entry?.hasInstallScript === true,
      });
    }
  };
  add(manifest.dependencies, false);
  add(manifest.optionalDependencies, false);
  add(manifest.peerDependencies, false);
  add(manifest.devDependencies, true);
  return rows.sort((a, b) => Number(a.dev) - Number(b.dev) || a.name.localeCompare(b.name));
}

/** Every file of the downloaded packages, as `node_modules/...` paths. */
export function treeFiles(packages: readonly [string, PackageContents][]): string[] {
  const out: string[] = [];
  for (const [installPath, contents] of packages) {
    for (const file of contents.files.keys()) out.push(`${installPath}/${file}`);
  }
  return out.sort();
}

const TYPE_FILE = /\.d\.(?:ts|mts|cts)$/;
/** Types Monaco never needs and that would only cost memory (TypeScript's own lib, if someone imports it). */
const MAX_TYPE_BYTES = 8 * 1024 * 1024;

/** `.d.ts` files and the package.json of every package that has them, for Monaco's TypeScript. */
export function typeFiles(packages: readonly [string, PackageContents][]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const decoder = new TextDecoder();
  let total = 0;
  for (const [installPath, contents] of packages) {
    const typed = [...contents.files.keys()].filter((f) => TYPE_FILE.test(f));
    if (!typed.length) continue;
    const manifest = contents.files.get('package.json');
    if (manifest) out.push({ path: `${installPath}/package.json`, text: decoder.decode(manifest) });
    for (const file of typed) {
      const bytes = contents.files.get(file)!;
      total += bytes.length;
      if (total > MAX_TYPE_BYTES) return out;
      out.push({ path: `${installPath}/${file}`, text: decoder.decode(bytes) });
    }
  }
  return out;
}

export function hasDevDependencies(manifest: ProjectManifest): boolean {
  return Object.keys(manifest.devDependencies ?? {}).length > 0;
}

export function withoutDevDependencies(manifest: ProjectManifest): ProjectManifest {
  const rest: ProjectManifest = { ...manifest };
  delete rest.devDependencies;
  return rest;
}

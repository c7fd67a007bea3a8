/**
 * Between the lockfile and the resolver's tree: build the tree from package.json plus an
 * existing lockfile, and write a tree back as lockfile v3 entries the way npm does.
 */
import type { DependencyMap, Lockfile, ProjectManifest, VersionManifest } from '../shared/npm';
import { DepNode, DepTree } from './dep-tree';
import { type FullLockEntry, bundledNames, installScriptOf, lockEntryFromManifest } from './lock-entry';

const FLAG_KEYS = ['dev', 'optional', 'devOptional', 'peer', 'extraneous'] as const;
/** Root package.json fields npm copies into the root entry, besides the dependency maps. */
export const ROOT_EXTRA_KEYS = ['license', 'engines', 'os', 'cpu', 'libc', 'bin', 'funding', 'peerDependenciesMeta'];

export function rootNode(manifest: ProjectManifest): DepNode {
  const entry: FullLockEntry = {};
  if (manifest.name) entry.name = manifest.name;
  if (manifest.version) entry.version = manifest.version;
  const raw = manifest as ProjectManifest & Record<string, unknown>;
  for (const key of ROOT_EXTRA_KEYS) {
    const value = raw[key];
    if (value && (typeof value !== 'object' || Object.keys(value).length)) {
      (entry as Record<string, unknown>)[key] = value;
    }
  }
  // npm writes these only when non-empty, except devDependencies (written whenever present).
  if (nonEmpty(manifest.dependencies)) entry.dependencies = manifest.dependencies;
  if (manifest.devDependencies) entry.devDependencies = manifest.devDependencies;
  if (nonEmpty(manifest.optionalDependencies)) entry.optionalDependencies = manifest.optionalDependencies;
  if (nonEmpty(manifest.peerDependencies)) entry.peerDependencies = manifest.peerDependencies;
  return new DepNode({
    name: manifest.name ?? '',
    packageName: manifest.name ?? '',
    version: manifest.version ?? '',
    entry,
    deps: {
      dependencies: manifest.dependencies,
      optionalDependencies: manifest.optionalDependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: raw.peerDependenciesMeta as Record<string, { optional?: boolean }> | undefined,
      devDependencies: manifest.devDependencies,
    },
  });
}

/** A node for a registry manifest, to live in the folder `folderName`. */
export function nodeFromManifest(folderName: string, manifest: VersionManifest): DepNode {
  const entry = lockEntryFromManifest(folderName, manifest);
  return new DepNode({
    name: folderName,
    packageName: manifest.name,
    version: manifest.version,
    entry,
    deps: entryDeps(entry),
    bundled: bundledNames(manifest),
    installScript: installScriptOf(manifest),
  });
}

/** A fresh copy of a node (same package data, no folder, no children). */
export function copyNode(node: DepNode): DepNode {
  return new DepNode({ ...node.init, name: node.name });
}

function entryDeps(entry: FullLockEntry): DepNode['init']['deps'] {
  return {
    dependencies: entry.dependencies,
    optionalDependencies: entry.optionalDependencies,
    peerDependencies: entry.peerDependencies,
    peerDependenciesMeta: entry.peerDependenciesMeta,
  };
}

/** The tree a lockfile describes, under a root built from package.json. Unusable entries are left out. */
export function treeFromLockfile(manifest: ProjectManifest, lock: Lockfile | undefined): DepTree {
  const tree = new DepTree(rootNode(manifest));
  if (!lock) return tree;
  const byPath = new Map<string, DepNode>([['', tree.root]]);
  const paths = Object.keys(lock.packages)
    .filter((p) => p.startsWith('node_modules/'))
    .sort((a, b) => segments(a).length - segments(b).length);
  for (const path of paths) {
    const raw = lock.packages[path] as FullLockEntry & { link?: boolean };
    if (!raw || typeof raw !== 'object' || raw.link || typeof raw.version !== 'string') continue;
    const parts = segments(path);
    const folder = parts[parts.length - 1];
    const parentPath = parts.length > 1 ? `node_modules/${parts.slice(0, -1).join('/node_modules/')}` : '';
    const parent = byPath.get(parentPath);
    if (!parent || !folder) continue;
    const entry: FullLockEntry = { ...raw };
    for (const key of FLAG_KEYS) delete entry[key];
    delete (entry as { link?: boolean }).link;
    const node = new DepNode({
      name: folder,
      packageName: raw.name ?? folder,
      version: raw.version,
      entry,
      deps: entryDeps(entry),
      bundled: raw.bundleDependencies ?? [],
      installScript: raw.hasInstallScript ? 'install' : undefined,
    });
    tree.attach(node, parent);
    byPath.set(path, node);
  }
  return tree;
}

/** `node_modules/a/node_modules/@s/b` -> ['a', '@s/b']. */
function segments(path: string): string[] {
  return path.slice('node_modules/'.length).split('/node_modules/');
}

/** The lockfile for a resolved tree (flags already computed, extraneous nodes pruned). */
export function lockfileFromTree(tree: DepTree, manifest: ProjectManifest): Lockfile {
  const packages: Lockfile['packages'] = { '': { ...tree.root.entry } };
  for (const node of tree.inventory) {
    if (node === tree.root) continue;
    const entry: FullLockEntry = { ...node.entry };
    if (node.packageName !== node.name) entry.name = node.packageName;
    else delete entry.name;
    if (node.peer) entry.peer = true;
    if (node.dev) entry.dev = true;
    if (node.optional) entry.optional = true;
    if (node.devOptional && !node.dev && !node.optional) entry.devOptional = true;
    packages[node.location] = entry;
  }
  return {
    ...(manifest.name ? { name: manifest.name } : {}),
    ...(manifest.version ? { version: manifest.version } : {}),
    lockfileVersion: 3,
    requires: true,
    packages,
  };
}

function nonEmpty(map: DependencyMap | undefined): map is DependencyMap {
  return Boolean(map && Object.keys(map).length);
}

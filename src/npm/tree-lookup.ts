/**
 * Node's `node_modules` lookup over a lockfile: from a package at
 * `node_modules/a/node_modules/b`, `require('x')` tries `.../b/node_modules/x`, then
 * `node_modules/a/node_modules/x`, then `node_modules/x`. Called for every import while
 * bundling, so each lockfile gets an index (its keys) and a memo of answers. Lockfiles are
 * treated as immutable values: a changed tree is a new Lockfile object.
 */
import type { Lockfile } from '../shared/npm';

interface LookupIndex {
  paths: Set<string>;
  memo: Map<string, string | undefined>;
}

const indexes = new WeakMap<Lockfile['packages'], LookupIndex>();

function indexOf(lock: Lockfile): LookupIndex {
  let index = indexes.get(lock.packages);
  if (!index) {
    index = { paths: new Set(Object.keys(lock.packages)), memo: new Map() };
    indexes.set(lock.packages, index);
  }
  return index;
}

export function lookupInstallPath(lock: Lockfile, from: string, name: string): string | undefined {
  const index = indexOf(lock);
  const key = `${from}\0${name}`;
  if (index.memo.has(key)) return index.memo.get(key);
  let found: string | undefined;
  for (let dir = from; ; dir = parentInstallPath(dir)) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (index.paths.has(candidate)) {
      found = candidate;
      break;
    }
    if (!dir) break;
  }
  index.memo.set(key, found);
  return found;
}

/** `node_modules/a/node_modules/@s/b` -> `node_modules/a`; `node_modules/a` -> `''`. */
function parentInstallPath(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  return at < 0 ? '' : path.slice(0, at);
}

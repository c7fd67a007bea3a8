/**
 * package-lock.json, read and written exactly as npm 11 does: lockfileVersion 3 (v2 is read
 * too: it has the same `packages` map), keys ordered by json-stringify-nice as arborist's
 * Shrinkwrap#toString orders them.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { NpmError, packageNameOf, type DependencyMap, type Lockfile, type ProjectManifest } from '../shared/npm';
import { specSatisfiedBy } from './spec';
import { lookupInstallPath } from './tree-lookup';

export function parseLockfile(text: string): Lockfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NpmError('bad-project-file', `package-lock.json is not valid JSON: ${jsonProblem(text)}`);
  }
  if (!isObject(value)) throw new NpmError('bad-project-file', 'package-lock.json must hold a JSON object');
  const version = value.lockfileVersion;
  if (version === 1 || version === undefined) {
    throw new NpmError(
      'bad-project-file',
      'package-lock.json is lockfileVersion 1 (npm 6 or older), which Cove cannot read; it will be rewritten as version 3',
    );
  }
  if (version !== 2 && version !== 3) {
    throw new NpmError(
      'bad-project-file',
      `package-lock.json has an unknown lockfileVersion ${JSON.stringify(version)}`,
    );
  }
  if (!isObject(value.packages)) {
    throw new NpmError('bad-project-file', 'package-lock.json has no "packages" map');
  }
  for (const [path, entry] of Object.entries(value.packages)) {
    if (!isObject(entry)) {
      throw new NpmError('bad-project-file', `package-lock.json: the entry for "${path}" is not an object`);
    }
  }
  return {
    ...(typeof value.name === 'string' ? { name: value.name } : {}),
    ...(typeof value.version === 'string' ? { version: value.version } : {}),
    lockfileVersion: 3,
    requires: true,
    packages: value.packages as Lockfile['packages'],
  };
}

/** The first syntax problem and its line, like "ValueExpected at line 4". */
function jsonProblem(text: string): string {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return 'unreadable';
  const line = text.slice(0, first.offset).split('\n').length;
  return `${printParseErrorCode(first.error)} at line ${line}`;
}

/** Keys arborist puts first (swKeyOrder); the rest follow by json-stringify-nice's rules. */
const PREFERRED_KEYS = [
  'name',
  'version',
  'lockfileVersion',
  'resolved',
  'integrity',
  'requires',
  'packages',
  'dependencies',
];
const collator = new Intl.Collator('en');

export function serializeLockfile(lock: Lockfile): string {
  return `${JSON.stringify(lock, (_key, value: unknown) => (isObject(value) ? sortKeys(value) : value), 2)}\n`;
}

/** json-stringify-nice: scalars (arrays count) before objects; preferred keys first, then by locale. */
function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string) => PREFERRED_KEYS.indexOf(key);
  const entries = Object.entries(obj).sort(([ak, av], [bk, bv]) => {
    const ao = isObject(av);
    if (ao !== isObject(bv)) return ao ? 1 : -1;
    const ar = rank(ak);
    const br = rank(bk);
    if (ar >= 0 && br >= 0) return ar - br;
    if (ar >= 0) return -1;
    if (br >= 0) return 1;
    return collator.compare(ak, bk);
  });
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAP_KEYS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Whether an install can follow the lockfile as it is: the root entry lists the same
 * dependencies as package.json, and every required dependency in the tree resolves (by Node's
 * lookup) to a package that satisfies it. Optional deps and optional peers may be absent.
 */
export function lockfileInSync(lock: Lockfile, manifest: ProjectManifest): boolean {
  const root = lock.packages[''];
  if (!root) return false;
  for (const key of MAP_KEYS) if (!sameMap(root[key], manifest[key])) return false;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const isRoot = path === '';
    if (!isRoot && (!path.startsWith('node_modules/') || typeof entry.version !== 'string')) continue;
    const deps = isRoot ? manifest : entry;
    // As in arborist, a later kind of dependency on the same name replaces the earlier. Peers
    // may be unmet (Cove warns about conflicting peers instead of failing), optional deps absent.
    const edges = new Map<string, { spec: string; kind: 'peer' | 'required' | 'optional' }>();
    const add = (map: DependencyMap | undefined, kind: 'peer' | 'required' | 'optional') => {
      for (const [name, spec] of Object.entries(map ?? {})) edges.set(name, { spec, kind });
    };
    add(deps.peerDependencies, 'peer');
    add(deps.dependencies, 'required');
    add(deps.optionalDependencies, 'optional');
    if (isRoot) add(manifest.devDependencies, 'required');
    const bundled = (entry as { bundleDependencies?: unknown }).bundleDependencies;
    for (const [name, { spec, kind }] of edges) {
      if (kind === 'peer' || (Array.isArray(bundled) && bundled.includes(name))) continue;
      const at = lookupInstallPath(lock, path, name);
      const target = at === undefined ? undefined : lock.packages[at];
      if (!at || !target || typeof target.version !== 'string') {
        if (kind === 'optional') continue;
        return false;
      }
      const node = { packageName: packageNameOf(at, target), version: target.version };
      if (!specSatisfiedBy(name, spec, node)) return false;
    }
  }
  return true;
}

function sameMap(a: DependencyMap | undefined, b: DependencyMap | undefined): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  if (ak.length !== bk.length) return false;
  return ak.every((k) => b?.[k] === a?.[k]);
}

/**
 * The resolver's working model of a `node_modules` tree, after arborist's Node and Edge: nodes
 * sit in folders (parent/children), edges are dependencies that resolve by Node's lookup. Kept
 * close to arborist so the placement rules ported from it read the same.
 */
import semver from 'semver';
import type { DependencyMap } from '../shared/npm';
import type { FullLockEntry } from './lock-entry';
import { specSatisfiedBy } from './spec';

export type EdgeType = 'prod' | 'dev' | 'optional' | 'peer' | 'peerOptional';

export class Edge {
  peerConflicted = false;
  constructor(
    readonly from: DepNode,
    readonly name: string,
    readonly spec: string,
    readonly type: EdgeType,
  ) {}

  get to(): DepNode | undefined {
    return this.from.resolve(this.name);
  }
  get optional(): boolean {
    return this.type === 'optional' || this.type === 'peerOptional';
  }
  get peer(): boolean {
    return this.type === 'peer' || this.type === 'peerOptional';
  }
  get dev(): boolean {
    return this.type === 'dev';
  }
  get error(): 'MISSING' | 'PEER LOCAL' | 'INVALID' | null {
    const to = this.to;
    if (!to) return this.optional ? null : 'MISSING';
    if (this.peer && to.parent === this.from && !this.from.isTop) return 'PEER LOCAL';
    return this.satisfiedBy(to) ? null : 'INVALID';
  }
  get valid(): boolean {
    return this.error === null;
  }
  satisfiedBy(node: DepNode): boolean {
    return node.name === this.name && specSatisfiedBy(this.name, this.spec, node);
  }
}

export interface NodeInit {
  /** Folder name (the alias for `npm:` deps). */
  name: string;
  packageName: string;
  version: string;
  /** What the lockfile says about it, without flags. */
  entry: FullLockEntry;
  /** Dependency maps that become edges (the root adds devDependencies). */
  deps: {
    dependencies?: DependencyMap;
    optionalDependencies?: DependencyMap;
    peerDependencies?: DependencyMap;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    devDependencies?: DependencyMap;
  };
  bundled?: string[];
  /** The install script's name, for the warning. */
  installScript?: string;
}

export class DepNode {
  name: string;
  readonly packageName: string;
  readonly version: string;
  readonly entry: FullLockEntry;
  readonly init: NodeInit;
  readonly bundled: Set<string>;
  parent: DepNode | null = null;
  readonly children = new Map<string, DepNode>();
  readonly edgesOut = new Map<string, Edge>();
  /** Set while the node is in a tree (not a virtual root's peer set). */
  tree: DepTree | null = null;
  /** For virtual roots: the real node whose dependencies they stand in for. */
  sourceReference: DepNode | null = null;
  dev = true;
  optional = true;
  devOptional = true;
  peer = true;
  extraneous = true;

  constructor(init: NodeInit) {
    this.init = init;
    this.name = init.name;
    this.packageName = init.packageName;
    this.version = init.version;
    this.entry = init.entry;
    this.bundled = new Set(init.bundled ?? []);
    // arborist's _loadDeps order: a later kind replaces an earlier one for the same name.
    const { dependencies, optionalDependencies, peerDependencies, peerDependenciesMeta, devDependencies } = init.deps;
    for (const [name, spec] of Object.entries(peerDependencies ?? {})) {
      if (!peerDependenciesMeta?.[name]?.optional) this.addEdge(name, spec, 'peer');
    }
    for (const [name, spec] of Object.entries(peerDependencies ?? {})) {
      if (peerDependenciesMeta?.[name]?.optional) this.addEdge(name, spec, 'peerOptional');
    }
    for (const [name, spec] of Object.entries(dependencies ?? {})) this.addEdge(name, spec, 'prod');
    for (const [name, spec] of Object.entries(optionalDependencies ?? {})) this.addEdge(name, spec, 'optional');
    for (const [name, spec] of Object.entries(devDependencies ?? {})) this.addEdge(name, spec, 'dev');
  }

  addEdge(name: string, spec: string, type: EdgeType): void {
    this.edgesOut.delete(name);
    this.edgesOut.set(name, new Edge(this, name, spec, type));
  }

  get resolved(): string | undefined {
    return this.entry.resolved;
  }
  get integrity(): string | undefined {
    return this.entry.integrity;
  }
  get isTop(): boolean {
    return this.parent === null;
  }
  get isProjectRoot(): boolean {
    return this.tree !== null && this.tree.root === this;
  }
  get depth(): number {
    let d = 0;
    for (let p = this.parent; p; p = p.parent) d++;
    return d;
  }
  /** The lockfile key: `node_modules/a/node_modules/b`; '' for the root. */
  get location(): string {
    if (!this.parent) return '';
    const up = this.parent.location;
    return up ? `${up}/node_modules/${this.name}` : `node_modules/${this.name}`;
  }
  get label(): string {
    return this.isProjectRoot ? 'package.json' : `${this.packageName}@${this.version}`;
  }
  get edgesIn(): Edge[] {
    if (this.tree) return this.tree.edgesInto(this);
    // A peer-set member in a virtual root: its dependents are its siblings and the root.
    const vr = this.parent;
    if (!vr || vr.parent) return [];
    const out: Edge[] = [];
    for (const node of [vr, ...vr.children.values()]) {
      const edge = node.edgesOut.get(this.name);
      if (edge && edge.to === this) out.push(edge);
    }
    return out;
  }

  resolve(name: string): DepNode | undefined {
    return this.children.get(name) ?? this.parent?.resolve(name);
  }
  *ancestry(): Generator<DepNode> {
    yield this;
    for (let p = this.parent; p; p = p.parent) yield p;
  }
  isDescendantOf(node: DepNode): boolean {
    if (node === this) return true;
    for (let p = this.parent; p; p = p.parent) if (p === node) return true;
    return false;
  }
  satisfies(edge: Edge): boolean {
    return this.name === edge.name && edge.satisfiedBy(this);
  }
  matches(node: DepNode): boolean {
    if (node === this) return true;
    if (node.name !== this.name) return false;
    if (this.integrity && node.integrity) return this.integrity === node.integrity;
    if (this.resolved && node.resolved) return this.resolved === node.resolved;
    return this.packageName === node.packageName && this.version === node.version;
  }
  /** arborist Node#canReplaceWith: everything depending on this would accept `node`. */
  canReplaceWith(node: DepNode, ignorePeers: Iterable<string> = []): boolean {
    if (node.name !== this.name || node.packageName !== this.packageName) return false;
    const ignore = new Set(ignorePeers);
    const depSet = gatherDepSet([this], (e) => e.to !== this && e.valid);
    for (const edge of this.edgesIn) {
      if (!this.isTop && edge.from.parent === this.parent && edge.peer && ignore.has(edge.from.name)) continue;
      if (!depSet.has(edge.from) && !edge.satisfiedBy(node)) return false;
    }
    return true;
  }
  canReplace(node: DepNode, ignorePeers?: Iterable<string>): boolean {
    return node.canReplaceWith(this, ignorePeers);
  }
  /** arborist Node#canDedupe: safe to remove because a copy further up serves every dependent. */
  canDedupe(preferDedupe = false): boolean {
    if (!this.parent || !this.parent.parent) return false;
    if (this.edgesIn.length === 0) return true;
    const other = this.parent.parent.resolve(this.name);
    if (!other) return false;
    if (other.matches(this)) return true;
    if (!other.canReplace(this)) return false;
    if (preferDedupe || semver.eq(other.version, this.version, true)) return true;
    return semver.gt(other.version, this.version, true);
  }
}

/** The real tree: the root plus an index of edges by name, so `edgesIn` is cheap. */
export class DepTree {
  private readonly edgesByName = new Map<string, Set<Edge>>();
  private readonly nodesByName = new Map<string, Set<DepNode>>();
  readonly inventory = new Set<DepNode>();

  constructor(readonly root: DepNode) {
    this.enlist(root);
  }

  /** Puts `node` (and whatever it carries) into `parent`'s node_modules, replacing nothing. */
  attach(node: DepNode, parent: DepNode): void {
    if (node.parent) node.parent.children.delete(node.name);
    node.parent = parent;
    parent.children.set(node.name, node);
    if (!node.tree) this.enlist(node);
  }

  /** Takes `node` and its folder contents out of the tree. */
  remove(node: DepNode): void {
    if (node.tree !== this || node === this.root) return;
    if (node.parent && node.parent.children.get(node.name) === node) node.parent.children.delete(node.name);
    node.parent = null;
    this.delist(node);
  }

  /** arborist Node#replace: `node` takes `old`'s folder and keeps its children. */
  replace(old: DepNode, node: DepNode): void {
    const parent = old.parent;
    if (!parent) return;
    node.name = old.name;
    for (const kid of [...old.children.values()]) {
      old.children.delete(kid.name);
      kid.parent = node;
      node.children.set(kid.name, kid);
    }
    this.remove(old);
    this.attach(node, parent);
  }

  edgesInto(node: DepNode): Edge[] {
    const out: Edge[] = [];
    for (const edge of this.edgesByName.get(node.name) ?? []) if (edge.to === node) out.push(edge);
    return out;
  }

  byName(name: string): DepNode[] {
    return [...(this.nodesByName.get(name) ?? [])];
  }

  private enlist(node: DepNode): void {
    node.tree = this;
    this.inventory.add(node);
    setOf(this.nodesByName, node.name).add(node);
    for (const edge of node.edgesOut.values()) setOf(this.edgesByName, edge.name).add(edge);
    for (const kid of node.children.values()) this.enlist(kid);
  }

  private delist(node: DepNode): void {
    node.tree = null;
    this.inventory.delete(node);
    this.nodesByName.get(node.name)?.delete(node);
    for (const edge of node.edgesOut.values()) this.edgesByName.get(edge.name)?.delete(edge);
    for (const kid of node.children.values()) this.delist(kid);
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** arborist gather-dep-set: `set` plus its deps, minus whatever something outside still needs. */
export function gatherDepSet(set: Iterable<DepNode>, edgeFilter: (edge: Edge) => boolean): Set<DepNode> {
  const deps = new Set(set);
  for (const node of deps) {
    for (const edge of node.edgesOut.values()) {
      const to = edge.to;
      if (to && edgeFilter(edge)) deps.add(to);
    }
  }
  let changed = true;
  while (changed && deps.size > 0) {
    changed = false;
    for (const dep of deps) {
      if (dep.edgesIn.some((edge) => !deps.has(edge.from) && edgeFilter(edge))) {
        changed = true;
        deps.delete(dep);
      }
    }
  }
  return deps;
}

/** arborist deepest-nesting-target: the deepest folder where `name` may go, starting at `start`. */
export function deepestNestingTarget(start: DepNode, name?: string): DepNode {
  for (const target of start.ancestry()) {
    if (target.isProjectRoot || !target.parent) return target;
    const targetEdge = name === undefined ? undefined : target.edgesOut.get(name);
    if (!targetEdge || !targetEdge.peer) return target;
  }
  return start;
}

/** arborist peer-entry-sets: each edge that brought a peer set including `node`, with that set. */
export function peerEntrySets(node: DepNode): Map<Edge, Set<DepNode>> {
  const union = new Set([node]);
  for (const n of union) {
    for (const edge of n.edgesOut.values()) {
      const to = edge.to;
      if (to && edge.valid && edge.peer) union.add(to);
    }
    for (const edge of n.edgesIn) if (edge.valid && edge.peer) union.add(edge.from);
  }
  const entrySets = new Map<Edge, Set<DepNode>>();
  for (const peer of union) {
    for (const edge of peer.edgesIn) {
      if (!edge.valid || (edge.peer && !edge.from.isTop)) continue;
      const sub = new Set([peer]);
      for (const p of sub) {
        for (const e of p.edgesOut.values()) {
          const to = e.to;
          if (to && e.valid && e.peer) sub.add(to);
        }
      }
      if (sub.has(node)) entrySets.set(edge, sub);
    }
  }
  return entrySets;
}

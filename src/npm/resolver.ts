/**
 * Resolves a project's dependency tree into lockfile v3 the way npm 11's arborist
 * (buildIdealTree) does, from registry metadata alone: breadth-first over packages that have
 * missing or broken dependencies, each dep loaded with its peer set and placed by the rules in
 * placement.ts. An existing lockfile is the starting tree, so only new or broken edges are
 * resolved and whatever nothing reaches any more is pruned.
 *
 * Differences from npm, on purpose: peer conflicts warn instead of failing with ERESOLVE;
 * git/file/URL specs are refused (see spec.ts).
 */
import { NpmError, type Lockfile, type Packument, type ProjectManifest } from '../shared/npm';
import { type DepNode, type DepTree, type Edge } from './dep-tree';
import { calcDepFlags } from './flags';
import { copyNode, lockfileFromTree, nodeFromManifest, treeFromLockfile } from './lock-tree';
import { serializeLockfile } from './lockfile';
import { type EngineVersions, pickVersion } from './pick-version';
import { PlaceDep, compareLocation } from './placement';
import { resolverWarnings } from './resolver-warnings';
import { parseRegistrySpec, tryParseRegistrySpec } from './spec';
import type { Registry } from './types';

export interface ResolveOptions {
  manifest: ProjectManifest;
  lockfile?: Lockfile;
  registry: Pick<Registry, 'packument'>;
  signal?: AbortSignal;
  onProgress?: (resolved: number) => void;
  /** Runtime versions that `engines` are checked against when choosing versions (npm uses its own). */
  engineVersions?: EngineVersions;
}

export interface ResolveResult {
  lockfile: Lockfile;
  warnings: string[];
  changed: boolean;
}

export async function resolveTree(opts: ResolveOptions): Promise<ResolveResult> {
  const resolver = new Resolver(opts);
  return resolver.run();
}

/** Deps whose failure to resolve is fatal unless everything that needs them is optional. */
interface Failure {
  edge: Edge;
  error: NpmError;
}

class Resolver {
  private readonly tree: DepTree;
  private readonly queue = new DepsQueue();
  private readonly seen = new Set<DepNode>();
  private readonly packuments = new Map<string, Promise<Packument>>();
  private readonly virtualRoots = new Map<DepNode, DepNode>();
  private readonly peerSetSource = new WeakMap<DepNode, DepNode>();
  private readonly failures: Failure[] = [];
  private readonly failedEdges = new Set<Edge>();
  private lastProgress = -1;

  constructor(private readonly opts: ResolveOptions) {
    this.tree = treeFromLockfile(opts.manifest, opts.lockfile);
  }

  async run(): Promise<ResolveResult> {
    this.checkCancelled();
    this.queueBrokenNodes();
    this.progress();
    while (this.queue.length) {
      this.checkCancelled();
      const node = this.queue.pop();
      if (!node || this.seen.has(node) || node.tree !== this.tree) continue;
      this.seen.add(node);
      await this.buildDepStep(node);
      this.progress();
    }
    calcDepFlags(this.tree);
    for (const node of [...this.tree.inventory]) if (node.extraneous && node.tree) this.tree.remove(node);
    const skipped = this.checkFailures();
    const lockfile = lockfileFromTree(this.tree, this.opts.manifest);
    const warnings = [...skipped, ...resolverWarnings(this.tree)];
    const changed = !this.opts.lockfile || serializeLockfile(this.opts.lockfile) !== serializeLockfile(lockfile);
    return { lockfile, warnings: [...new Set(warnings)], changed };
  }

  /** The root, plus every locked package (reachable from the root) with a missing or broken dep. */
  private queueBrokenNodes(): void {
    this.queue.push(this.tree.root);
    const visited = new Set<DepNode>([this.tree.root]);
    const stack = [this.tree.root];
    for (let node = stack.pop(); node; node = stack.pop()) {
      let broken = false;
      for (const edge of node.edgesOut.values()) {
        const to = edge.to;
        if (!to || !edge.valid) broken = true;
        if (to && !visited.has(to)) {
          visited.add(to);
          stack.push(to);
        }
      }
      if (broken) this.queue.push(node);
    }
  }

  private async buildDepStep(node: DepNode): Promise<void> {
    const problems = this.problemEdges(node);
    for (const edge of problems) this.prefetch(edge);
    const tasks: { edge: Edge; dep: DepNode }[] = [];
    const peerSource = this.peerSetSource.get(node) ?? node;
    for (const edge of problems) {
      if (edge.peerConflicted) continue;
      const vr = this.virtualRoot(edge.peer ? peerSource : node, true);
      const vrEdge = vr.edgesOut.get(edge.name);
      const vrDep = vrEdge?.valid ? vrEdge.to : undefined;
      let dep = vrDep && vrDep.satisfies(edge) ? vrDep : undefined;
      // npm 11: an optional peer that some copy in the tree already satisfies needs no fetch.
      if (!dep && edge.type === 'peerOptional') dep = findHoistableNode(edge.from.parent ?? edge.from, edge);
      if (!dep) {
        try {
          dep = await this.nodeFromEdge(edge, edge.peer ? vr : null);
        } catch (error) {
          this.recordFailure(edge, error);
          continue;
        }
      }
      tasks.push({ edge, dep });
    }
    tasks.sort((a, b) => compareLocation(a.edge.name, b.edge.name));
    for (const { edge, dep } of tasks) {
      this.checkCancelled();
      const pd = new PlaceDep(this.tree, dep, edge, copyNode);
      this.visitPlacements(pd);
    }
  }

  /** Queues what a placement changed: the placed node, and dependents it broke or must re-check. */
  private visitPlacements(pd: PlaceDep): void {
    const { placed, edge, canPlace } = pd;
    if (placed && canPlace) {
      const self = canPlace.canPlaceSelf;
      if (self === 'OK' || self === 'REPLACE') {
        for (const edgeIn of placed.edgesIn) {
          if (edgeIn === edge || edgeIn.peerConflicted || edgeIn.valid) continue;
          this.seen.delete(edgeIn.from);
          this.queue.push(edgeIn.from);
        }
      }
      this.queue.push(placed);
      for (const dep of pd.needEvaluation) {
        this.seen.delete(dep);
        this.queue.push(dep);
      }
      for (const e of this.problemEdges(placed)) this.prefetch(e);
    }
    for (const child of pd.children) this.visitPlacements(child);
  }

  private problemEdges(node: DepNode): Edge[] {
    const problems: Edge[] = [];
    for (const edge of node.edgesOut.values()) {
      if ((!node.isProjectRoot && node.bundled.has(edge.name)) || this.failedEdges.has(edge)) continue;
      const to = edge.to;
      if (!to) {
        if (edge.type !== 'peerOptional') problems.push(edge);
      } else if (!edge.valid) {
        problems.push(edge);
      }
    }
    return problems;
  }

  /** A virtual root stands in for `source` while a dep's peer set is chosen, outside the real tree. */
  private virtualRoot(source: DepNode, reuse: boolean): DepNode {
    const existing = reuse ? this.virtualRoots.get(source) : undefined;
    if (existing) return existing;
    const vr = copyNode(source);
    vr.sourceReference = source;
    this.virtualRoots.set(source, vr);
    return vr;
  }

  /** Loads the dep an edge asks for into a virtual root, with its peers. */
  private async nodeFromEdge(edge: Edge, parent: DepNode | null, secondEdge?: Edge): Promise<DepNode> {
    const vr = parent ?? this.virtualRoot(edge.from, false);
    const first = await this.nodeFromSpec(edge.name, edge.spec, vr, edge);
    let second: DepNode | undefined;
    if (secondEdge && !secondEdge.valid) {
      second = await this.nodeFromSpec(edge.name, secondEdge.spec, vr, secondEdge).catch((error: unknown) => {
        this.rethrowFatal(error);
        return undefined;
      });
    }
    const node = second && edge.valid ? second : first;
    setVirtualChild(vr, node);
    if (vr.sourceReference) this.peerSetSource.set(node, vr.sourceReference);
    return this.loadPeerSet(node);
  }

  private async nodeFromSpec(name: string, spec: string, vr: DepNode, edge: Edge): Promise<DepNode> {
    const parsed = parseRegistrySpec(name, spec);
    const requiredBy = edge.from.sourceReference?.label ?? edge.from.label;
    let packument: Packument;
    try {
      packument = await this.packument(parsed.name);
    } catch (error) {
      this.rethrowFatal(error);
      const e = error as NpmError;
      throw new NpmError(e.code, e.message, e.packageName ?? parsed.name, requiredBy);
    }
    this.checkCancelled();
    const manifest = pickVersion(packument, parsed, this.opts.engineVersions);
    if (!manifest) {
      const latest = packument['dist-tags']?.latest;
      const wanted = parsed.alias ? `${parsed.name}@${parsed.fetchSpec}` : parsed.fetchSpec;
      const tail = latest ? `latest is ${latest}` : 'it has no latest version';
      throw new NpmError(
        'no-matching-version',
        `No version of '${parsed.name}' matches '${wanted}' (required by ${requiredBy}; ${tail})`,
        parsed.name,
        requiredBy,
      );
    }
    const node = nodeFromManifest(name, manifest);
    setVirtualChild(vr, node);
    // Start fetching what it will need: its peers at once (they join its peer set, optional
    // ones too, to detect conflicts), its deps unless the tree already has a copy that would do.
    // An optional peer's node is usually only a candidate (checked, rarely placed): fetching its
    // own dependencies ahead (sass-embedded's twenty platform packages) would be wasted.
    const candidateOnly = edge.type === 'peerOptional';
    for (const e of node.edgesOut.values()) {
      if (node.bundled.has(e.name)) continue;
      if (candidateOnly && !e.peer) continue;
      if (e.peer || !this.tree.byName(e.name).some((n) => e.satisfiedBy(n))) this.prefetch(e);
    }
    return node;
  }

  /** Resolves the node's peers (and theirs) into the same virtual root. */
  private async loadPeerSet(node: DepNode): Promise<DepNode> {
    const peerEdges = [...node.edgesOut.values()]
      .filter((e) => e.peer && !(e.valid && e.to))
      .sort((a, b) => compareLocation(a.name, b.name));
    for (const edge of peerEdges) {
      const vr = node.parent;
      if (!vr) break;
      if (edge.valid && edge.to) continue;
      const parentEdge = vr.edgesOut.get(edge.name);
      const current = edge.to;
      if (!current) {
        // Prefer what the dependent's own parent asks for, if that also suits the peer.
        await this.tryNodeFromEdge(parentEdge ?? edge, vr, parentEdge ? edge : undefined);
        if (parentEdge && !edge.valid) edge.peerConflicted = true;
        continue;
      }
      const dep = await this.tryNodeFromEdge(edge, null);
      if (dep && dep.canReplace(current)) await this.tryNodeFromEdge(edge, vr);
    }
    return node;
  }

  /** Peer members that fail to load come back as problem edges once placed; skip them here. */
  private async tryNodeFromEdge(edge: Edge, parent: DepNode | null, secondEdge?: Edge): Promise<DepNode | undefined> {
    try {
      return await this.nodeFromEdge(edge, parent, secondEdge);
    } catch (error) {
      this.rethrowFatal(error);
      return undefined;
    }
  }

  private packument(name: string): Promise<Packument> {
    let p = this.packuments.get(name);
    if (!p) {
      p = this.opts.registry.packument(name, this.opts.signal);
      p.catch(() => undefined);
      this.packuments.set(name, p);
    }
    return p;
  }

  private prefetch(edge: Edge): void {
    const parsed = tryParseRegistrySpec(edge.name, edge.spec);
    if (parsed) void this.packument(parsed.name);
  }

  private recordFailure(edge: Edge, error: unknown): void {
    this.rethrowFatal(error);
    const e = error as NpmError;
    // The project's own required deps fail at once; deeper ones only if not under an optional dep.
    if (edge.from.isProjectRoot && !edge.optional) throw e;
    this.failedEdges.add(edge);
    this.failures.push({ edge, error: e });
  }

  /** Errors no optional dep can excuse: cancellation, an unreachable registry, bugs. */
  private rethrowFatal(error: unknown): void {
    this.checkCancelled();
    if (!(error instanceof NpmError)) throw error;
    if (error.code === 'cancelled' || error.code === 'registry-unreachable') throw error;
  }

  /** After flags are known: a failed dep is fine only if it was optional; returns the warnings. */
  private checkFailures(): string[] {
    const warnings: string[] = [];
    for (const { edge, error } of this.failures) {
      if (edge.from.tree !== this.tree || (edge.to && edge.valid)) continue;
      if (!edge.optional && !edge.from.optional) throw error;
      warnings.push(`Skipped optional dependency '${edge.name}' of ${edge.from.label}: ${error.message}`);
    }
    return warnings;
  }

  private progress(): void {
    // Dedupes can shrink the tree for a moment; the count shown only grows.
    const resolved = this.tree.inventory.size - 1;
    if (resolved > this.lastProgress) {
      this.lastProgress = resolved;
      this.opts.onProgress?.(resolved);
    }
  }

  private checkCancelled(): void {
    if (this.opts.signal?.aborted) throw new NpmError('cancelled', 'The install was cancelled');
  }
}

function setVirtualChild(vr: DepNode, node: DepNode): void {
  const old = vr.children.get(node.name);
  if (old && old !== node) old.parent = null;
  if (node.parent && node.parent !== vr) node.parent.children.delete(node.name);
  node.parent = vr;
  vr.children.set(node.name, node);
}

/** npm 11: breadth-first, the copy nearest the start that satisfies the edge. */
function findHoistableNode(start: DepNode, edge: Edge): DepNode | undefined {
  const queue = [...start.children.values()];
  for (let node = queue.shift(); node; node = queue.shift()) {
    if (node.name === edge.name && node.satisfies(edge)) return node;
    queue.push(...node.children.values());
  }
  return undefined;
}

/** Shallower packages first (they affect the deeper ones), then by path, like arborist's DepsQueue. */
class DepsQueue {
  private items: DepNode[] = [];
  private readonly members = new Set<DepNode>();
  private sorted = true;

  get length(): number {
    return this.items.length;
  }
  push(node: DepNode): void {
    if (this.members.has(node)) return;
    this.members.add(node);
    this.items.push(node);
    this.sorted = false;
  }
  pop(): DepNode | undefined {
    if (!this.sorted) {
      const keyed = this.items.map((node) => ({ node, depth: node.depth, location: node.location }));
      keyed.sort((a, b) => a.depth - b.depth || compareLocation(a.location, b.location));
      this.items = keyed.map((k) => k.node);
      this.sorted = true;
    }
    const node = this.items.shift();
    if (node) this.members.delete(node);
    return node;
  }
}

/**
 * Where a resolved package goes in `node_modules`: a port of arborist's CanPlaceDep and PlaceDep
 * (npm 7+), so the tree comes out as npm's does. Walk up from the dependent, keep the highest
 * folder where the package (and its peers) fits without breaking anyone, stop at the first
 * conflict; reuse a satisfying copy (KEEP), or replace an older one when all its dependents
 * accept the newer (REPLACE). Unlike npm, an unresolvable peer conflict is a warning, not ERESOLVE.
 */
import semver from 'semver';
import { type DepNode, type DepTree, type Edge, deepestNestingTarget, gatherDepSet, peerEntrySets } from './dep-tree';

export type Placement = 'CONFLICT' | 'OK' | 'REPLACE' | 'KEEP';

/** Copies a resolved (virtual) node for placement in the real tree. */
export type CopyNode = (dep: DepNode) => DepNode;

class CanPlace {
  canPlace: Placement;
  canPlaceSelf: Placement | null = null;
  readonly children: CanPlace[] = [];
  readonly current: DepNode | undefined;
  readonly targetEdge: Edge | undefined;
  readonly preferDedupe: boolean;
  readonly edgeOverride: boolean;
  private peersResult: Placement | null = null;

  constructor(
    readonly dep: DepNode,
    readonly target: DepNode,
    readonly edge: Edge,
    readonly parent: CanPlace | null,
    preferDedupe: boolean,
    readonly peerPath: DepNode[] = [],
  ) {
    // Peers always prefer deduping: they try harder to be singletons.
    this.preferDedupe = preferDedupe || edge.peer;
    this.current = target.children.get(edge.name);
    this.targetEdge = target.edgesOut.get(edge.name);
    this.edgeOverride = !dep.satisfies(edge);
    this.canPlace = this.check();
    if (!this.canPlaceSelf) this.canPlaceSelf = this.canPlace;
  }

  get top(): CanPlace {
    return this.parent ? this.parent.top : this;
  }

  private check(): Placement {
    const { target, targetEdge, current, dep } = this;
    // Peers cannot go inside their dependents, except at a top.
    if (targetEdge && targetEdge.peer && !target.isTop) return 'CONFLICT';
    if (!current && targetEdge && !dep.satisfies(targetEdge) && targetEdge !== this.edge) return 'CONFLICT';
    return current ? this.checkCurrent(current) : this.checkNoCurrent();
  }

  private checkCurrent(current: DepNode): Placement {
    const { preferDedupe, target, edge, dep } = this;
    if (dep.matches(current) && (current.satisfies(edge) || this.edgeOverride)) return 'KEEP';
    const tryReplace = Boolean(current.version && dep.version && semver.gte(dep.version, current.version, true));
    if (tryReplace && dep.canReplace(current)) {
      const cpp = this.canPlacePeers('REPLACE');
      if (cpp !== 'CONFLICT') return cpp;
    }
    if (current.satisfies(edge)) return 'KEEP';
    if (preferDedupe && !tryReplace && dep.canReplace(current)) {
      const cpp = this.canPlacePeers('REPLACE');
      if (cpp !== 'CONFLICT') return cpp;
    }
    // It could go deeper, so leave the current one alone.
    if (target !== this.deepestNestingTarget) return 'CONFLICT';
    // A non-peer dep MUST go here, in the folder of the package that depends on it.
    if (!edge.peer && target === edge.from) return this.canPlacePeers('REPLACE');
    if (!this.parent && !edge.peer) return 'CONFLICT';
    // Replace the current peer groups if each can be replaced or pushed deeper.
    let canReplace = true;
    for (const [entryEdge, currentPeers] of peerEntrySets(current)) {
      if (entryEdge === this.edge || entryEdge === this.top.edge) continue;
      const entryNode = entryEdge.to;
      if (!entryNode) continue;
      const siblings = dep.parent?.children ?? new Map<string, DepNode>();
      const entryRep = siblings.get(entryNode.name);
      if (entryRep && entryRep.canReplace(entryNode, siblings.keys())) continue;
      let canClobber = !entryRep;
      if (!entryRep) {
        const walk = new Set([entryNode]);
        outer: for (const peer of walk) {
          for (const e of peer.edgesOut.values()) {
            if (!e.peer || !e.valid) continue;
            const rep = siblings.get(e.name);
            if (!rep) {
              const to = e.to;
              if (to) walk.add(to);
              continue;
            }
            if (!rep.satisfies(e)) {
              canClobber = false;
              break outer;
            }
          }
        }
      }
      if (canClobber) continue;
      for (const currentPeer of currentPeers) {
        const curDeep = deepestNestingTarget(entryEdge.from, currentPeer.name);
        if (curDeep === target || target.isDescendantOf(curDeep)) {
          canReplace = false;
          break;
        }
      }
    }
    return canReplace ? this.canPlacePeers('REPLACE') : 'CONFLICT';
  }

  private checkNoCurrent(): Placement {
    const { target, dep, edge } = this;
    // Someone below the target may be relying on reaching a copy further up past it.
    const current = target !== this.top.edge.from ? target.resolve(edge.name) : undefined;
    if (current) {
      for (const e of current.edgesIn) {
        if (e.from.isDescendantOf(target) && e.valid && !dep.satisfies(e)) return 'CONFLICT';
      }
    }
    return this.canPlacePeers('OK');
  }

  get deepestNestingTarget(): DepNode {
    const start = this.parent ? this.parent.deepestNestingTarget : this.edge.from;
    return deepestNestingTarget(start, this.edge.name);
  }

  /** The dep fits here only if its peers fit at or above the same folder. */
  private canPlacePeers(state: Placement): Placement {
    this.canPlaceSelf = state;
    if (this.peersResult) return this.peersResult;
    const peerPath = [...this.peerPath, this.dep];
    let sawConflict = false;
    for (const peerEdge of this.dep.edgesOut.values()) {
      const peer = peerEdge.peer ? peerEdge.to : undefined;
      if (!peer || peerPath.includes(peer)) continue;
      const target = deepestNestingTarget(this.target, peer.name);
      const cpp = new CanPlace(peer, target, peerEdge, this, true, peerPath);
      this.children.push(cpp);
      if (cpp.canPlace === 'CONFLICT') sawConflict = true;
    }
    this.peersResult = sawConflict ? 'CONFLICT' : state;
    return this.peersResult;
  }
}

/** The outcome of placing one dep and, recursively, its peers. */
export class PlaceDep {
  canPlace: CanPlace | null = null;
  canPlaceSelf: CanPlace | null = null;
  placed: DepNode | null = null;
  readonly children: PlaceDep[] = [];
  readonly needEvaluation = new Set<DepNode>();
  readonly top: PlaceDep;

  constructor(
    private readonly tree: DepTree,
    readonly dep: DepNode,
    readonly edge: Edge,
    private readonly copy: CopyNode,
    readonly parent: PlaceDep | null = null,
  ) {
    this.top = parent ? parent.top : this;
    // Nothing to do if the edge is fine as it is.
    if (edge.to && !edge.error) return;

    for (const target of this.startNode().ancestry()) {
      const targetEdge = target.edgesOut.get(edge.name);
      if (!target.isTop && targetEdge && targetEdge.peer) continue;
      const cpd = new CanPlace(dep, target, edge, parent?.canPlace ?? null, false);
      if (cpd.canPlaceSelf !== 'CONFLICT') this.canPlaceSelf = cpd;
      if (cpd.canPlace === 'CONFLICT') break;
      this.canPlace = cpd;
    }
    if (!this.canPlace) {
      // npm fails with ERESOLVE for the project's own deps; Cove places what it can (the
      // resolver warns about peers left unmet at the end).
      if (!this.canPlaceSelf) {
        this.edge.peerConflicted = true;
        return;
      }
      this.canPlace = this.canPlaceSelf;
    }
    const { target } = this.canPlace;
    const placement = this.canPlace.canPlace === 'CONFLICT' ? this.canPlace.canPlaceSelf : this.canPlace.canPlace;
    if (placement === 'KEEP') {
      if (edge.peer && !edge.valid) edge.peerConflicted = true;
      this.pruneDedupable(target);
      return;
    }
    if (target.depth > 64) throw new Error(`dependency nesting too deep placing ${dep.packageName}@${dep.version}`);

    const virtualRoot = dep.parent;
    const placed = this.copy(dep);
    this.placed = placed;
    const oldDep = target.children.get(edge.name);
    if (oldDep) this.replaceOldDep(oldDep, placed);
    else tree.attach(placed, target);

    if (edge.peer && !placed.satisfies(edge)) edge.peerConflicted = true;
    // An update may leave an identical copy deeper down: drop it.
    const edgeTo = edge.to;
    if (edge.valid && edgeTo && edgeTo !== placed) this.pruneDedupable(edgeTo, false);
    for (const node of tree.byName(edge.name)) {
      if (node.tree && node.isDescendantOf(target) && !node.isTop) {
        this.pruneDedupable(node, false);
        if (node.tree) for (const kid of [...node.children.values()]) this.pruneDedupable(kid, false);
      }
    }
    // Place its unmet peers from the same peer set, at or above this folder.
    for (const peerEdge of placed.edgesOut.values()) {
      if (peerEdge.valid || !peerEdge.peer || peerEdge.peerConflicted) continue;
      const peer = virtualRoot?.children.get(peerEdge.name);
      if (!peer || !peer.satisfies(peerEdge)) continue;
      this.children.push(new PlaceDep(tree, peer, peerEdge, copy, this));
    }
  }

  private startNode(): DepNode {
    // A peer must be at least as shallow as its dependent.
    const from = this.parent ? this.parent.startNode() : this.edge.from;
    return deepestNestingTarget(from, this.edge.name);
  }

  private replaceOldDep(oldDep: DepNode, placed: DepNode): void {
    const target = oldDep.parent;
    if (!target) return;
    // Deps only the old node needed go with it, so they do not cause spurious conflicts.
    const oldDeps: DepNode[] = [];
    for (const [name, e] of oldDep.edgesOut) {
      const to = e.to;
      if (!placed.edgesOut.has(name) && to) oldDeps.push(...gatherDepSet([to], (x) => x.to !== to));
    }
    // Peer sets at this level that the new node will not satisfy: re-place them, or warn.
    const prunePeerSets: DepNode[] = [];
    for (const e of oldDep.edgesIn) {
      if (placed.satisfies(e) || !e.peer || e.from.parent !== target || e.peerConflicted) continue;
      for (const entryEdge of peerEntrySets(e.from).keys()) {
        const entryNode = entryEdge.to;
        if (!entryNode) continue;
        if (deepestNestingTarget(entryNode) !== target && !entryEdge.from.isProjectRoot) {
          prunePeerSets.push(...gatherDepSet([entryNode], (x) => x.to !== entryNode && !x.peerConflicted));
        } else {
          e.peerConflicted = true;
        }
      }
    }
    this.tree.replace(oldDep, placed);
    this.pruneForReplacement(placed, oldDeps);
    for (const dep of prunePeerSets) {
      for (const e of dep.edgesIn) this.needEvaluation.add(e.from);
      this.tree.remove(dep);
    }
  }

  private pruneForReplacement(node: DepNode, oldDeps: DepNode[]): void {
    const invalidDeps = new Set<DepNode>();
    for (const e of node.edgesOut.values()) {
      const to = e.to;
      if (to && !e.valid) invalidDeps.add(to);
    }
    for (const dep of oldDeps) {
      for (const d of gatherDepSet([dep], (e) => e.to !== dep && e.valid)) invalidDeps.add(d);
    }
    const junk = gatherDepSet(invalidDeps, (e) => e.from !== node && e.to !== node && e.valid);
    for (const dep of junk) this.tree.remove(dep);
  }

  /** Removes copies that a copy further up now serves, then looks inside the rest. */
  private pruneDedupable(node: DepNode, descend = true): void {
    if (!node.tree) return;
    if (node.canDedupe(false)) {
      for (const dep of gatherDepSet([node], (e) => e.to !== node && e.valid)) this.tree.remove(dep);
      return;
    }
    if (descend) {
      const kids = [...node.children.values()].sort((a, b) => compareLocation(a.location, b.location));
      for (const kid of kids) this.pruneDedupable(kid);
    }
  }
}

const collator = new Intl.Collator('en');
/** npm's sort order for paths and names (@isaacs/string-locale-compare with 'en'). */
export const compareLocation = (a: string, b: string): number => collator.compare(a, b);

/**
 * dev / optional / devOptional / peer / extraneous, as npm 11's calc-dep-flags computes them:
 * every flag starts set and is cleared along edges from the root until nothing changes.
 * - dev: reachable only through the root's devDependencies;
 * - optional: reachable only through optional edges (optionalDependencies, optional peers);
 * - devOptional: every path uses a dev or an optional edge, but the node is neither dev nor optional;
 * - peer: reachable only through peer edges;
 * - extraneous: not reachable at all (an optional peer alone does not keep a node).
 */
import type { DepNode, DepTree } from './dep-tree';

export function calcDepFlags(tree: DepTree): void {
  for (const node of tree.inventory) {
    node.dev = node.optional = node.devOptional = node.peer = node.extraneous = true;
  }
  const root = tree.root;
  root.dev = root.optional = root.devOptional = root.peer = root.extraneous = false;
  const queue: DepNode[] = [root];
  const seen = new Set<DepNode>();
  for (let node = queue.pop(); node; node = queue.pop()) {
    seen.add(node);
    // A folder holding a needed package is itself kept.
    if (!node.extraneous) {
      for (let p = node.parent; p?.extraneous; p = p.parent) p.extraneous = false;
    }
    for (const edge of node.edgesOut.values()) {
      const to = edge.to;
      if (!to) continue;
      const { peer, optional, dev } = edge;
      let changed = false;
      if (to.extraneous && !node.extraneous && !(peer && optional)) {
        to.extraneous = false;
        changed = true;
      }
      if (to.dev && !node.dev && !dev) {
        to.dev = false;
        changed = true;
      }
      if (to.optional && !node.optional && !optional) {
        to.optional = false;
        changed = true;
      }
      if (to.devOptional && !node.devOptional && !node.dev && !node.optional && !dev && !optional) {
        to.devOptional = false;
        changed = true;
      }
      if (to.peer && !node.peer && !peer) {
        to.peer = false;
        changed = true;
      }
      if (changed) queue.push(to);
    }
  }
  for (const node of seen) {
    if (node !== root && node.devOptional && (node.dev || node.optional)) node.devOptional = false;
  }
}

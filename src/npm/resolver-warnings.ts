/** What a person should know about a resolved tree: unmet peers, install scripts Cove skips. */
import type { DepNode, DepTree } from './dep-tree';
import { compareLocation } from './placement';

export function resolverWarnings(tree: DepTree): string[] {
  const nodes = [...tree.inventory]
    .map((node) => ({ node, location: node.location }))
    .sort((a, b) => compareLocation(a.location, b.location));
  const warnings: string[] = [];
  for (const { node } of nodes) warnings.push(...unmetPeers(node));
  const scripts = new Set<string>();
  for (const { node } of nodes) {
    if (node === tree.root || !node.entry.hasInstallScript) continue;
    const script = node.init.installScript;
    const what = script && script !== 'install' ? `a ${script} script` : 'an install script';
    scripts.add(`Cove does not run install scripts: ${node.packageName} has ${what}`);
  }
  return [...warnings, ...scripts];
}

function unmetPeers(node: DepNode): string[] {
  const out: string[] = [];
  for (const edge of node.edgesOut.values()) {
    if (!edge.peer || edge.valid) continue;
    const to = edge.to;
    const wants = `${node.label} wants ${edge.name}@${edge.spec}`;
    out.push(
      to
        ? `Unmet peer dependency: ${wants}, but ${to.packageName}@${to.version} is installed`
        : `Unmet peer dependency: ${wants}, which is not installed`,
    );
  }
  return out;
}

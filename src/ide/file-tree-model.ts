/** The file tree as the UI shows it, built from the workspace's flat file and folder lists. */
import type { FileInfo, FileKind } from '../fs/types';
import { basename, dirname } from '../shared/paths';

export interface TreeNode {
  name: string;
  path: string;
  type: 'folder' | 'file';
  kind?: FileKind;
  children: TreeNode[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortNodes(nodes: TreeNode[]): void {
  nodes.sort((a, b) => (a.type === b.type ? collator.compare(a.name, b.name) : a.type === 'folder' ? -1 : 1));
  for (const n of nodes) if (n.children.length) sortNodes(n.children);
}

/** Folders first, then files, each sorted naturally (`file2` before `file10`). */
export function buildTree(files: Pick<FileInfo, 'path' | 'kind'>[], folders: string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', type: 'folder', children: [] };
  const byPath = new Map<string, TreeNode>([['', root]]);
  const folderNode = (path: string): TreeNode => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const parent = folderNode(dirname(path));
    const node: TreeNode = { name: basename(path), path, type: 'folder', children: [] };
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const f of folders) folderNode(f);
  for (const f of files) {
    folderNode(dirname(f.path)).children.push({
      name: basename(f.path),
      path: f.path,
      type: 'file',
      kind: f.kind,
      children: [],
    });
  }
  sortNodes(root.children);
  return root.children;
}

export interface TreeRow {
  node: TreeNode;
  depth: number;
  /** Path of the parent folder ('' for the root). */
  parent: string;
}

/** The rows a person sees: children of collapsed folders are hidden. */
export function visibleRows(nodes: TreeNode[], expanded: ReadonlySet<string>, depth = 0, parent = ''): TreeRow[] {
  const rows: TreeRow[] = [];
  for (const node of nodes) {
    rows.push({ node, depth, parent });
    if (node.type === 'folder' && expanded.has(node.path))
      rows.push(...visibleRows(node.children, expanded, depth + 1, node.path));
  }
  return rows;
}

/**
 * A reason the name cannot be used in its folder, or undefined when it is fine. With `allowPath`
 * (creating), `a/b.ts` is accepted: the missing folders are created.
 */
export function validateName(
  name: string,
  siblingNames: readonly string[],
  current?: string,
  allowPath = false,
): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'A name is required.';
  if (allowPath && /[/\\]/.test(trimmed)) {
    const segs = trimmed.split(/[/\\]+/).filter(Boolean);
    if (!segs.length) return 'A name is required.';
    for (const seg of segs) if (seg === '.' || seg === '..') return `"${seg}" is not a valid name.`;
    const first = segs[0];
    return segs.length === 1 ? validateName(first, siblingNames, current) : undefined;
  }
  if (trimmed === '.' || trimmed === '..') return `"${trimmed}" is not a valid name.`;
  if (/[/\\]/.test(trimmed)) return 'A name cannot contain "/" or "\\".';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(trimmed)) return 'A name cannot contain control characters.';
  if (trimmed !== current && siblingNames.includes(trimmed)) return `"${trimmed}" already exists here.`;
  return undefined;
}

/** The names directly inside `folder`. */
export function childNames(nodes: TreeNode[], folder: string): string[] {
  if (!folder) return nodes.map((n) => n.name);
  for (const n of nodes) {
    if (n.path === folder) return n.children.map((c) => c.name);
    if (n.type === 'folder' && folder.startsWith(n.path + '/')) return childNames(n.children, folder);
  }
  return [];
}

/** Every folder on the way to `path`, so that revealing a file can expand them. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let d = dirname(path);
  while (d) {
    out.unshift(d);
    d = dirname(d);
  }
  return out;
}

export type TreeKeyAction =
  | { type: 'focus'; path: string }
  | { type: 'expand'; path: string }
  | { type: 'collapse'; path: string }
  | { type: 'open'; path: string }
  | { type: 'toggle'; path: string }
  | { type: 'rename'; path: string }
  | { type: 'delete'; path: string };

/** What a key press in the tree does (WAI-ARIA tree pattern), given the visible rows and the focused one. */
export function treeKeyAction(
  rows: TreeRow[],
  focused: string | undefined,
  key: string,
  expanded: ReadonlySet<string>,
): TreeKeyAction | undefined {
  if (!rows.length) return undefined;
  const i = Math.max(
    0,
    rows.findIndex((r) => r.node.path === focused),
  );
  const row = rows[i];
  const { node } = row;
  switch (key) {
    case 'ArrowDown':
      return { type: 'focus', path: rows[Math.min(rows.length - 1, i + 1)].node.path };
    case 'ArrowUp':
      return { type: 'focus', path: rows[Math.max(0, i - 1)].node.path };
    case 'Home':
      return { type: 'focus', path: rows[0].node.path };
    case 'End':
      return { type: 'focus', path: rows[rows.length - 1].node.path };
    case 'ArrowRight':
      if (node.type !== 'folder') return undefined;
      if (!expanded.has(node.path)) return { type: 'expand', path: node.path };
      return node.children.length ? { type: 'focus', path: node.children[0].path } : undefined;
    case 'ArrowLeft':
      if (node.type === 'folder' && expanded.has(node.path)) return { type: 'collapse', path: node.path };
      return row.parent ? { type: 'focus', path: row.parent } : undefined;
    case 'Enter':
    case ' ':
      return node.type === 'folder' ? { type: 'toggle', path: node.path } : { type: 'open', path: node.path };
    case 'F2':
      return { type: 'rename', path: node.path };
    case 'Delete':
      return { type: 'delete', path: node.path };
    default:
      return undefined;
  }
}

/** Folder paths carried along file renames (a renamed or moved folder stays expanded). */
export function renameFolders(
  folders: ReadonlySet<string>,
  renames: readonly { from: string; to: string }[],
): Set<string> {
  const out = new Set<string>();
  for (const folder of folders) {
    let mapped = folder;
    for (const r of renames) {
      if (r.from === folder) {
        mapped = r.to;
        break;
      }
      if (!r.from.startsWith(folder + '/')) continue;
      const rest = r.from.slice(folder.length);
      if (r.to.endsWith(rest)) {
        mapped = r.to.slice(0, r.to.length - rest.length);
        break;
      }
    }
    out.add(mapped);
  }
  return out;
}

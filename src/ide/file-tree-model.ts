/** The file tree as the UI shows it, built from the workspace's flat file and folder lists. */
import type { FileInfo, FileKind } from '../fs/types';
import { basename, dirname } from '../shared/paths';

export interface TreeNode {
  name: string;
  path: string;
  type: 'folder' | 'file';
  kind?: FileKind;
  children: TreeNode[];
  /** Installed package files: shown, opened, never renamed, moved or deleted. */
  readOnly?: boolean;
}

/** The folder where installed packages appear (they live in the package store, not in the project). */
export const NODE_MODULES = 'node_modules';

export function isPackagePath(path: string): boolean {
  return path === NODE_MODULES || path.startsWith(NODE_MODULES + '/');
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
  /** A "show more" row: this many more children of `parent` are not listed yet. */
  more?: number;
}

/**
 * How many children of an installed package's folder are listed at first, and how many more each
 * "show more" adds: some packages hold thousands of files in one folder (icon sets), and thousands
 * of rows at once would stall the page.
 */
export const PACKAGE_PAGE = 500;

/**
 * The rows a person sees: children of collapsed folders are hidden. `shown` says how many children
 * of a package folder to list (PACKAGE_PAGE when absent); the rest are summed up in a "more" row.
 */
export function visibleRows(
  nodes: TreeNode[],
  expanded: ReadonlySet<string>,
  shown: ReadonlyMap<string, number> = new Map(),
  depth = 0,
  parent = '',
): TreeRow[] {
  const rows: TreeRow[] = [];
  const add = (list: TreeNode[], depth: number, parent: string) => {
    for (const node of list) {
      rows.push({ node, depth, parent });
      if (node.type !== 'folder' || !expanded.has(node.path)) continue;
      const children = node.children;
      const limit = node.readOnly ? (shown.get(node.path) ?? PACKAGE_PAGE) : Infinity;
      add(children.length > limit ? children.slice(0, limit) : children, depth + 1, node.path);
      if (children.length > limit) rows.push(moreRow(node, children.length - limit, depth + 1));
    }
  };
  add(nodes, depth, parent);
  return rows;
}

function moreRow(folder: TreeNode, hidden: number, depth: number): TreeRow {
  // A trailing slash: a key no real file can have.
  const node: TreeNode = {
    name: `${hidden} more`,
    path: folder.path + '/',
    type: 'file',
    readOnly: true,
    children: [],
  };
  return { node, depth, parent: folder.path, more: hidden };
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
  /** F2 or Delete on an installed package file. */
  | { type: 'read-only'; path: string }
  /** Enter on a "more" row: list more children of the folder `path`. */
  | { type: 'more'; path: string }
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
      if (row.more) return { type: 'more', path: row.parent };
      return node.type === 'folder' ? { type: 'toggle', path: node.path } : { type: 'open', path: node.path };
    case 'F2':
      return node.readOnly ? { type: 'read-only', path: node.path } : { type: 'rename', path: node.path };
    case 'Delete':
      return node.readOnly ? { type: 'read-only', path: node.path } : { type: 'delete', path: node.path };
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

// ---------------------------------------------------------------------------- installed packages

interface FolderEntry {
  folders: string[];
  files: string[];
}

/** Every folder's direct children, from a flat list of file paths, in one pass. */
function indexFolders(paths: readonly string[]): Map<string, FolderEntry> {
  const index = new Map<string, FolderEntry>();
  const entry = (dir: string): FolderEntry => {
    let e = index.get(dir);
    if (e) return e;
    e = { folders: [], files: [] };
    index.set(dir, e);
    const at = dir.lastIndexOf('/');
    if (at > 0) entry(dir.slice(0, at)).folders.push(dir.slice(at + 1));
    return e;
  };
  entry(NODE_MODULES);
  for (const p of paths) {
    if (!p.startsWith(NODE_MODULES + '/') || p.endsWith('/')) continue;
    const at = p.lastIndexOf('/');
    entry(p.slice(0, at)).files.push(p.slice(at + 1));
  }
  return index;
}

/**
 * The read-only `node_modules` folder from the installed files' paths (`node_modules/react/index.js`),
 * or undefined when nothing is installed. The list may hold tens of thousands of paths, so nothing is
 * indexed until the folder is first opened, and each folder's children are built (and sorted) only
 * when that folder is opened.
 */
export function packageTree(paths: readonly string[]): TreeNode | undefined {
  if (!paths.length) return undefined;
  let index: Map<string, FolderEntry> | undefined;
  const folder = (path: string, name: string): TreeNode => {
    let children: TreeNode[] | undefined;
    return {
      name,
      path,
      type: 'folder',
      readOnly: true,
      get children() {
        if (children) return children;
        index ??= indexFolders(paths);
        const e = index.get(path) ?? { folders: [], files: [] };
        const folders = [...e.folders].sort(collator.compare).map((n) => folder(`${path}/${n}`, n));
        const files = [...e.files].sort(collator.compare).map((n): TreeNode => ({
          name: n,
          path: `${path}/${n}`,
          type: 'file',
          kind: 'text',
          readOnly: true,
          children: [],
        }));
        children = [...folders, ...files];
        return children;
      },
    };
  };
  return folder(NODE_MODULES, NODE_MODULES);
}

/**
 * The project's tree with the installed packages' folder at the bottom. A project that has its own
 * `node_modules` (uploaded files) keeps it: two folders with one path could not be told apart.
 */
export function withPackages(tree: TreeNode[], packages: TreeNode | undefined): TreeNode[] {
  if (!packages || tree.some((n) => n.name === NODE_MODULES)) return tree;
  return [...tree, packages];
}

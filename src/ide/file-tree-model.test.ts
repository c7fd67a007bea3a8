import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  buildTree,
  renameFolders,
  childNames,
  treeKeyAction,
  validateName,
  visibleRows,
} from './file-tree-model';

const files = [
  { path: 'src/main.ts', kind: 'text' as const },
  { path: 'src/file10.ts', kind: 'text' as const },
  { path: 'src/file2.ts', kind: 'text' as const },
  { path: 'index.html', kind: 'text' as const },
  { path: 'public/icon.png', kind: 'binary' as const },
  { path: 'src/lib/util.ts', kind: 'text' as const },
];

describe('buildTree', () => {
  it('puts folders first and sorts names naturally', () => {
    const tree = buildTree(files, ['empty']);
    expect(tree.map((n) => n.name)).toEqual(['empty', 'public', 'src', 'index.html']);
    const src = tree.find((n) => n.name === 'src')!;
    expect(src.children.map((n) => n.name)).toEqual(['lib', 'file2.ts', 'file10.ts', 'main.ts']);
    expect(tree.find((n) => n.name === 'public')!.children[0]).toMatchObject({
      path: 'public/icon.png',
      kind: 'binary',
    });
  });

  it('creates missing parent folders of nested explicit folders', () => {
    const tree = buildTree([], ['a/b/c']);
    expect(tree[0].path).toBe('a');
    expect(tree[0].children[0].children[0].path).toBe('a/b/c');
  });
});

describe('visibleRows and keys', () => {
  const tree = buildTree(files, []);
  it('hides children of collapsed folders', () => {
    expect(visibleRows(tree, new Set()).map((r) => r.node.path)).toEqual(['public', 'src', 'index.html']);
    const rows = visibleRows(tree, new Set(['src']));
    expect(rows.map((r) => [r.node.path, r.depth])).toContainEqual(['src/main.ts', 1]);
    expect(rows.find((r) => r.node.path === 'src/lib')?.parent).toBe('src');
  });

  it('follows the WAI-ARIA tree keys', () => {
    const expanded = new Set(['src']);
    const rows = visibleRows(tree, expanded);
    expect(treeKeyAction(rows, 'public', 'ArrowDown', expanded)).toEqual({ type: 'focus', path: 'src' });
    expect(treeKeyAction(rows, 'public', 'ArrowRight', expanded)).toEqual({ type: 'expand', path: 'public' });
    expect(treeKeyAction(rows, 'src', 'ArrowRight', expanded)).toEqual({ type: 'focus', path: 'src/lib' });
    expect(treeKeyAction(rows, 'src', 'ArrowLeft', expanded)).toEqual({ type: 'collapse', path: 'src' });
    expect(treeKeyAction(rows, 'src/main.ts', 'ArrowLeft', expanded)).toEqual({ type: 'focus', path: 'src' });
    expect(treeKeyAction(rows, 'src/main.ts', 'Enter', expanded)).toEqual({ type: 'open', path: 'src/main.ts' });
    expect(treeKeyAction(rows, 'src/main.ts', 'End', expanded)).toEqual({ type: 'focus', path: 'index.html' });
    expect(treeKeyAction(rows, 'index.html', 'Home', expanded)).toEqual({ type: 'focus', path: 'public' });
    expect(treeKeyAction(rows, 'index.html', 'F2', expanded)).toEqual({ type: 'rename', path: 'index.html' });
    expect(treeKeyAction(rows, 'index.html', 'Delete', expanded)).toEqual({ type: 'delete', path: 'index.html' });
    expect(treeKeyAction(rows, 'index.html', 'x', expanded)).toBeUndefined();
  });
});

describe('validateName', () => {
  it('rejects empty, duplicate and path-like names', () => {
    expect(validateName('  ', [])).toMatch(/required/);
    expect(validateName('a.ts', ['a.ts'])).toMatch(/already exists/);
    expect(validateName('a.ts', ['a.ts'], 'a.ts')).toBeUndefined();
    expect(validateName('a/b', [])).toMatch(/cannot contain/);
    expect(validateName('..', [])).toMatch(/not a valid/);
    expect(validateName('ok.ts', ['other.ts'])).toBeUndefined();
    expect(validateName('src/new.ts', ['src'], undefined, true)).toBeUndefined();
    expect(validateName('src/../x.ts', [], undefined, true)).toMatch(/not a valid/);
    expect(validateName('a.ts/', ['a.ts'], undefined, true)).toMatch(/already exists/);
  });

  it('lists sibling names and ancestors', () => {
    const tree = buildTree(files, []);
    expect(childNames(tree, 'src/lib')).toEqual(['util.ts']);
    expect(childNames(tree, '')).toContain('index.html');
    expect(ancestorsOf('src/lib/util.ts')).toEqual(['src', 'src/lib']);
  });
});

describe('renameFolders', () => {
  it('maps expanded folders through file renames', () => {
    const renames = [
      { from: 'src/lib/a.ts', to: 'source/lib/a.ts' },
      { from: 'src/b.ts', to: 'source/b.ts' },
    ];
    expect([...renameFolders(new Set(['src', 'src/lib', 'other']), renames)]).toEqual([
      'source',
      'source/lib',
      'other',
    ]);
  });
});

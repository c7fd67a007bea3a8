import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  buildTree,
  isPackagePath,
  PACKAGE_PAGE,
  packageTree,
  renameFolders,
  childNames,
  treeKeyAction,
  validateName,
  visibleRows,
  withPackages,
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

describe('packageTree', () => {
  const installed = [
    'node_modules/react/package.json',
    'node_modules/react/index.js',
    'node_modules/react/cjs/react.development.js',
    'node_modules/@types/react/index.d.ts',
    'node_modules/a/node_modules/b/index.js',
    'node_modules/a/file10.js',
    'node_modules/a/file2.js',
  ];

  it('nests installed files under a read-only node_modules folder, folders first', () => {
    const root = packageTree(installed)!;
    expect(root).toMatchObject({ name: 'node_modules', path: 'node_modules', type: 'folder', readOnly: true });
    expect(root.children.map((n) => n.name)).toEqual(['@types', 'a', 'react']);
    const a = root.children[1];
    expect(a.children.map((n) => [n.name, n.type])).toEqual([
      ['node_modules', 'folder'],
      ['file2.js', 'file'],
      ['file10.js', 'file'],
    ]);
    expect(a.children[0].children[0].children[0]).toMatchObject({
      path: 'node_modules/a/node_modules/b/index.js',
      readOnly: true,
    });
    expect(root.children[0].children[0].children.map((n) => n.path)).toEqual(['node_modules/@types/react/index.d.ts']);
  });

  it('is absent when nothing is installed, and ignores paths outside node_modules', () => {
    expect(packageTree([])).toBeUndefined();
    expect(packageTree(['src/x.ts', 'node_modules/p/i.js'])!.children.map((n) => n.path)).toEqual(['node_modules/p']);
  });

  it('reads the path list only when the folder is opened', () => {
    let reads = 0;
    const paths = new Proxy(installed, {
      get(target, key, receiver) {
        if (key !== 'length') reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const root = packageTree(paths)!;
    expect(reads).toBe(0);
    void root.children;
    expect(reads).toBeGreaterThan(0);
    const after = reads;
    void root.children[2].children;
    expect(reads).toBe(after); // one index for every folder
  });

  it('opens one folder of many thousands of files without building the others', () => {
    const many = Array.from({ length: 30_000 }, (_, i) => `node_modules/pkg${i % 300}/lib/f${i}.js`);
    const root = packageTree(many)!;
    const pkg = root.children.find((n) => n.name === 'pkg7')!;
    const rows = visibleRows([root], new Set(['node_modules', 'node_modules/pkg7', 'node_modules/pkg7/lib']));
    expect(pkg.children[0].children).toHaveLength(100);
    expect(rows).toHaveLength(1 + 300 + 1 + 100);
  });

  it('lists a huge package folder a page at a time, with a "more" row the keyboard can open', () => {
    const files = Array.from({ length: PACKAGE_PAGE * 2 + 10 }, (_, i) => `node_modules/icons/f${i}.js`);
    const root = packageTree(files)!;
    const expanded = new Set(['node_modules', 'node_modules/icons']);
    let rows = visibleRows([root], expanded);
    expect(rows).toHaveLength(2 + PACKAGE_PAGE + 1);
    const more = rows[rows.length - 1];
    expect(more).toMatchObject({ more: PACKAGE_PAGE + 10, parent: 'node_modules/icons', depth: 2 });
    expect(more.node.path).toBe('node_modules/icons/');
    expect(treeKeyAction(rows, more.node.path, 'Enter', expanded)).toEqual({
      type: 'more',
      path: 'node_modules/icons',
    });
    expect(treeKeyAction(rows, more.node.path, 'Delete', expanded)).toMatchObject({ type: 'read-only' });
    rows = visibleRows([root], expanded, new Map([['node_modules/icons', PACKAGE_PAGE * 3]]));
    expect(rows).toHaveLength(2 + files.length);
    expect(rows.some((r) => r.more)).toBe(false);
    // Project folders are never cut short.
    const project = buildTree(
      files.map((f) => ({ path: f.replace('node_modules/', 'src/'), kind: 'text' as const })),
      [],
    );
    expect(visibleRows(project, new Set(['src', 'src/icons']))).toHaveLength(2 + files.length);
  });

  it('sits at the bottom of the project tree, unless the project has its own node_modules', () => {
    const pkgs = packageTree(installed);
    const tree = buildTree(files, []);
    expect(withPackages(tree, pkgs).map((n) => n.name)).toEqual(['public', 'src', 'index.html', 'node_modules']);
    expect(withPackages(tree, undefined)).toBe(tree);
    const own = buildTree([{ path: 'node_modules/x.js', kind: 'text' }], []);
    expect(withPackages(own, pkgs)).toBe(own);
    expect(isPackagePath('node_modules/react/index.js')).toBe(true);
    expect(isPackagePath('node_modules')).toBe(true);
    expect(isPackagePath('node_modules_x/a')).toBe(false);
  });

  it('refuses rename and delete keys on installed files, keeps navigation', () => {
    const root = packageTree(installed)!;
    const expanded = new Set(['node_modules', 'node_modules/react']);
    const rows = visibleRows(withPackages(buildTree(files, []), root), expanded);
    const file = 'node_modules/react/index.js';
    expect(treeKeyAction(rows, file, 'F2', expanded)).toEqual({ type: 'read-only', path: file });
    expect(treeKeyAction(rows, file, 'Delete', expanded)).toEqual({ type: 'read-only', path: file });
    expect(treeKeyAction(rows, file, 'Enter', expanded)).toEqual({ type: 'open', path: file });
    expect(treeKeyAction(rows, file, 'ArrowLeft', expanded)).toEqual({ type: 'focus', path: 'node_modules/react' });
    expect(treeKeyAction(rows, 'node_modules', 'ArrowRight', expanded)).toEqual({
      type: 'focus',
      path: 'node_modules/@types',
    });
    expect(treeKeyAction(rows, 'index.html', 'ArrowDown', expanded)).toEqual({ type: 'focus', path: 'node_modules' });
  });
});

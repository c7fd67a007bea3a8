/**
 * The project's file tree: WAI-ARIA tree with roving focus, inline create/rename, drag-and-drop moves,
 * and the installed packages as a read-only `node_modules` folder at the bottom.
 */
import { useComputed, useSignal, useSignalEffect, type ReadonlySignal } from '@preact/signals';
import { useMemo, useRef } from 'preact/hooks';
import { basename, dirname } from '../../shared/paths';
import { activeFile, fileList, lastRenames, notify, projectId, readOnly, readOnlyReason } from '../app-state';
import {
  createFile,
  createFolder,
  deletePath,
  movePath,
  openFile,
  READ_ONLY_MESSAGE,
  renamePath,
  uploadInto,
} from '../file-actions';
import { filesFromDrop, type IncomingFile } from '../file-upload';
import {
  ancestorsOf,
  buildTree,
  childNames,
  isPackagePath,
  PACKAGE_PAGE,
  packageTree,
  renameFolders,
  treeKeyAction,
  validateName,
  visibleRows,
  withPackages,
} from '../file-tree-model';
import type { TreeRow } from '../file-tree-model';
import { errorMessage } from '../project-controller';
import { confirmDialog } from './dialog';
import { FileIcon, FolderIcon } from './file-icon';
import { ChevronIcon, CollapseIcon, NewFileIcon, NewFolderIcon, UploadIcon } from './icons';
import { NameInput } from './name-input';
import { PackageTreeRow } from './package-tree-row';
import './file-tree.css';

type Pending = { type: 'file' | 'folder'; parent: string } | undefined;

const INDENT = 12;

export function FileTree({ packageFiles }: { packageFiles: ReadonlySignal<string[]> }) {
  const expanded = useSignal<ReadonlySet<string>>(new Set(['src']));
  const selected = useSignal<string | undefined>(undefined);
  const focused = useSignal<string | undefined>(undefined);
  const renaming = useSignal<string | undefined>(undefined);
  const pending = useSignal<Pending>(undefined);
  const dropTarget = useSignal<string | undefined>(undefined);
  const treeRef = useRef<HTMLDivElement>(null);
  const uploadRef = useRef<HTMLInputElement>(null);

  const projectTree = useComputed(() => buildTree(fileList.value.files, fileList.value.folders));
  // Its own computed: the project's edits do not rebuild it, and it indexes nothing until opened.
  const packages = useComputed(() => packageTree(packageFiles.value));
  const tree = useComputed(() => withPackages(projectTree.value, packages.value));
  /** How many children of big package folders are listed (see PACKAGE_PAGE). */
  const shown = useSignal<ReadonlyMap<string, number>>(new Map());
  const rows = useComputed(() => visibleRows(tree.value, expanded.value, shown.value));

  // A new project starts collapsed except `src`.
  useSignalEffect(() => {
    void projectId.value;
    expanded.value = new Set(['src']);
    selected.value = undefined;
  });

  // Renamed or moved folders (here or in another tab) keep their expanded state and selection.
  useSignalEffect(() => {
    const renames = lastRenames.value;
    if (!renames.length) return;
    expanded.value = renameFolders(expanded.peek(), renames);
    const sel = selected.peek();
    if (sel) selected.value = [...renameFolders(new Set([sel]), renames)][0];
  });

  // Follow the active editor tab: reveal and select it.
  useSignalEffect(() => {
    const path = activeFile.value;
    if (!path) return;
    const need = ancestorsOf(path).filter((a) => !expanded.peek().has(a));
    if (need.length) expanded.value = new Set([...expanded.peek(), ...need]);
    selected.value = path;
    focused.value = path;
  });

  const setExpanded = (path: string, open: boolean) => {
    const next = new Set(expanded.value);
    if (open) next.add(path);
    else next.delete(path);
    expanded.value = next;
  };

  /** List another page of a big package folder; focus moves to the first newly listed row. */
  const showMore = (folder: string) => {
    const limit = shown.value.get(folder) ?? PACKAGE_PAGE;
    shown.value = new Map(shown.value).set(folder, limit + PACKAGE_PAGE);
    const first = rows.value.find((r) => r.node.path === folder)?.node.children[limit];
    if (first) focusRow(first.path);
  };

  const focusRow = (path: string) => {
    focused.value = path;
    queueMicrotask(() => treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`)?.focus());
  };

  /** Where the toolbar's "New file" goes: the selected folder, or the folder of the selected file. */
  const targetFolder = (): string => {
    const sel = selected.value;
    if (!sel || isPackagePath(sel)) return '';
    return fileList.value.folders.includes(sel) ? sel : dirname(sel);
  };

  const startCreate = (type: 'file' | 'folder', parent = targetFolder()) => {
    if (parent) setExpanded(parent, true);
    renaming.value = undefined;
    pending.value = { type, parent };
  };

  const askDelete = async (path: string) => {
    const isFolder = fileList.value.folders.includes(path);
    const ok = await confirmDialog({
      title: `Delete ${isFolder ? 'folder' : 'file'}?`,
      message: isFolder ? `"${path}" and everything in it will be deleted.` : `"${path}" will be deleted.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    const index = rows.value.findIndex((r) => r.node.path === path);
    if (ok) deletePath(path);
    // Keep keyboard focus in the tree: on the row that took the deleted one's place.
    const next = rows.value[Math.min(index, rows.value.length - 1)]?.node.path;
    if (next) focusRow(next);
  };

  const upload = async (folder: string, files: IncomingFile[]) => {
    const written = await uploadInto(folder, files, (paths) =>
      confirmDialog({
        title: paths.length === 1 ? 'Replace file?' : `Replace ${paths.length} files?`,
        message:
          paths.length === 1
            ? `"${paths[0]}" already exists. Replace it with the uploaded file?`
            : `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''} already exist. Replace them?`,
        confirmLabel: 'Replace',
        danger: true,
      }),
    );
    if (!written.length) return;
    if (folder) setExpanded(folder, true);
    selected.value = written.length === 1 ? written[0] : folder || undefined;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement) return;
    const action = treeKeyAction(rows.value, focused.value, e.key, expanded.value);
    if (!action) return;
    e.preventDefault();
    switch (action.type) {
      case 'focus':
        focusRow(action.path);
        break;
      case 'expand':
      case 'collapse':
        setExpanded(action.path, action.type === 'expand');
        break;
      case 'toggle':
        setExpanded(action.path, !expanded.value.has(action.path));
        selected.value = action.path;
        break;
      case 'open':
        selected.value = action.path;
        openFile(action.path);
        break;
      case 'rename':
      case 'delete':
        if (readOnly.value) {
          notify('info', readOnlyReason.value ?? READ_ONLY_MESSAGE);
          break;
        }
        if (action.type === 'delete') {
          void askDelete(action.path);
          break;
        }
        pending.value = undefined;
        renaming.value = action.path;
        break;
      case 'more':
        showMore(action.path);
        break;
      case 'read-only':
        notify('info', 'Installed packages are read-only. Add, update or remove them in the Dependencies panel.');
        break;
    }
  };

  const commitCreate = (name: string): string | undefined => {
    const p = pending.value;
    if (!p) return undefined;
    const err = validateName(name, childNames(tree.value, p.parent), undefined, true);
    if (err) return err;
    try {
      const path = p.type === 'file' ? createFile(p.parent, name) : createFolder(p.parent, name);
      pending.value = undefined;
      selected.value = path;
      focusRow(path);
      return undefined;
    } catch (err) {
      return errorMessage(err);
    }
  };

  const commitRename = (path: string, name: string): string | undefined => {
    const err = validateName(name, childNames(tree.value, dirname(path)), basename(path));
    if (err) return err;
    try {
      const to = renamePath(path, name);
      renaming.value = undefined;
      selected.value = to;
      focusRow(to);
      return undefined;
    } catch (err) {
      return errorMessage(err);
    }
  };

  // Drag and drop: rows are draggable; folders and the empty area (root) accept drops.
  const onDragStart = (e: DragEvent, path: string) => {
    e.dataTransfer?.setData('application/x-cove-path', path);
    e.dataTransfer?.setData('text/plain', path);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
  };
  // Files dragged in from the computer are uploaded into the folder they are dropped on.
  const onDragOver = (e: DragEvent, folder: string) => {
    const types = e.dataTransfer?.types ?? [];
    const internal = types.includes('application/x-cove-path');
    if (!internal && !types.includes('Files')) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer!.dropEffect = internal ? 'move' : 'copy';
    dropTarget.value = folder;
  };
  const onDrop = (e: DragEvent, folder: string) => {
    const from = e.dataTransfer?.getData('application/x-cove-path');
    dropTarget.value = undefined;
    if (!from && e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
      e.stopPropagation();
      filesFromDrop(e.dataTransfer).then(
        (files) => upload(folder, files),
        (err: unknown) => notify('error', `Could not read the dropped files: ${errorMessage(err)}`),
      );
      return;
    }
    if (!from) return;
    e.preventDefault();
    e.stopPropagation();
    const to = movePath(from, folder);
    if (to) {
      if (folder) setExpanded(folder, true);
      selected.value = to;
    }
  };

  const rowsView = rows.value;
  const focusPath = rowsView.some((r) => r.node.path === focused.value) ? focused.value : rowsView[0]?.node.path;
  const pendingRow = pending.value;
  const pendingIndex = useMemo(() => {
    if (!pendingRow) return -1;
    if (!pendingRow.parent) return 0;
    const i = rowsView.findIndex((r) => r.node.path === pendingRow.parent);
    return i < 0 ? 0 : i + 1;
  }, [pendingRow, rowsView]);
  const pendingDepth = pendingRow?.parent ? pendingRow.parent.split('/').length : 0;

  const renderPending = () =>
    pendingRow && (
      <div class="tree-row tree-row-input" style={{ paddingLeft: 8 + pendingDepth * INDENT + 16 }} key="__pending">
        {pendingRow.type === 'folder' ? <FolderIcon open={false} /> : <FileIcon path="" />}
        <NameInput
          initial=""
          label={pendingRow.type === 'folder' ? 'New folder name' : 'New file name'}
          onCommit={commitCreate}
          onCancel={() => (pending.value = undefined)}
        />
      </div>
    );

  const renderRow = (row: TreeRow) => {
    const { node, depth } = row;
    const isFolder = node.type === 'folder';
    const open = isFolder && expanded.value.has(node.path);
    if (node.readOnly) return renderPackageRow(row, open);
    if (renaming.value === node.path) {
      return (
        <div class="tree-row tree-row-input" style={{ paddingLeft: 8 + depth * INDENT + 16 }} key={node.path}>
          {isFolder ? <FolderIcon open={open} /> : <FileIcon path={node.path} />}
          <NameInput
            initial={node.name}
            label={`Rename ${node.name}`}
            onCommit={(name) => commitRename(node.path, name)}
            onCancel={() => {
              renaming.value = undefined;
              focusRow(node.path);
            }}
          />
        </div>
      );
    }
    return (
      <div
        key={node.path}
        role="treeitem"
        aria-label={node.name}
        aria-level={depth + 1}
        aria-expanded={isFolder ? open : undefined}
        aria-selected={selected.value === node.path}
        tabIndex={node.path === focusPath ? 0 : -1}
        data-path={node.path}
        class={`tree-row${selected.value === node.path ? ' selected' : ''}${activeFile.value === node.path ? ' active' : ''}${dropTarget.value === node.path ? ' drop-target' : ''}`}
        style={{ paddingLeft: 8 + depth * INDENT }}
        draggable
        title={node.path}
        onDragStart={(e) => onDragStart(e, node.path)}
        onDragOver={isFolder ? (e) => onDragOver(e, node.path) : (e) => onDragOver(e, row.parent)}
        onDragLeave={() => (dropTarget.value = undefined)}
        onDrop={isFolder ? (e) => onDrop(e, node.path) : (e) => onDrop(e, row.parent)}
        onFocus={() => (focused.value = node.path)}
        onClick={() => {
          selected.value = node.path;
          focused.value = node.path;
          if (isFolder) setExpanded(node.path, !open);
          else openFile(node.path);
        }}
      >
        <span class={`tree-chevron${open ? ' open' : ''}`}>{isFolder && <ChevronIcon size={12} />}</span>
        {isFolder ? <FolderIcon open={open} /> : <FileIcon path={node.path} />}
        <span class="tree-name">{node.name}</span>
        {node.kind === 'binary' && <span class="tree-badge">bin</span>}
      </div>
    );
  };

  const renderPackageRow = (row: TreeRow, open: boolean) => {
    const path = row.node.path;
    return (
      <PackageTreeRow
        key={path}
        row={row}
        open={open}
        selected={selected.value === path}
        active={activeFile.value === path}
        focusable={path === focusPath}
        indent={8 + row.depth * INDENT}
        onFocus={() => (focused.value = path)}
        onDragOverOrDrop={() => (dropTarget.value = undefined)}
        onClick={() => {
          focused.value = path;
          if (row.more) return showMore(row.parent);
          selected.value = path;
          if (row.node.type === 'folder') setExpanded(path, !open);
          else openFile(path);
        }}
      />
    );
  };

  const items = rowsView.map(renderRow);
  const pendingView = renderPending();
  if (pendingView) items.splice(pendingIndex, 0, pendingView);

  return (
    <section class="file-tree" aria-label="Files">
      <div class="file-tree-toolbar">
        <span class="file-tree-title">Files</span>
        <button
          class="cove-icon-btn"
          aria-label="New file"
          disabled={readOnly.value}
          title="New file"
          onClick={() => startCreate('file')}
        >
          <NewFileIcon />
        </button>
        <button
          class="cove-icon-btn"
          aria-label="New folder"
          disabled={readOnly.value}
          title="New folder"
          onClick={() => startCreate('folder')}
        >
          <NewFolderIcon />
        </button>
        <button
          class="cove-icon-btn"
          aria-label="Upload files"
          disabled={readOnly.value}
          title="Upload files (or drop them on the tree)"
          onClick={() => uploadRef.current?.click()}
        >
          <UploadIcon />
        </button>
        <input
          ref={uploadRef}
          type="file"
          multiple
          hidden
          data-testid="upload-input"
          onChange={(e) => {
            const input = e.currentTarget;
            const files = [...(input.files ?? [])].map((file) => ({ path: file.name, file }));
            input.value = ''; // picking the same file again must fire change again
            void upload(targetFolder(), files);
          }}
        />
        <button
          class="cove-icon-btn"
          aria-label="Collapse folders"
          title="Collapse folders"
          onClick={() => (expanded.value = new Set())}
        >
          <CollapseIcon />
        </button>
      </div>
      <div
        ref={treeRef}
        class={`file-tree-body${dropTarget.value === '' ? ' drop-target' : ''}`}
        role="tree"
        aria-label="Project files"
        onKeyDown={onKeyDown}
        onDragOver={(e) => onDragOver(e, '')}
        onDragLeave={(e) => {
          if (e.target === e.currentTarget) dropTarget.value = undefined;
        }}
        onDrop={(e) => onDrop(e, '')}
      >
        {items}
        {!rowsView.length && !pendingRow && <p class="file-tree-empty">No files yet. Create one with “New file”.</p>}
      </div>
    </section>
  );
}

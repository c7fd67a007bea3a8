/** A row of the read-only `node_modules` folder: opens and expands, but takes no drops, renames or deletes. */
import { basename } from '../../shared/paths';
import { NODE_MODULES, PACKAGE_PAGE, type TreeRow } from '../file-tree-model';
import { FileIcon, FolderIcon } from './file-icon';
import { ChevronIcon, LockIcon } from './icons';

interface Props {
  row: TreeRow;
  open: boolean;
  selected: boolean;
  active: boolean;
  focusable: boolean;
  indent: number;
  onFocus: () => void;
  onClick: () => void;
  onDragOverOrDrop: () => void;
}

export function PackageTreeRow({ row, open, selected, active, focusable, indent, ...on }: Props) {
  const { node } = row;
  const isFolder = node.type === 'folder';
  const isRoot = node.path === NODE_MODULES;
  if (row.more) return <MoreRow row={row} more={row.more} focusable={focusable} indent={indent} {...on} />;
  const refuseDrop = (e: DragEvent) => {
    // Stopped here so the tree body does not take it as a drop on the project root.
    e.stopPropagation();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'none';
    on.onDragOverOrDrop();
  };
  return (
    <div
      role="treeitem"
      aria-label={node.name}
      aria-description={isRoot ? 'installed packages, read-only' : 'read-only'}
      aria-level={row.depth + 1}
      aria-expanded={isFolder ? open : undefined}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-path={node.path}
      data-readonly="true"
      class={`tree-row read-only${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      style={{ paddingLeft: indent }}
      title={isRoot ? 'Installed packages (read-only): manage them in the Dependencies panel' : node.path}
      onDragOver={refuseDrop}
      onDrop={refuseDrop}
      onFocus={on.onFocus}
      onClick={on.onClick}
    >
      <span class={`tree-chevron${open ? ' open' : ''}`}>{isFolder && <ChevronIcon size={12} />}</span>
      {isFolder ? <FolderIcon open={open} /> : <FileIcon path={node.path} />}
      <span class="tree-name">{node.name}</span>
      {isRoot && <LockIcon size={12} class="tree-lock" />}
    </div>
  );
}

/** Stands for the children of a big package folder not listed yet; Enter or a click lists more. */
type MoreProps = Pick<Props, 'row' | 'focusable' | 'indent' | 'onFocus' | 'onClick'> & { more: number };

function MoreRow({ row, more, focusable, indent, onFocus, onClick }: MoreProps) {
  const next = Math.min(more, PACKAGE_PAGE);
  return (
    <div
      role="treeitem"
      aria-label={`Show ${next} more of ${more} files not listed in ${basename(row.parent)}`}
      aria-level={row.depth + 1}
      aria-selected={false}
      tabIndex={focusable ? 0 : -1}
      data-path={row.node.path}
      data-readonly="true"
      class="tree-row read-only tree-more"
      style={{ paddingLeft: indent + 17 }}
      onFocus={onFocus}
      onClick={onClick}
    >
      {more} more files… <span class="tree-more-action">show {next} more</span>
    </div>
  );
}

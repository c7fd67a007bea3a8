/** The open-file tabs above the editor. */
import { basename } from '../../shared/paths';
import { fileList, tabs } from '../app-state';
import { closeFile, openFile } from '../file-actions';
import { isPackagePath } from '../file-tree-model';
import { FileIcon } from './file-icon';
import { CloseIcon, LockIcon } from './icons';
import './editor-tabs.css';

export function EditorTabs() {
  const { tabs: list, active } = tabs.value;
  // Two open files with the same name show their folder too.
  const names = list.map(basename);
  const projectFiles = new Set(fileList.value.files.map((f) => f.path));
  // Installed package files are not project files: they open read-only.
  const readOnly = (path: string) => isPackagePath(path) && !projectFiles.has(path);
  return (
    <div class="editor-tabs" role="tablist" aria-label="Open files">
      {list.map((path, i) => {
        const dup = names.filter((n) => n === names[i]).length > 1;
        const isActive = path === active;
        const locked = readOnly(path);
        const label = `${dup ? `${names[i]} (${path})` : names[i]}${locked ? ', read-only' : ''}`;
        return (
          <div
            key={path}
            class={`editor-tab${isActive ? ' active' : ''}${locked ? ' read-only' : ''}`}
            role="tab"
            aria-label={label}
            aria-selected={isActive}
            tabIndex={isActive ? 0 : -1}
            title={locked ? `${path} (read-only: an installed package file)` : path}
            onClick={() => openFile(path)}
            onAuxClick={(e) => {
              if (e.button === 1) {
                e.preventDefault();
                closeFile(path);
              }
            }}
            onMouseDown={(e) => {
              // Middle click would otherwise start auto-scroll.
              if (e.button === 1) e.preventDefault();
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = list[(i + (e.key === 'ArrowRight' ? 1 : list.length - 1)) % list.length];
                openFile(next);
                queueMicrotask(() => (document.querySelector('.editor-tab.active') as HTMLElement | null)?.focus());
              } else if (e.key === 'Delete') closeFile(path);
            }}
          >
            <FileIcon path={path} />
            <span class="editor-tab-name">{names[i]}</span>
            {locked && <LockIcon size={11} class="editor-tab-lock" />}
            {dup && <span class="editor-tab-dir">{path.slice(0, path.length - names[i].length - 1) || '/'}</span>}
            <button
              class="editor-tab-close"
              aria-label={`Close ${names[i]}`}
              tabIndex={-1}
              onClick={(e) => {
                e.stopPropagation();
                closeFile(path);
              }}
            >
              <CloseIcon size={12} />
            </button>
          </div>
        );
      })}
    </div>
  );
}

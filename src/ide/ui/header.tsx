/** The top bar: logo (home), the editable project title, sharing, project export, theme toggle. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, notify, projectTitle, readOnly, theme } from '../app-state';
import { errorMessage, renameProject, session } from '../project-controller';
import { downloadText, exportProjectJson, exportProjectZip } from '../project-transfer';
import { toggleTheme } from '../theme-control';
import { CoveLogo, DownloadIcon, MoonIcon, SunIcon } from './icons';
import { ShareButton } from './share-dialog';
import './header.css';

export function Header({ editableTitle = true }: { editableTitle?: boolean }) {
  return (
    <header class="app-header">
      <a
        class="app-logo"
        href="/projects"
        title="All projects"
        onClick={(e) => {
          e.preventDefault();
          navigate({ view: 'home' });
        }}
      >
        <CoveLogo />
        <span>Cove</span>
      </a>
      {editableTitle && projectTitle.value && (
        <>
          <span class="app-header-sep" aria-hidden="true">
            /
          </span>
          <TitleField />
        </>
      )}
      <span class="app-header-spacer" />
      {editableTitle && projectTitle.value && <ShareButton />}
      {editableTitle && projectTitle.value && (
        <button
          class="cove-btn app-header-action"
          onClick={() => void downloadZip()}
          title="Download the project's files as a .zip"
        >
          <DownloadIcon />
          Download zip
        </button>
      )}
      {editableTitle && projectTitle.value && (
        <button
          class="cove-btn app-header-action"
          onClick={() => void exportProject()}
          aria-label="Export project as FileSystemTree JSON"
          title="Download the project's files as one FileSystemTree JSON file (for @webcontainer/api's mount)"
        >
          Export JSON
        </button>
      )}
      <button
        class="cove-icon-btn"
        onClick={toggleTheme}
        aria-label={theme.value === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title="Toggle theme"
      >
        {theme.value === 'dark' ? <SunIcon /> : <MoonIcon />}
      </button>
    </header>
  );
}

async function downloadZip(): Promise<void> {
  const s = session.value;
  if (!s) return;
  try {
    const { fileName, bytes } = await exportProjectZip(s.project.workspace, projectTitle.value, Date.now());
    downloadText(fileName, bytes, 'application/zip');
  } catch (err) {
    notify('error', `Could not download the project: ${errorMessage(err)}`);
  }
}

async function exportProject(): Promise<void> {
  const s = session.value;
  if (!s) return;
  try {
    const { fileName, json } = await exportProjectJson(s.project.workspace, projectTitle.value);
    downloadText(fileName, json);
  } catch (err) {
    notify('error', `Could not export the project: ${errorMessage(err)}`);
  }
}

function TitleField() {
  const [value, setValue] = useState(projectTitle.value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => setValue(projectTitle.value), [projectTitle.value]);
  const commit = () => {
    if (value.trim()) void renameProject(value);
    else setValue(projectTitle.value);
  };
  return (
    <input
      ref={ref}
      class="app-title-input"
      aria-label="Project title"
      value={value}
      readOnly={readOnly.value}
      size={Math.max(8, Math.min(48, value.length + 1))}
      spellcheck={false}
      onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') ref.current?.blur();
        if (e.key === 'Escape') {
          setValue(projectTitle.value);
          queueMicrotask(() => ref.current?.blur());
        }
      }}
    />
  );
}

/**
 * `/projects`: local projects (open, duplicate, rename, delete, import) and new ones from templates.
 * Import takes a .zip, a FileSystemTree .json or a folder, picked or dropped anywhere on the page.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProjectMeta } from '../../fs/types';
import { navigate, notify } from '../app-state';
import { createFromTemplate, errorMessage, projectStore } from '../project-controller';
import { folderFromInput, hasDirectoryPicker, pickFolder, readDrop, type PickedFolder } from '../folder-import';
import { describeSkipped, importProjectFile, importProjectFolder, type ImportResult } from '../project-transfer';
import { listTemplates } from '../services/templates';
import { confirmDialog } from './dialog';
import { Header } from './header';
import { CopyIcon, PencilIcon, TrashIcon, UploadIcon } from './icons';
import './home-view.css';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function HomeView() {
  const [projects, setProjects] = useState<ProjectMeta[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [importError, setImportError] = useState<string | undefined>();
  const [dropping, setDropping] = useState(false);
  const importInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  // Not in Preact's JSX types; the attribute makes the input pick a folder.
  useEffect(() => folderInput.current?.setAttribute('webkitdirectory', ''), []);

  const refresh = () =>
    projectStore()
      .list()
      .then(setProjects, (err: unknown) => setError(errorMessage(err)));

  useEffect(() => {
    document.title = 'Projects · Cove';
    void refresh();
  }, []);

  const run = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(label);
    try {
      await fn();
    } catch (err) {
      notify('error', errorMessage(err));
    } finally {
      setBusy(undefined);
      void refresh();
    }
  };

  const create = (template: string) =>
    run(`create:${template}`, async () => {
      const meta = await createFromTemplate(template);
      navigate({ view: 'project', id: meta.id });
    });

  const remove = async (p: ProjectMeta) => {
    const ok = await confirmDialog({
      title: 'Delete project?',
      message: `"${p.title}" and all its files will be deleted from this browser. This cannot be undone.`,
      confirmLabel: 'Delete project',
      danger: true,
    });
    if (ok) await run(`delete:${p.id}`, () => projectStore().delete(p.id));
  };

  const rename = (p: ProjectMeta, title: string) => {
    setRenaming(undefined);
    if (title.trim() && title.trim() !== p.title) void run(`rename:${p.id}`, () => projectStore().rename(p.id, title));
  };

  /** Imports as a new project and opens it; nothing is created when `read` fails. */
  const runImport = async (read: () => Promise<ImportResult | undefined>) => {
    setImportError(undefined);
    setBusy('import');
    try {
      const result = await read();
      if (!result) return setBusy(undefined);
      const note = describeSkipped(result.skipped);
      if (note) notify('info', note);
      navigate({ view: 'project', id: result.meta.id });
    } catch (err) {
      setImportError(errorMessage(err));
      setBusy(undefined);
    }
  };
  const importFile = (file: File | undefined) => file && runImport(() => importProjectFile(projectStore(), file));
  const importFolder = (folder: PickedFolder | undefined) =>
    runImport(async () => (folder ? importProjectFolder(projectStore(), folder) : undefined));

  const pickAndImport = async () => {
    const folder = await pickFolder();
    return folder && importProjectFolder(projectStore(), folder);
  };

  const onDrop = (e: DragEvent) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    setDropping(false);
    if (busy) return;
    const dropped = readDrop(e.dataTransfer);
    if (!dropped) setImportError('Drop one .zip, one .json or one folder to import it as a new project.');
    else if ('file' in dropped) void importFile(dropped.file);
    else void runImport(async () => importProjectFolder(projectStore(), await dropped.folder));
  };

  const templates = listTemplates();

  return (
    <div
      class={`home${dropping ? ' home-dropping' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.relatedTarget || !(e.currentTarget as Node).contains(e.relatedTarget as Node)) setDropping(false);
      }}
      onDrop={onDrop}
    >
      <Header editableTitle={false} />
      {dropping && (
        <div class="home-drop-hint" aria-hidden="true">
          Drop a .zip, a .json or a folder to import it as a new project
        </div>
      )}
      <main class="home-main">
        <section aria-labelledby="new-heading">
          <h1 id="new-heading">New project</h1>
          <div class="template-grid">
            {templates.map((t) => (
              <button
                key={t.name}
                class="template-card"
                disabled={!!busy}
                onClick={() => void create(t.name)}
                aria-label={`New project from template ${t.title}`}
              >
                <strong>{t.title}</strong>
                {t.description && <span>{t.description}</span>}
                {busy === `create:${t.name}` && <span class="template-busy">Creating…</span>}
              </button>
            ))}
          </div>
        </section>
        <section aria-labelledby="projects-heading">
          <div class="home-section-head">
            <h2 id="projects-heading">Your projects</h2>
            <button
              class="cove-btn"
              disabled={!!busy}
              onClick={() => importInput.current?.click()}
              title="Create a new project from a .zip or an exported FileSystemTree .json"
            >
              <UploadIcon />
              {busy === 'import' ? 'Importing…' : 'Import project'}
            </button>
            <button
              class="cove-btn"
              disabled={!!busy}
              onClick={() => (hasDirectoryPicker() ? void runImport(pickAndImport) : folderInput.current?.click())}
              title="Create a new project from a folder on this computer (node_modules/ and .git/ are left out)"
            >
              <UploadIcon />
              Import folder
            </button>
            <input
              ref={importInput}
              type="file"
              accept=".zip,.json,application/zip,application/json"
              hidden
              aria-label="Project file to import"
              onChange={(e) => {
                const input = e.currentTarget;
                void importFile(input.files?.[0]);
                input.value = ''; // so picking the same file again imports it again
              }}
            />
            <input
              ref={folderInput}
              type="file"
              hidden
              aria-label="Folder to import"
              onChange={(e) => {
                const input = e.currentTarget;
                const folder = input.files && folderFromInput(input.files);
                input.value = '';
                if (folder) void importFolder(folder);
              }}
            />
          </div>
          <p class="home-hint">
            Import a .zip, a FileSystemTree .json or a folder, or drop one on this page. node_modules/ and .git/ are
            left out.
          </p>
          {importError && (
            <p class="home-error" role="alert">
              Could not import the project: {importError}
            </p>
          )}
          {error && (
            <p class="home-error" role="alert">
              Could not list projects: {error}
            </p>
          )}
          {projects && !projects.length && (
            <p class="home-empty">No projects yet. Pick a template above to start one.</p>
          )}
          {projects && projects.length > 0 && (
            <ul class="project-list" aria-label="Projects">
              {projects.map((p) => (
                <li key={p.id} class="project-row">
                  {renaming === p.id ? (
                    <input
                      class="cove-input project-rename"
                      aria-label={`New title for ${p.title}`}
                      defaultValue={p.title}
                      autoFocus
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') rename(p, (e.currentTarget as HTMLInputElement).value);
                        if (e.key === 'Escape') setRenaming(undefined);
                      }}
                      onBlur={(e) => rename(p, (e.currentTarget as HTMLInputElement).value)}
                    />
                  ) : (
                    <a
                      class="project-link"
                      href={`/p/${p.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate({ view: 'project', id: p.id });
                      }}
                    >
                      {p.title}
                    </a>
                  )}
                  <span class="project-template">{p.template ?? '—'}</span>
                  <span class="project-date" title="Last modified">
                    {dateFormat.format(p.updatedAt)}
                  </span>
                  <span class="project-actions">
                    <button
                      class="cove-icon-btn"
                      aria-label={`Rename ${p.title}`}
                      title="Rename"
                      onClick={() => setRenaming(p.id)}
                    >
                      <PencilIcon />
                    </button>
                    <button
                      class="cove-icon-btn"
                      aria-label={`Duplicate ${p.title}`}
                      title="Duplicate"
                      disabled={!!busy}
                      onClick={() => void run(`dup:${p.id}`, () => projectStore().duplicate(p.id))}
                    >
                      <CopyIcon />
                    </button>
                    <button
                      class="cove-icon-btn danger"
                      aria-label={`Delete ${p.title}`}
                      title="Delete"
                      disabled={!!busy}
                      onClick={() => void remove(p)}
                    >
                      <TrashIcon />
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  );
}

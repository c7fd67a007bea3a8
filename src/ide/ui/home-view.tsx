/** `/projects`: local projects (open, duplicate, rename, delete, import) and new ones from templates. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ProjectMeta } from '../../fs/types';
import { navigate, notify } from '../app-state';
import { createFromTemplate, errorMessage, projectStore } from '../project-controller';
import { importProjectFile } from '../project-transfer';
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
  const importInput = useRef<HTMLInputElement>(null);

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

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setImportError(undefined);
    setBusy('import');
    try {
      const meta = await importProjectFile(projectStore(), file);
      navigate({ view: 'project', id: meta.id });
    } catch (err) {
      setImportError(errorMessage(err));
      setBusy(undefined);
    }
  };

  const templates = listTemplates();

  return (
    <div class="home">
      <Header editableTitle={false} />
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
              title="Create a new project from an exported project (.json FileSystemTree)"
            >
              <UploadIcon />
              {busy === 'import' ? 'Importing…' : 'Import project'}
            </button>
            <input
              ref={importInput}
              type="file"
              accept=".json,application/json"
              hidden
              aria-label="Project file to import"
              onChange={(e) => {
                const input = e.currentTarget;
                void importFile(input.files?.[0]);
                input.value = ''; // so picking the same file again imports it again
              }}
            />
          </div>
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

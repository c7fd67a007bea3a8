/**
 * An open project in the IDE: its storage handle, preview and bundler wiring.
 * It mirrors what changes (files, save state, diagnostics) into the app's
 * signals. The Monaco half (EditorSession) attaches later, once the preview
 * runs or a file is opened, so the first preview never waits for the editor.
 */
import { effect, signal } from '@preact/signals';
import type { ChangeBatch } from '../fs/types';
import type { OpenProject } from '../fs/projects';
import type { Diagnostic } from '../shared/protocol';
import { isWithin } from '../shared/paths';
import { previewOriginFor } from '../shared/preview-origin';
import * as state from './app-state';
import { applyFix } from './diagnostic-fix';
import type { EditorSession } from './editor/editor-session';
import { editorModule, loadEditor } from './editor-loader';
import { entryFile } from './entry-file';
import { openFile } from './file-actions';
import { DiagnosticsByFile, mergeProblems, problemFromDiagnostic } from './problems';
import type { BundlerClient } from './services/bundler-client';
import { bindLive, connectLive, type LiveConnection } from './services/live-service';
import { NpmService } from './services/npm-service';
import { PreviewHost } from './services/preview-host';
import { startupPreviewMode } from './services/preview-mode';
import { storageMode } from './browser-storage';
import { binaryFiles } from './services/binary-files';
import { removeTabs, renameTabs } from './tabs';

/** Load the editor this long after opening even if the preview has not reported in yet. */
const EDITOR_LOAD_DELAY_MS = 1500;
/** A bundler invalidation this soon after a remote change is taken to come from it. */
const REMOTE_CHANGE_WINDOW_MS = 1000;

export class ProjectSession {
  readonly preview: PreviewHost;
  /** The project's npm packages: install status, node_modules files, dependency edits. */
  readonly npm: NpmService;
  readonly editor = signal<EditorSession | undefined>(undefined);
  /** The connection to the project's live room, while it is shared live. */
  readonly live = signal<LiveConnection | undefined>(undefined);
  private unbindLive: (() => void) | undefined;
  private readonly diagnostics = new DiagnosticsByFile();
  private readonly diagnosticListeners = new Set<(files: string[]) => void>();
  private readonly cleanups: (() => void)[] = [];
  private problemsTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  /** When files last changed from elsewhere (a collaborator, another tab): `performance.now()`. */
  private lastRemoteChange = -Infinity;
  private lastLocalChange = -Infinity;

  /** `live`: a connection opened (and synced) before the session, when joining a room. */
  constructor(
    readonly project: OpenProject,
    readonly bundler: BundlerClient,
    live?: LiveConnection,
  ) {
    const { workspace, meta } = project;
    state.resetProjectState();
    state.projectId.value = meta.id;
    state.projectTitle.value = meta.title;
    state.readOnly.value = meta.live?.role === 'read';
    this.refreshFiles();
    this.cleanups.push(workspace.onChange((b) => this.onFilesChanged(b)));
    // Open the module index.html starts (what the example page tells you to edit) right away, so the
    // tree's selection never jumps under a person's click when the editor arrives later.
    const entry = entryFile(
      (p) => workspace.readText(p),
      (p) => workspace.exists(p),
    );
    if (entry) openFile(entry);

    state.saveState.value = project.saveState;
    // The "Not saved" notice goes away by itself once a later write succeeds.
    let saveNotice: number | undefined;
    this.cleanups.push(
      project.onSaveState((s) => {
        state.saveState.value = s;
        if (s.state === 'error')
          saveNotice = state.notify(
            'error',
            s.quota ? `Not saved: storage is full. ${s.message}` : `Not saved: ${s.message}`,
          );
        else if (s.state === 'saved' && saveNotice !== undefined) {
          state.dismissNotice(saveNotice);
          saveNotice = undefined;
        }
      }),
    );

    const origin = previewOriginFor(meta.id, location, import.meta.env.VITE_COVE_PREVIEW_ORIGIN as string | undefined);
    state.previewOrigin.value = origin;
    // Before the project opens in the worker: its first lockfile must find a listener.
    this.npm = new NpmService(bundler, meta.id, workspace, () => !state.readOnly.peek());
    this.cleanups.push(
      effect(() => {
        const error = this.npm.lockfileError.value;
        if (error) state.notify('error', error);
      }),
    );
    bundler.openProject(meta.id, workspace.doc);
    this.preview = new PreviewHost({
      projectId: meta.id,
      origin,
      bundler,
      forceMode: startupPreviewMode(),
      // In memory-only storage the bundler worker cannot read the page's IndexedDB stand-in: hand it the bytes.
      pageBinaries: storageMode() === 'memory' ? () => binaryFiles(workspace) : undefined,
      // The bundler reports a change a few milliseconds after the files changed.
      changeIsRemote: () =>
        this.lastRemoteChange > this.lastLocalChange &&
        performance.now() - this.lastRemoteChange < REMOTE_CHANGE_WINDOW_MS,
    });

    this.cleanups.push(
      bundler.onDiagnostics((projectId, files, diagnostics) => {
        if (projectId !== meta.id) return;
        const changed = this.diagnostics.apply(files, diagnostics);
        for (const l of this.diagnosticListeners) l(changed);
        this.scheduleProblems();
      }),
    );
    this.startEditorWhenIdle();
    this.scheduleProblems();
    if (live) this.setLive(live);
    else if (meta.live) void connectLive(this);
  }

  get id(): string {
    return this.project.meta.id;
  }

  get workspace() {
    return this.project.workspace;
  }

  async flush(): Promise<void> {
    await this.project.flush();
  }

  diagnosticsFor(path: string): Diagnostic[] {
    return this.diagnostics.get(path);
  }

  diagnosticFiles(): string[] {
    return [...new Set(this.diagnostics.all().map((d) => d.file))];
  }

  onDiagnosticsChanged(listener: (files: string[]) => void): () => void {
    this.diagnosticListeners.add(listener);
    return () => this.diagnosticListeners.delete(listener);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Attach (or, with undefined, disconnect and forget) the live connection. */
  setLive(conn: LiveConnection | undefined): void {
    const old = this.live.peek();
    this.unbindLive?.();
    this.unbindLive = undefined;
    if (old && old !== conn) old.dispose();
    this.live.value = conn;
    if (conn) this.unbindLive = bindLive(this, conn);
    else state.readOnly.value = false;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.setLive(undefined);
    clearTimeout(this.problemsTimer);
    for (const c of this.cleanups.splice(0)) c();
    this.editor.value?.dispose();
    this.editor.value = undefined;
    this.npm.dispose();
    this.preview.dispose();
    this.bundler.closeProject(this.id);
    await this.project.close();
  }

  /** The editor loads once the preview has rendered (or after a short delay, or at once if a file is opened). */
  private startEditorWhenIdle(): void {
    const timer = setTimeout(() => void loadEditor().catch(() => undefined), EDITOR_LOAD_DELAY_MS);
    const offPreview = this.preview.on((e) => {
      if (e.type === 'loaded' || e.type === 'unsupported') void loadEditor().catch(() => undefined);
    });
    // Opening another file than the one shown at start asks for the editor at once.
    const initial = state.activeFile.peek();
    const offActive = effect(() => {
      const active = state.activeFile.value;
      if (active && active !== initial) void loadEditor().catch(() => undefined);
    });
    const offModule = effect(() => {
      const mod = editorModule.value;
      if (!mod || this.disposed || this.editor.peek()) return;
      this.editor.value = new mod.EditorSession(this);
      // Installed packages' types and the quick fixes for undeclared packages live as long as the session.
      this.cleanups.push(
        mod.attachNpmTypes(this.bundler, this.id),
        mod.registerQuickFixes((fix) => void applyFix(this, fix)),
      );
      this.scheduleProblems();
    });
    this.cleanups.push(() => clearTimeout(timer), offPreview, offActive, offModule);
  }

  private refreshFiles(): void {
    const ws = this.project.workspace;
    state.fileList.value = { files: ws.list(), folders: ws.folders() };
  }

  private onFilesChanged(batch: ChangeBatch): void {
    if (batch.local) this.lastLocalChange = performance.now();
    else this.lastRemoteChange = performance.now();
    let structural = false;
    // Changes from the room (not from this tab) are a collaborator's; say so when they close or move a tab.
    const byCollaborator = !batch.local && !!this.live.peek();
    for (const e of batch.events) {
      if (e.type !== 'update') structural = true;
      if (e.type === 'rename') {
        const moved = state.tabs.value.tabs.filter((p) => isWithin(p, e.from));
        state.tabs.value = renameTabs(state.tabs.value, e.from, e.to);
        if (byCollaborator)
          for (const p of moved)
            state.notify('info', `${p} was renamed to ${e.to + p.slice(e.from.length)} by a collaborator`);
        this.diagnostics.rename(e.from, e.to);
      } else if (e.type === 'delete' || e.type === 'folder-delete') {
        this.diagnostics.apply(
          this.diagnostics
            .all()
            .map((d) => d.file)
            .filter((f) => f === e.path || f.startsWith(e.path + '/')),
          [],
        );
        const { state: next, closed } = removeTabs(state.tabs.value, e.path);
        state.tabs.value = next;
        for (const p of closed)
          state.notify(
            'info',
            byCollaborator ? `${p} was deleted by a collaborator` : `${p} was deleted; its tab was closed.`,
          );
      }
    }
    const renames = batch.events.flatMap((e) => (e.type === 'rename' ? [{ from: e.from, to: e.to }] : []));
    if (renames.length) state.lastRenames.value = renames;
    if (structural) this.refreshFiles();
    this.scheduleProblems();
  }

  scheduleProblems(): void {
    clearTimeout(this.problemsTimer);
    this.problemsTimer = setTimeout(() => {
      if (this.disposed) return;
      const editor = this.editor.peek();
      const withModel = editor?.markerProblems() ?? [];
      // Diagnostics for files without a model (binary, deleted, editor not loaded yet) still count.
      const orphans = this.diagnostics
        .all()
        .filter((d) => !editor?.hasModel(d.file))
        .map(problemFromDiagnostic);
      state.problems.value = mergeProblems(withModel, orphans);
    }, 120);
  }
}

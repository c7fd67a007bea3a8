/**
 * An open project in the IDE: its storage handle, editor models, preview and bundler wiring.
 * It mirrors what changes (files, save state, diagnostics) into the app's signals.
 */
import * as monaco from 'monaco-editor';
import type { ChangeBatch } from '../fs/types';
import type { OpenProject } from '../fs/projects';
import { previewOriginFor } from '../shared/preview-origin';
import * as state from './app-state';
import { BUNDLER_OWNER, problemsFromMarkers, setBundlerMarkers } from './editor/markers';
import { applyCompilerOptions } from './editor/monaco-setup';
import { ModelSync } from './editor/model-sync';
import { effectiveTsconfig, mapCompilerOptions } from './editor/tsconfig-options';
import { DiagnosticsByFile, mergeProblems, problemFromDiagnostic } from './problems';
import type { BundlerClient } from './services/bundler-client';
import { PreviewHost } from './services/preview-host';
import { removeTabs, renameTabs } from './tabs';

const TSCONFIG_FILE = /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/;

export class ProjectSession {
  readonly models: ModelSync;
  readonly preview: PreviewHost;
  private readonly diagnostics = new DiagnosticsByFile();
  private readonly cleanups: (() => void)[] = [];
  private problemsTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(
    readonly project: OpenProject,
    readonly bundler: BundlerClient,
  ) {
    const { workspace, meta } = project;
    state.resetProjectState();
    state.projectId.value = meta.id;
    state.projectTitle.value = meta.title;
    this.refreshFiles();
    this.applyTsconfig();

    this.models = new ModelSync(workspace);
    this.models.onModelsCreated = (paths) => {
      for (const p of paths) this.applyMarkers(p);
    };
    this.cleanups.push(workspace.onChange((b) => this.onFilesChanged(b)));

    state.saveState.value = project.saveState;
    this.cleanups.push(
      project.onSaveState((s) => {
        state.saveState.value = s;
        if (s.state === 'error')
          state.notify('error', s.quota ? `Not saved: storage is full. ${s.message}` : `Not saved: ${s.message}`);
      }),
    );

    const origin = previewOriginFor(meta.id, location, import.meta.env.VITE_COVE_PREVIEW_ORIGIN as string | undefined);
    state.previewOrigin.value = origin;
    bundler.openProject(meta.id, workspace.doc);
    this.preview = new PreviewHost({ projectId: meta.id, origin, bundler });

    this.cleanups.push(
      bundler.onDiagnostics((projectId, files, diagnostics) => {
        if (projectId !== meta.id) return;
        for (const f of this.diagnostics.apply(files, diagnostics)) this.applyMarkers(f);
        this.scheduleProblems();
      }),
    );
    const markers = monaco.editor.onDidChangeMarkers(() => this.scheduleProblems());
    this.cleanups.push(() => markers.dispose());
    this.scheduleProblems();
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

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.problemsTimer);
    for (const c of this.cleanups.splice(0)) c();
    this.models.dispose();
    monaco.editor.removeAllMarkers(BUNDLER_OWNER);
    this.preview.dispose();
    this.bundler.closeProject(this.id);
    await this.project.close();
  }

  private refreshFiles(): void {
    const ws = this.project.workspace;
    state.fileList.value = { files: ws.list(), folders: ws.folders() };
  }

  private applyTsconfig(): void {
    const ws = this.project.workspace;
    applyCompilerOptions(mapCompilerOptions(effectiveTsconfig((p) => ws.readText(p))));
  }

  private onFilesChanged(batch: ChangeBatch): void {
    let structural = false;
    let tsconfig = false;
    for (const e of batch.events) {
      if (e.type !== 'update') structural = true;
      const paths = e.type === 'rename' ? [e.from, e.to] : [e.path];
      if (paths.some((p) => TSCONFIG_FILE.test(p))) tsconfig = true;
      if (e.type === 'rename') {
        state.tabs.value = renameTabs(state.tabs.value, e.from, e.to);
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
        for (const p of closed) state.notify('info', `${p} was deleted; its tab was closed.`);
      }
    }
    const renames = batch.events.flatMap((e) => (e.type === 'rename' ? [{ from: e.from, to: e.to }] : []));
    if (renames.length) state.lastRenames.value = renames;
    if (structural) this.refreshFiles();
    if (tsconfig) this.applyTsconfig();
    this.scheduleProblems();
  }

  private applyMarkers(path: string): void {
    const model = this.models?.model(path);
    if (model) setBundlerMarkers(model, this.diagnostics.get(path));
  }

  private scheduleProblems(): void {
    clearTimeout(this.problemsTimer);
    this.problemsTimer = setTimeout(() => {
      if (this.disposed) return;
      const withModel = problemsFromMarkers();
      // Diagnostics for files without a model (binary, deleted, outside the project) still count.
      const orphans = this.diagnostics
        .all()
        .filter((d) => !this.models.model(d.file))
        .map(problemFromDiagnostic);
      state.problems.value = mergeProblems(withModel, orphans);
    }, 120);
  }
}

/**
 * The Monaco half of an open project: editor models for its files, bundler
 * diagnostics as markers, the project's tsconfig applied to the TypeScript
 * service. Loaded after the preview is running, so Monaco's megabytes never
 * delay the first preview.
 */
import { effect } from '@preact/signals';
import * as monaco from 'monaco-editor';
import type { ChangeBatch } from '../../fs/types';
import { tabs } from '../app-state';
import type { Problem } from '../problems';
import type { ProjectSession } from '../project-session';
import { BUNDLER_OWNER, problemsFromMarkers, setBundlerMarkers } from './markers';
import { applyCompilerOptions } from './monaco-setup';
import { ModelSync } from './model-sync';
import { PackageFileModels } from './package-file-models';
import { effectiveTsconfig, mapCompilerOptions } from './tsconfig-options';

const TSCONFIG_FILE = /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/;

export class EditorSession {
  readonly models: ModelSync;
  /** Read-only models of installed package files open in tabs. */
  readonly packageFiles: PackageFileModels;
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly session: ProjectSession) {
    const { workspace } = session;
    this.applyTsconfig();
    this.models = new ModelSync(workspace);
    this.models.onModelsCreated = (paths) => {
      for (const p of paths) this.applyMarkers(p);
    };
    this.cleanups.push(workspace.onChange((b) => this.onFilesChanged(b)));
    this.cleanups.push(session.onDiagnosticsChanged((files) => files.forEach((f) => this.applyMarkers(f))));
    const markers = monaco.editor.onDidChangeMarkers(() => session.scheduleProblems());
    this.cleanups.push(() => markers.dispose());
    for (const f of session.diagnosticFiles()) this.applyMarkers(f);
    this.packageFiles = new PackageFileModels((path) => session.npm.readFile(path));
    // Closing a package file's tab frees its model (they can be megabytes: react-dom's bundles).
    this.cleanups.push(effect(() => this.packageFiles.retain(new Set(tabs.value.tabs))));
  }

  /** Every marker on a project model (TypeScript, JSON, CSS, the bundler) as a Problem. */
  markerProblems(): Problem[] {
    return problemsFromMarkers();
  }

  hasModel(path: string): boolean {
    return !!this.models.model(path);
  }

  dispose(): void {
    for (const c of this.cleanups.splice(0)) c();
    this.models.dispose();
    this.packageFiles.dispose();
    monaco.editor.removeAllMarkers(BUNDLER_OWNER);
  }

  private applyTsconfig(): void {
    const ws = this.session.workspace;
    applyCompilerOptions(mapCompilerOptions(effectiveTsconfig((p) => ws.readText(p))));
  }

  private onFilesChanged(batch: ChangeBatch): void {
    const touched = batch.events.flatMap((e) => (e.type === 'rename' ? [e.from, e.to] : [e.path]));
    if (touched.some((p) => TSCONFIG_FILE.test(p))) this.applyTsconfig();
  }

  private applyMarkers(path: string): void {
    const model = this.models.model(path);
    if (model) setBundlerMarkers(model, this.session.diagnosticsFor(path));
  }
}

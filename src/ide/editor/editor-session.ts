/**
 * The Monaco half of an open project: editor models for its files, bundler
 * diagnostics as markers, the project's tsconfig applied to the TypeScript
 * service. Loaded after the preview is running, so Monaco's megabytes never
 * delay the first preview.
 */
import { effect } from '@preact/signals';
import * as monaco from 'monaco-editor';
import type { Awareness } from 'y-protocols/awareness';
import type { ChangeBatch } from '../../fs/types';
import { tabs } from '../app-state';
import type { Problem } from '../problems';
import type { ProjectSession } from '../project-session';
import { liveCounts } from './live-binding';
import { BUNDLER_OWNER, problemsFromMarkers, setBundlerMarkers } from './markers';
import { applyCompilerOptions } from './monaco-setup';
import { ModelSync, type PeerLocation } from './model-sync';
import { PackageFileModels } from './package-file-models';
import { checkProjectAfterPreview } from './project-diagnostics';
import { cursorStyleElement, RemoteCursorStyles } from './remote-cursors';
import { effectiveTsconfig, mapCompilerOptions } from './tsconfig-options';

const TSCONFIG_FILE = /^(tsconfig|jsconfig)(\.[\w-]+)?\.json$/;

/** What `window.__coveEditorDebug()` returns: live counts that must fall back when files close. */
export interface EditorDebugStats {
  /** Live y-monaco bindings (0 or 1: only the file shown is bound). */
  bindings: number;
  /** The project path of the bound file, or null. */
  boundFile: string | null;
  /** Whether the bound file's model and Y.Text hold the same text (null without a binding). */
  boundInSync: boolean | null;
  /** Monaco models of project files. */
  models: number;
  /** Observers on the project's Y.Texts (the binding adds 1 to the bound file's). */
  ytextObservers: number;
  /** Cursor listeners y-monaco added to the editor that are not yet disposed (1 per binding). */
  selectionListeners: number;
  /** All 'change' listeners on the live awareness, including src/collab's own (0 without a session). */
  awarenessListeners: number;
  /** Remote selection decorations on all project models. */
  remoteDecorations: number;
  /** People with remote cursor CSS rules. */
  cursorStyleClients: number;
  /** Per-file undo histories (one per text file edited or opened this session). */
  undoManagers: number;
}

declare global {
  interface Window {
    /** Set while an EditorSession is alive, for end-to-end tests. */
    __coveEditorDebug?: () => EditorDebugStats;
  }
}

export class EditorSession {
  readonly models: ModelSync;
  /** Read-only models of installed package files open in tabs. */
  readonly packageFiles: PackageFileModels;
  private readonly cleanups: (() => void)[] = [];
  private awareness?: Awareness;
  private cursorStyles?: RemoteCursorStyles;
  private readonly cursorStyleSheet = cursorStyleElement(document);

  constructor(private readonly session: ProjectSession) {
    const { workspace } = session;
    this.cleanups.push(checkProjectAfterPreview(session.preview));
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
    const debug = () => this.debugStats();
    window.__coveEditorDebug = debug;
    this.cleanups.push(() => {
      if (window.__coveEditorDebug === debug) delete window.__coveEditorDebug;
    });
  }

  /**
   * The live session's awareness (undefined when it ends). Our cursor is published through it and
   * other people's cursors are drawn, with their names and colours. Destroying the awareness ends
   * its use here too.
   */
  setAwareness(awareness: Awareness | undefined): void {
    if (awareness === this.awareness) return;
    this.awareness?.off('destroy', this.onAwarenessDestroyed);
    this.cursorStyles?.dispose();
    this.cursorStyles = undefined;
    this.awareness = awareness;
    if (awareness) {
      awareness.on('destroy', this.onAwarenessDestroyed);
      this.cursorStyles = new RemoteCursorStyles(awareness, this.cursorStyleSheet.write);
    }
    this.models.setAwareness(awareness);
  }

  /**
   * "Follow": when `peer.file` is the file shown, scroll their cursor to the middle of the editor
   * (true). Opens nothing: call openFile(peer.file) first; the reveal then happens once the file is
   * attached (within a few seconds).
   */
  revealPeer(peer: PeerLocation): boolean {
    return this.models.revealPeer(peer);
  }

  debugStats(): EditorDebugStats {
    const listeners = this.awareness?._observers.get('change') as Set<unknown> | undefined;
    return {
      ...this.models.stats(),
      bindings: liveCounts.bindings,
      selectionListeners: liveCounts.selectionListeners,
      awarenessListeners: listeners?.size ?? 0,
      cursorStyleClients: this.cursorStyles?.clients ?? 0,
    };
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
    this.setAwareness(undefined); // after the models: nothing left to bind again
    this.cursorStyleSheet.dispose();
    this.packageFiles.dispose();
    monaco.editor.removeAllMarkers(BUNDLER_OWNER);
  }

  private onAwarenessDestroyed = (): void => this.setAwareness(undefined);

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

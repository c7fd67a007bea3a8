/**
 * One Monaco model per text file of the project (URI `file:///<path>`), so the TypeScript service
 * sees every file. Only the file shown in the editor is bound to its Y.Text (live-binding.ts, with
 * the room's awareness during a live session); the other models follow their Y.Text through
 * workspace change events. Undo and redo in the editor go to the file's own Y.UndoManager.
 */
import * as monaco from 'monaco-editor';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { ChangeBatch } from '../../fs/types';
import type { Workspace } from '../../fs/workspace';
import { isWithin } from '../../shared/paths';
import { languageForPath } from './language';
import { LiveBinding, remoteDecorationIds } from './live-binding';
import { peerSelectionIn } from './relative-selection';
import { minimalReplacement } from './text-diff';
import { UndoHistories } from './undo-history';

/** Files above this size open read-only and without a live binding, so typing never stalls. */
export const LARGE_FILE_BYTES = 2 * 1024 * 1024;

/** A "follow" request for a file that is not shown yet waits this long for it to be attached. */
const PENDING_REVEAL_MS = 5000;

export function uriFor(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'file', path: '/' + path });
}

export function pathOfUri(uri: monaco.Uri): string | undefined {
  return uri.scheme === 'file' ? uri.path.replace(/^\//, '') : undefined;
}

export interface Attached {
  model: monaco.editor.ITextModel;
  readOnly: boolean;
  large: boolean;
}

/** Another person's place, as the presence list knows it (the selection is their awareness JSON). */
export interface PeerLocation {
  /** Absent while they have no file open: nothing to reveal. */
  file?: string;
  selection?: { anchor: unknown; head: unknown } | null;
}

interface Shown {
  path: string;
  editor: monaco.editor.IStandaloneCodeEditor;
  /** Absent for large files and files without a Y.Text (read-only). */
  live?: LiveBinding;
}

export class ModelSync {
  private readonly models = new Map<string, monaco.editor.ITextModel>();
  private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  private shown?: Shown;
  private awareness?: Awareness;
  private pendingReveal?: PeerLocation & { until: number };
  private readonly unsubscribe: () => void;
  /** Per-file undo histories of this person's own edits. */
  readonly undo = new UndoHistories();
  /** Called with the paths whose models were created (e.g. to re-apply bundler markers). */
  onModelsCreated?: (paths: string[]) => void;

  constructor(private readonly workspace: Workspace) {
    for (const f of workspace.list()) if (f.kind === 'text') this.ensureModel(f.path);
    this.unsubscribe = workspace.onChange((batch) => this.apply(batch));
  }

  model(path: string): monaco.editor.ITextModel | undefined {
    return this.models.get(path);
  }

  isLarge(path: string): boolean {
    return (this.workspace.statSize(path) ?? 0) > LARGE_FILE_BYTES;
  }

  /** Show `path` in `editor`, bound to its Y.Text (the previous binding is removed first). */
  attach(editor: monaco.editor.IStandaloneCodeEditor, path: string): Attached | undefined {
    this.detach();
    const model = this.ensureModel(path);
    if (!model) return undefined;
    const large = this.isLarge(path);
    const ytext = this.workspace.getYText(path);
    // Bring the model to the Y.Text's content with an edit: MonacoBinding would otherwise call
    // setValue, which wipes Monaco's undo history.
    if (ytext) this.syncFromText(model, ytext.toString());
    editor.setModel(model);
    const view = this.viewStates.get(path);
    if (view) editor.restoreViewState(view);
    this.shown = { path, editor };
    if (ytext && !large) this.shown.live = this.bind(editor, model, ytext);
    const pending = this.pendingReveal;
    this.pendingReveal = undefined;
    if (pending?.file === path && Date.now() <= pending.until) this.reveal(pending);
    return { model, readOnly: large || !ytext, large };
  }

  /** Remove the live binding (the model stays, updated by change events from now on). */
  detach(): void {
    const s = this.shown;
    if (!s) return;
    this.shown = undefined;
    const model = this.models.get(s.path);
    if (model && s.editor.getModel() === model) this.viewStates.set(s.path, s.editor.saveViewState());
    s.live?.destroy();
  }

  boundPath(): string | undefined {
    return this.shown?.live ? this.shown.path : undefined;
  }

  /**
   * The room's awareness while a live session runs (undefined when it ends): the shown file is
   * bound again so our cursor is published and other people's are drawn.
   */
  setAwareness(awareness: Awareness | undefined): void {
    if (awareness === this.awareness) return;
    this.awareness = awareness;
    const s = this.shown;
    if (!s?.live) return;
    const { model, ytext } = s.live;
    s.live.destroy();
    s.live = this.bind(s.editor, model, ytext);
  }

  /**
   * Scroll another person's cursor into the middle of the editor when their file is the one shown
   * (true); otherwise remember the request until that file is attached (the UI opens it first).
   */
  revealPeer(peer: PeerLocation): boolean {
    this.pendingReveal = undefined;
    if (peer.file === undefined) return false;
    if (this.shown?.path === peer.file) return this.reveal(peer);
    if (this.workspace.kindOf(peer.file) === 'text')
      this.pendingReveal = { file: peer.file, selection: peer.selection, until: Date.now() + PENDING_REVEAL_MS };
    return false;
  }

  /** Counts for leak tests (see EditorSession.debugStats). */
  stats() {
    let ytextObservers = 0;
    for (const f of this.workspace.list()) {
      if (f.kind === 'text') ytextObservers += this.workspace.getYText(f.path)?._eH.l.length ?? 0;
    }
    let remoteDecorations = 0;
    for (const m of this.models.values()) if (!m.isDisposed()) remoteDecorations += remoteDecorationIds(m).length;
    const live = this.shown?.live;
    return {
      boundFile: this.boundPath() ?? null,
      boundInSync: live ? live.model.getValue() === live.ytext.toString() : null,
      models: this.models.size,
      ytextObservers,
      remoteDecorations,
      undoManagers: this.undo.size,
    };
  }

  dispose(): void {
    this.detach();
    this.pendingReveal = undefined;
    this.unsubscribe();
    this.undo.dispose();
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
  }

  private bind(editor: monaco.editor.IStandaloneCodeEditor, model: monaco.editor.ITextModel, ytext: Y.Text) {
    return new LiveBinding({ ytext, model, editor, awareness: this.awareness, undo: this.undo });
  }

  private reveal(peer: PeerLocation): boolean {
    const s = this.shown;
    if (!s || s.path !== peer.file) return false;
    const model = this.models.get(s.path);
    const ytext = this.workspace.getYText(s.path);
    if (!model || !ytext || s.editor.getModel() !== model) return false;
    const selection = peerSelectionIn(peer.selection, ytext);
    if (!selection) return false;
    s.editor.revealPositionInCenter(model.getPositionAt(selection.head), monaco.editor.ScrollType.Immediate);
    return true;
  }

  private ensureModel(path: string): monaco.editor.ITextModel | undefined {
    const existing = this.models.get(path);
    if (existing && !existing.isDisposed()) return existing;
    if (this.workspace.kindOf(path) !== 'text') return undefined;
    const text = this.workspace.readText(path) ?? '';
    const large = text.length > LARGE_FILE_BYTES;
    const uri = uriFor(path);
    // A model may survive from an earlier project with the same path: reuse the slot.
    monaco.editor.getModel(uri)?.dispose();
    const model = monaco.editor.createModel(text, large ? 'plaintext' : languageForPath(path), uri);
    model.setEOL(monaco.editor.EndOfLineSequence.LF);
    // Every way Monaco undoes (keys, menus, the command palette) calls these: send them to the
    // file's Y.UndoManager. Monaco's own stack would also undo other people's edits.
    model.undo = () => void this.undoRedo(model, 'undo');
    model.redo = () => void this.undoRedo(model, 'redo');
    this.models.set(path, model);
    this.onModelsCreated?.([path]);
    return model;
  }

  private undoRedo(model: monaco.editor.ITextModel, which: 'undo' | 'redo'): boolean {
    const live = this.shown?.live;
    if (live?.model !== model) return false;
    return which === 'undo' ? this.undo.undo(live.ytext) : this.undo.redo(live.ytext);
  }

  private syncFromText(model: monaco.editor.ITextModel, text: string): void {
    const r = minimalReplacement(model.getValue(), text);
    if (!r) return;
    const start = model.getPositionAt(r.start);
    const end = model.getPositionAt(r.start + r.deleteCount);
    model.applyEdits([
      { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: r.insert },
    ]);
  }

  private apply(batch: ChangeBatch): void {
    for (const e of batch.events) {
      switch (e.type) {
        case 'create':
          if (e.kind === 'text') this.ensureModel(e.path);
          break;
        case 'update':
          this.update(e.path);
          break;
        case 'delete':
        case 'folder-delete':
          for (const p of [...this.models.keys()]) if (isWithin(p, e.path)) this.drop(p);
          break;
        case 'rename':
          for (const p of [...this.models.keys()]) if (isWithin(p, e.from)) this.move(p, e.to + p.slice(e.from.length));
          break;
        default:
          break;
      }
    }
    // Histories of texts that left the document (deleted files, files that became binary).
    this.undo.prune();
  }

  private update(path: string): void {
    if (this.workspace.kindOf(path) !== 'text') return this.drop(path);
    const s = this.shown;
    if (s?.path === path && s.live) {
      // The binding keeps the model in step, unless the file got a new Y.Text (e.g. binary -> text).
      if (this.workspace.getYText(path) !== s.live.ytext) this.attach(s.editor, path);
      return;
    }
    const model = this.models.get(path);
    const text = this.workspace.readText(path);
    if (model && text !== undefined) this.syncFromText(model, text);
    else if (!model) this.ensureModel(path);
  }

  /** A renamed file gets a model at its new URI; when it is the one shown, the editor follows it. */
  private move(from: string, to: string): void {
    const s = this.shown?.path === from ? this.shown : undefined;
    const old = this.models.get(from);
    if (s) this.detach(); // saves its view state
    const view = this.viewStates.get(from);
    this.models.delete(from);
    this.viewStates.delete(from);
    if (view) this.viewStates.set(to, view);
    if (s) this.attach(s.editor, to);
    else this.ensureModel(to);
    // Disposed only now, so the editor never shows a disposed model.
    old?.dispose();
  }

  private drop(path: string): void {
    if (this.shown?.path === path) this.detach();
    this.models.get(path)?.dispose();
    this.models.delete(path);
    this.viewStates.delete(path);
  }
}

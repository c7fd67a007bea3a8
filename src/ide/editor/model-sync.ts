/**
 * One Monaco model per text file of the project (URI `file:///<path>`), so the TypeScript service
 * sees every file. Only the file shown in the editor is bound to its Y.Text with y-monaco; the
 * other models follow their Y.Text through workspace change events.
 */
import * as monaco from 'monaco-editor';
import { MonacoBinding } from 'y-monaco';
import type { ChangeBatch } from '../../fs/types';
import type { Workspace } from '../../fs/workspace';
import { isWithin } from '../../shared/paths';
import { languageForPath } from './language';
import { minimalReplacement } from './text-diff';

/** Files above this size open read-only and without a live binding, so typing never stalls. */
export const LARGE_FILE_BYTES = 2 * 1024 * 1024;

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

export class ModelSync {
  private readonly models = new Map<string, monaco.editor.ITextModel>();
  private readonly viewStates = new Map<string, monaco.editor.ICodeEditorViewState | null>();
  private binding?: { path: string; binding: MonacoBinding; editor: monaco.editor.IStandaloneCodeEditor };
  private readonly unsubscribe: () => void;
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
    if (ytext && !large) this.binding = { path, editor, binding: new MonacoBinding(ytext, model, new Set([editor])) };
    return { model, readOnly: large || !ytext, large };
  }

  /** Remove the live binding (the model stays, updated by change events from now on). */
  detach(): void {
    const b = this.binding;
    if (!b) return;
    this.binding = undefined;
    if (b.editor.getModel() === b.binding.monacoModel) this.viewStates.set(b.path, b.editor.saveViewState());
    b.binding.destroy();
    // y-monaco's destroy keeps its selection snapshot and decorations map; drop them.
    b.binding._savedSelections.clear();
    b.binding._decorations.clear();
  }

  boundPath(): string | undefined {
    return this.binding?.path;
  }

  dispose(): void {
    this.detach();
    this.unsubscribe();
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
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
    this.models.set(path, model);
    this.onModelsCreated?.([path]);
    return model;
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
        case 'update': {
          // The bound file is kept in sync by its binding.
          if (this.binding?.path === e.path) break;
          const model = this.models.get(e.path);
          const text = this.workspace.readText(e.path);
          if (model && text !== undefined) this.syncFromText(model, text);
          else if (!model) this.ensureModel(e.path);
          break;
        }
        case 'delete':
        case 'folder-delete':
          for (const p of [...this.models.keys()]) if (isWithin(p, e.path)) this.drop(p);
          break;
        case 'rename':
          for (const p of [...this.models.keys()]) {
            if (!isWithin(p, e.from)) continue;
            const to = e.to + p.slice(e.from.length);
            const view = this.binding?.path === p ? this.binding.editor.saveViewState() : this.viewStates.get(p);
            this.drop(p);
            if (view) this.viewStates.set(to, view);
            this.ensureModel(to);
          }
          break;
        default:
          break;
      }
    }
  }

  private drop(path: string): void {
    if (this.binding?.path === path) this.detach();
    this.models.get(path)?.dispose();
    this.models.delete(path);
    this.viewStates.delete(path);
  }
}

/**
 * The file shown in the editor, bound to its Y.Text with y-monaco, plus what y-monaco 0.1.6 leaves
 * out: its `destroy()` keeps the cursor listener it adds to the editor, the remote selection
 * decorations and its selection snapshot; one malformed awareness state from a peer would throw in
 * its awareness listener; it publishes our selection only after the cursor moves. This class owns
 * one MonacoBinding and cleans all of that up, and connects the file's undo history.
 */
import * as monaco from 'monaco-editor';
import { MonacoBinding } from 'y-monaco';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { relativeSelection, type OffsetSelection } from './relative-selection';
import type { UndoHistories } from './undo-history';

const REMOTE_SELECTION_CLASS = 'yRemoteSelection';

/** Live counts across every LiveBinding (for the debug counters: they must return to 0). */
export const liveCounts = { bindings: 0, selectionListeners: 0 };

export interface LiveBindingOptions {
  ytext: Y.Text;
  model: monaco.editor.ITextModel;
  editor: monaco.editor.IStandaloneCodeEditor;
  awareness?: Awareness;
  undo: UndoHistories;
}

export class LiveBinding {
  readonly ytext: Y.Text;
  readonly model: monaco.editor.ITextModel;
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  readonly awareness: Awareness | undefined;
  private readonly binding: MonacoBinding;
  /** The editor as y-monaco sees it: a proxy that records the listeners y-monaco never disposes. */
  private readonly yEditor: monaco.editor.IStandaloneCodeEditor;
  private readonly leakedListeners: monaco.IDisposable[] = [];
  private readonly disposables: monaco.IDisposable[] = [];
  private readonly undo: UndoHistories;
  private readonly unbindUndo: () => void;
  private destroyed = false;

  constructor({ ytext, model, editor, awareness, undo }: LiveBindingOptions) {
    this.ytext = ytext;
    this.model = model;
    this.editor = editor;
    this.awareness = awareness;
    this.undo = undo;
    this.yEditor = recordingEditor(editor, this.leakedListeners);
    // The caller brought the model to the Y.Text's content already, so this never calls setValue.
    this.binding = new MonacoBinding(ytext, model, new Set([this.yEditor]), awareness ?? null);
    liveCounts.bindings++;
    if (awareness) this.guardDecorations(awareness);
    this.disposables.push(
      editor.onDidChangeCursorSelection((e) => this.onSelection(e)),
      model.onWillDispose(() => this.destroy()),
    );
    this.unbindUndo = undo.bind(ytext, this.binding, { restoreSelection: (s) => this.restoreSelection(s) });
    this.noteSelection();
    if (awareness) {
      this.publishSelection(awareness);
      this.binding._rerenderDecorations();
    }
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unbindUndo();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.binding.destroy();
    for (const d of this.leakedListeners.splice(0)) {
      d.dispose();
      liveCounts.selectionListeners--;
    }
    this.binding._savedSelections.clear();
    this.binding._decorations.clear();
    if (!this.model.isDisposed()) this.model.deltaDecorations(remoteDecorationIds(this.model), []);
    // Peers stop drawing our cursor in this file (the next binding publishes the new one).
    this.awareness?.setLocalStateField('selection', null);
    liveCounts.bindings--;
  }

  /** Wrap y-monaco's awareness listener so a peer's malformed state cannot throw into the provider. */
  private guardDecorations(awareness: Awareness): void {
    const render = this.binding._rerenderDecorations;
    awareness.off('change', render);
    this.binding._rerenderDecorations = () => {
      try {
        render();
      } catch (err) {
        console.warn('Could not draw the other people’s cursors:', err);
      }
    };
    awareness.on('change', this.binding._rerenderDecorations);
  }

  /** y-monaco publishes only when the cursor moves; peers should see us as soon as the file opens. */
  private publishSelection(awareness: Awareness): void {
    const sel = this.editor.getModel() === this.model ? this.editor.getSelection() : null;
    if (!sel) return;
    // y-monaco's shape: anchor where the selection started, head where the cursor is.
    awareness.setLocalStateField('selection', relativeSelection(this.ytext, this.offsets(sel)));
  }

  private onSelection(e: monaco.editor.ICursorSelectionChangedEvent): void {
    if (this.editor.getModel() !== this.model) return;
    this.noteSelection();
    // Like Monaco's own undo: moving the cursor ends the current undo step.
    if (e.reason === monaco.editor.CursorChangeReason.Explicit) this.undo.stopCapturing(this.ytext);
  }

  /** Tell the undo history where the cursor is, as relative positions so later edits do not move it. */
  private noteSelection(): void {
    const sel = this.editor.getModel() === this.model ? this.editor.getSelection() : null;
    // Only while the model and the Y.Text agree (not midway through applying a remote change).
    if (sel && this.model.getValueLength() === this.ytext.length)
      this.undo.noteSelection(this.ytext, relativeSelection(this.ytext, this.offsets(sel)));
  }

  private offsets(sel: monaco.Selection): OffsetSelection {
    return {
      anchor: this.model.getOffsetAt(sel.getSelectionStart()),
      head: this.model.getOffsetAt(sel.getPosition()),
    };
  }

  private restoreSelection({ anchor, head }: OffsetSelection): void {
    if (this.destroyed || this.editor.getModel() !== this.model) return;
    const a = this.model.getPositionAt(anchor);
    const h = this.model.getPositionAt(head);
    const selection = new monaco.Selection(a.lineNumber, a.column, h.lineNumber, h.column);
    this.editor.setSelection(selection);
    this.editor.revealRangeInCenterIfOutsideViewport(selection);
  }
}

export function remoteDecorationIds(model: monaco.editor.ITextModel): string[] {
  return model
    .getAllDecorations()
    .filter((d) => d.options.className?.split(' ').includes(REMOTE_SELECTION_CLASS))
    .map((d) => d.id);
}

/** `editor`, except that the cursor listeners added through it are recorded for disposal. */
function recordingEditor(
  editor: monaco.editor.IStandaloneCodeEditor,
  recorded: monaco.IDisposable[],
): monaco.editor.IStandaloneCodeEditor {
  const onSelection: monaco.editor.IStandaloneCodeEditor['onDidChangeCursorSelection'] = (listener, ...rest) => {
    const d = editor.onDidChangeCursorSelection(listener, ...rest);
    recorded.push(d);
    liveCounts.selectionListeners++;
    return d;
  };
  return new Proxy(editor, {
    get(target, prop) {
      if (prop === 'onDidChangeCursorSelection') return onSelection;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

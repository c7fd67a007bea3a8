/**
 * Undo and redo of this person's own typing: one `Y.UndoManager` per text file, kept while the file
 * exists (switching files keeps each one's history). Only the live editor binding of the file is a
 * tracked origin, so edits from peers, other tabs and the IDE's own writes (quick fixes, package.json
 * edits through the Workspace) are never undone by Ctrl+Z. No Monaco here, so Node tests can run it.
 */
import * as Y from 'yjs';
import { absoluteSelection, type OffsetSelection, type RelativeSelection } from './relative-selection';

/**
 * Stack item meta: the selection to restore when the item is popped, and the one for its inverse.
 * An edit's undo step restores the selection from before the edit; its redo step the one after it.
 */
const RESTORE = 'cove:selection';
const INVERSE = 'cove:selection-inverse';

/** The editor side of one bound file, while it is bound. */
export interface UndoTarget {
  /** Put the cursor back where an undone or redone change happened. */
  restoreSelection(selection: OffsetSelection): void;
}

interface FileHistory {
  manager: Y.UndoManager;
  target?: UndoTarget;
  /** The editor's selection as of its last cursor change. */
  selection?: RelativeSelection;
  /** A step just recorded, waiting for the selection that follows its edit. */
  awaitingAfter?: Y.UndoManager['undoStack'][number];
}

export class UndoHistories {
  private readonly files = new Map<Y.Text, FileHistory>();

  constructor(private readonly captureTimeout = 500) {}

  get size(): number {
    return this.files.size;
  }

  has(ytext: Y.Text): boolean {
    return this.files.has(ytext);
  }

  /** The file's manager (created on first use). */
  manager(ytext: Y.Text): Y.UndoManager {
    return this.history(ytext).manager;
  }

  /**
   * Record `origin`'s transactions on `ytext` (the live binding) until the returned function is
   * called; `target` puts the cursor back after each undo step.
   */
  bind(ytext: Y.Text, origin: object, target: UndoTarget): () => void {
    const h = this.history(ytext);
    h.manager.addTrackedOrigin(origin);
    // A new binding starts a new undo step rather than merging into the last one.
    h.manager.stopCapturing();
    h.target = target;
    return () => {
      h.manager.removeTrackedOrigin(origin);
      if (h.target !== target) return;
      h.target = undefined;
      h.awaitingAfter = undefined;
    };
  }

  /**
   * The editor's selection changed (call it only while the model and the Y.Text agree): the last
   * one before an edit is restored by its undo, the first one after it by its redo.
   */
  noteSelection(ytext: Y.Text, selection: RelativeSelection): void {
    const h = this.files.get(ytext);
    if (!h) return;
    h.selection = selection;
    h.awaitingAfter?.meta.set(INVERSE, selection);
    h.awaitingAfter = undefined;
  }

  /** Undo this person's last change to the file; false when there was none. */
  undo(ytext: Y.Text): boolean {
    return !!this.files.get(ytext)?.manager.undo();
  }

  redo(ytext: Y.Text): boolean {
    return !!this.files.get(ytext)?.manager.redo();
  }

  /** The next change starts a new undo step (e.g. the cursor was moved). */
  stopCapturing(ytext: Y.Text): void {
    this.files.get(ytext)?.manager.stopCapturing();
  }

  /** Destroy the histories of texts no longer in the document (file deleted, or turned binary). */
  prune(): number {
    let pruned = 0;
    for (const ytext of [...this.files.keys()]) {
      if (!isRemovedType(ytext)) continue;
      this.forget(ytext);
      pruned++;
    }
    return pruned;
  }

  forget(ytext: Y.Text): void {
    const h = this.files.get(ytext);
    if (!h) return;
    this.files.delete(ytext);
    h.manager.destroy();
  }

  dispose(): void {
    for (const ytext of [...this.files.keys()]) this.forget(ytext);
  }

  private history(ytext: Y.Text): FileHistory {
    const existing = this.files.get(ytext);
    if (existing) return existing;
    // No tracked origins but the binding (added by bind): the default `null` origin would also
    // record untagged local transactions.
    const manager = new Y.UndoManager(ytext, { trackedOrigins: new Set(), captureTimeout: this.captureTimeout });
    const h: FileHistory = { manager };
    manager.on('stack-item-added', ({ stackItem }) => {
      // While undoing (redoing), the inverse step is recorded: it restores what the popped one did not.
      const popped = manager.currStackItem;
      if (popped) {
        stackItem.meta.set(RESTORE, popped.meta.get(INVERSE));
        stackItem.meta.set(INVERSE, popped.meta.get(RESTORE));
        return;
      }
      stackItem.meta.set(RESTORE, h.selection);
      h.awaitingAfter = stackItem;
    });
    // More typing merged into the same step: its redo ends after the latest edit.
    manager.on('stack-item-updated', ({ stackItem }) => {
      if (!manager.currStackItem) h.awaitingAfter = stackItem;
    });
    manager.on('stack-item-popped', ({ stackItem }) => {
      const stored = stackItem.meta.get(RESTORE) as RelativeSelection | undefined;
      const selection = stored && absoluteSelection(stored, ytext);
      if (selection) h.target?.restoreSelection(selection);
    });
    this.files.set(ytext, h);
    return h;
  }
}

/** True when `type` (or an ancestor) was deleted from its document, or never belonged to one. */
export function isRemovedType<T>(type: Y.AbstractType<T>): boolean {
  if (!type.doc) return true;
  let item = type._item;
  while (item) {
    if (item.deleted) return true;
    item = item.parent instanceof Y.AbstractType ? item.parent._item : null;
  }
  return false;
}

/**
 * Keeps one set of cursor rules per person in the room (see remote-cursor-css.ts), following the
 * awareness: rules appear when someone joins or changes name or colour, and go when they leave.
 * The stylesheet text is handed to `write`, so Node tests can run this without a DOM.
 */
import type { Awareness } from 'y-protocols/awareness';
import { BASE_CURSOR_CSS, cursorRules, cursorUser, isClientId } from './remote-cursor-css';

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class RemoteCursorStyles {
  private readonly rules = new Map<number, string>();
  private css = '';

  constructor(
    private readonly awareness: Awareness,
    private readonly write: (css: string) => void,
  ) {
    awareness.on('change', this.onChange);
    this.onChange({ added: [...awareness.getStates().keys()], updated: [], removed: [] });
  }

  /** How many people have rules (for the debug counters). */
  get clients(): number {
    return this.rules.size;
  }

  dispose(): void {
    this.awareness.off('change', this.onChange);
    this.rules.clear();
    this.flush();
  }

  private onChange = ({ added, updated, removed }: AwarenessChange): void => {
    const states = this.awareness.getStates();
    for (const id of removed) this.rules.delete(id);
    for (const id of [...added, ...updated]) {
      const state = states.get(id);
      if (!isClientId(id) || id === this.awareness.clientID || !state) this.rules.delete(id);
      else this.rules.set(id, cursorRules(id, cursorUser(id, state)));
    }
    this.flush();
  };

  /** Rewrites only when a rule changed: most awareness changes are cursor moves. */
  private flush(): void {
    const css = this.rules.size ? [BASE_CURSOR_CSS, ...this.rules.values()].join('\n') : '';
    if (css === this.css) return;
    this.css = css;
    this.write(css);
  }
}

/** A `<style>` element in `doc`'s head that holds the remote cursor rules (created on first use). */
export function cursorStyleElement(doc: Document): { write: (css: string) => void; dispose: () => void } {
  let style: HTMLStyleElement | undefined;
  return {
    write(css) {
      if (!style) {
        style = doc.createElement('style');
        style.dataset.cove = 'remote-cursors';
        doc.head.append(style);
      }
      style.textContent = css;
    },
    dispose() {
      style?.remove();
      style = undefined;
    },
  };
}

/**
 * The compile-error overlay, in the spirit of Vite's: file:line:column, the
 * message and the offending line, in a shadow root so that the project's CSS
 * cannot restyle it (and it cannot restyle the project).
 */
import type { Diagnostic } from '../shared/protocol';

const TAG = 'cove-error-overlay';

const STYLE = `
:host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block; }
.backdrop { position: absolute; inset: 0; background: rgba(0, 0, 0, 0.66); overflow: auto; padding: 5vh 16px; box-sizing: border-box; }
.window { max-width: 860px; margin: 0 auto; background: #181818; color: #d8d8d8; border-top: 6px solid #ff5555;
  border-radius: 6px; box-shadow: 0 10px 40px rgba(0, 0, 0, 0.6); padding: 20px 24px;
  font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
header { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 12px; }
h2 { margin: 0; font-size: 16px; color: #ff6b6b; }
button { font: inherit; color: inherit; background: #2c2c2c; border: 1px solid #555; border-radius: 4px; padding: 2px 10px; cursor: pointer; }
button:focus-visible { outline: 2px solid #78a9ff; outline-offset: 2px; }
section { border-top: 1px solid #333; padding: 12px 0; }
.loc { color: #78a9ff; }
.warning .msg { color: #ffcc66; }
.msg { margin: 6px 0; white-space: pre-wrap; color: #ff8a8a; font-weight: 600; }
pre { margin: 0; white-space: pre; overflow-x: auto; }
.code { background: #111; padding: 8px 12px; border-radius: 4px; color: #c8c8c8; }
.caret { color: #ff5555; }
footer { margin-top: 12px; color: #999; font-size: 12px; }
`;

let host: HTMLElement | undefined;
let onKey: ((e: KeyboardEvent) => void) | undefined;

/** Shows the diagnostics (errors first); an empty list hides the overlay. */
export function showOverlay(diagnostics: Diagnostic[]): void {
  hideOverlay();
  if (!diagnostics.length) return;
  const sorted = [...diagnostics].sort((a, b) => rank(a) - rank(b));
  host = document.createElement(TAG);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const backdrop = el('div', 'backdrop');
  backdrop.addEventListener('click', (e) => {
    if (e.target === backdrop) hideOverlay();
  });
  const win = el('div', 'window');
  win.setAttribute('role', 'alert');
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const header = el('header');
  const title = el('h2', '', errors ? plural(errors, 'error') : plural(sorted.length, 'warning'));
  const dismiss = el('button', '', 'Dismiss');
  dismiss.type = 'button';
  dismiss.addEventListener('click', hideOverlay);
  header.append(title, dismiss);
  win.append(header);
  for (const d of sorted) win.append(section(d));
  win.append(el('footer', '', 'Fix the code and the preview updates. Press Esc or click outside to dismiss.'));
  backdrop.append(win);
  root.append(style, backdrop);
  (document.body ?? document.documentElement).append(host);
  onKey = (e) => {
    if (e.key === 'Escape') hideOverlay();
  };
  document.addEventListener('keydown', onKey);
}

export function hideOverlay(): void {
  host?.remove();
  host = undefined;
  if (onKey) document.removeEventListener('keydown', onKey);
  onKey = undefined;
}

function section(d: Diagnostic): HTMLElement {
  const s = el('section', d.severity);
  s.append(el('div', 'loc', `${d.file}:${d.line}:${d.column}`), el('pre', 'msg', d.message));
  if (d.lineText !== undefined) {
    const code = el('pre', 'code');
    const gutter = `${d.line} | `;
    const width = Math.max(1, (d.endLine === d.line && d.endColumn ? d.endColumn : d.column + 1) - d.column);
    code.append(
      document.createTextNode(`${gutter}${d.lineText}\n`),
      el('span', 'caret', `${' '.repeat(gutter.length + Math.max(0, d.column - 1))}${'^'.repeat(width)}`),
    );
    s.append(code);
  }
  return s;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function rank(d: Diagnostic): number {
  return d.severity === 'error' ? 0 : 1;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

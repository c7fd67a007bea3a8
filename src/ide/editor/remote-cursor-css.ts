/**
 * CSS for other people's cursors. y-monaco gives each remote selection the decoration classes
 * `yRemoteSelection-<clientID>` (the selected range) and `yRemoteSelectionHead-<clientID>` (an
 * empty element at the caret); these rules colour them and put the person's name above the caret.
 * Names and colours come from other people's browsers: colours must be `#rrggbb`, names are
 * cleaned and written as escaped CSS strings.
 */

export interface CursorUser {
  name: string;
  /** `#rrggbb` */
  color: string;
}

export const MAX_LABEL_LENGTH = 32;

/** Used for a peer whose colour is missing or not `#rrggbb` (stable per client). */
const FALLBACK_COLORS = ['#e5484d', '#f76b15', '#d6a100', '#46a758', '#12a594', '#0090ff', '#3e63dd', '#8e4ec6'];

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && HEX_COLOR.test(value);
}

export function isClientId(id: unknown): id is number {
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

/** The name and colour to show for a peer's awareness state (anything odd is replaced). */
export function cursorUser(clientId: number, state: unknown): CursorUser {
  const user = isRecord(state) && isRecord(state.user) ? state.user : {};
  const name = typeof user.name === 'string' ? cleanLabel(user.name) : '';
  return {
    name: name || 'Anonymous',
    color: isHexColor(user.color) ? user.color.toLowerCase() : FALLBACK_COLORS[clientId % FALLBACK_COLORS.length],
  };
}

/** One line, no control characters, at most MAX_LABEL_LENGTH characters (code points). */
export function cleanLabel(raw: string): string {
  // Format characters go (bidi overrides could flip the label), except the joiner inside emoji.
  const oneLine = raw.replace(/(?!\u200d)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/gu, ' ').replace(/ {2,}/g, ' ');
  const chars = [...oneLine.trim()];
  const cut = chars.length > MAX_LABEL_LENGTH ? chars.slice(0, MAX_LABEL_LENGTH - 1).join('') + '…' : chars.join('');
  // Lone surrogates cannot be written in CSS (or shown).
  return cut.replace(/[\uD800-\uDFFF]/g, (c, i: number, s: string) => (isPairedSurrogate(s, i) ? c : '\uFFFD'));
}

const SAFE_CHAR = /^[\p{L}\p{N} _.,!?'()@+-]$/u;

/**
 * `text` as a double-quoted CSS string. Everything but letters, digits, space and a few safe
 * punctuation marks becomes a hex escape, so no quote, backslash, newline or `</style>` survives.
 */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (SAFE_CHAR.test(ch)) out += ch;
    else out += `\\${(code === 0 ? 0xfffd : code).toString(16)} `;
  }
  return out + '"';
}

/** Black or white, whichever reads better on `hex`. */
export function labelTextColor(hex: string): '#000000' | '#ffffff' {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against white (1.05 / (L + 0.05)) vs against black ((L + 0.05) / 0.05).
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** Shared by every remote cursor; the per-person rules only add colours and the name. */
export const BASE_CURSOR_CSS = `.monaco-editor .yRemoteSelectionHead {
  position: absolute;
  height: 100%;
  box-sizing: border-box;
  margin-left: -1px;
  pointer-events: none;
}
.monaco-editor .yRemoteSelectionHead::after {
  position: absolute;
  bottom: 100%;
  left: -2px;
  z-index: 10;
  padding: 0 4px;
  border-radius: 3px 3px 3px 0;
  font: 600 11px/15px system-ui, sans-serif;
  white-space: nowrap;
  pointer-events: none;
}`;

/** The rules for one peer; throws on an id or colour that could break out of the rules. */
export function cursorRules(clientId: number, user: CursorUser): string {
  if (!isClientId(clientId)) throw new Error(`Not a Yjs client id: ${String(clientId)}`);
  if (!isHexColor(user.color)) throw new Error(`Not a #rrggbb colour: ${user.color}`);
  const [r, g, b] = rgb(user.color);
  return `.monaco-editor .yRemoteSelection-${clientId} { background-color: rgba(${r}, ${g}, ${b}, 0.25); }
.monaco-editor .yRemoteSelectionHead-${clientId} { border-left: 2px solid ${user.color}; }
.monaco-editor .yRemoteSelectionHead-${clientId}::after { content: ${cssString(user.name)}; background-color: ${user.color}; color: ${labelTextColor(user.color)}; }`;
}

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

function isPairedSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c <= 0xdbff) return i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
  return i > 0 && (s.charCodeAt(i - 1) & 0xfc00) === 0xd800;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

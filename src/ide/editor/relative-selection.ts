/**
 * Selections as Yjs relative positions (they stay put while others edit) and back to offsets in one
 * Y.Text. Positions that resolve into another file's Y.Text are refused: a peer's cursor in
 * `a.ts` must never be drawn or revealed in `b.ts`.
 */
import * as Y from 'yjs';

/** Offsets into the text (UTF-16 code units, as Monaco's `getOffsetAt`). */
export interface OffsetSelection {
  anchor: number;
  head: number;
}

/** y-monaco's awareness `selection` shape: anchor and head as relative positions. */
export interface RelativeSelection {
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}

export function relativeSelection(ytext: Y.Text, selection: OffsetSelection): RelativeSelection {
  return {
    anchor: Y.createRelativePositionFromTypeIndex(ytext, selection.anchor),
    head: Y.createRelativePositionFromTypeIndex(ytext, selection.head),
  };
}

/** The selection's offsets in `ytext`, or undefined when it points elsewhere (another file, a deleted text). */
export function absoluteSelection(selection: RelativeSelection, ytext: Y.Text): OffsetSelection | undefined {
  const doc = ytext.doc;
  if (!doc) return undefined;
  try {
    const anchor = Y.createAbsolutePositionFromRelativePosition(selection.anchor, doc);
    const head = Y.createAbsolutePositionFromRelativePosition(selection.head, doc);
    if (!anchor || !head || anchor.type !== ytext || head.type !== ytext) return undefined;
    return { anchor: anchor.index, head: head.index };
  } catch {
    // A position naming structs this document does not have in the shape it claims.
    return undefined;
  }
}

/**
 * A selection as another person's browser published it (JSON through awareness, so untrusted),
 * resolved in `ytext`; undefined when it is malformed or belongs to another text.
 */
export function peerSelectionIn(value: unknown, ytext: Y.Text): OffsetSelection | undefined {
  if (!isRecord(value)) return undefined;
  const anchor = relativePositionFromJson(value.anchor);
  const head = relativePositionFromJson(value.head);
  return anchor && head ? absoluteSelection({ anchor, head }, ytext) : undefined;
}

/** Local states hold RelativePosition objects; remote ones arrive as their JSON. */
function relativePositionFromJson(value: unknown): Y.RelativePosition | undefined {
  if (value instanceof Y.RelativePosition) return value;
  if (!isRecord(value)) return undefined;
  const type = value.type == null ? null : idFromJson(value.type);
  const item = value.item == null ? null : idFromJson(value.item);
  const tname = value.tname == null ? null : value.tname;
  const assoc = value.assoc ?? 0;
  if (type === undefined || item === undefined || (tname !== null && typeof tname !== 'string')) return undefined;
  if (typeof assoc !== 'number' || !Number.isInteger(assoc)) return undefined;
  if (type === null && item === null && tname === null) return undefined;
  return Y.createRelativePositionFromJSON({ type, tname, item, assoc });
}

function idFromJson(value: unknown): { client: number; clock: number } | undefined {
  if (!isRecord(value)) return undefined;
  const { client, clock } = value;
  return isCounter(client) && isCounter(clock) ? { client, clock } : undefined;
}

const isCounter = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

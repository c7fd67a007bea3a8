/**
 * Selections as Yjs relative positions (they stay put while others edit) and back to offsets in one
 * Y.Text. Positions that resolve into another file's Y.Text are refused: a peer's cursor in
 * `a.ts` must never be drawn or revealed in `b.ts`.
 */
import * as Y from 'yjs';
import { parseRelativePosition } from '../../collab/presence';

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
  const json = parseRelativePosition(value);
  return json && Y.createRelativePositionFromJSON(json);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

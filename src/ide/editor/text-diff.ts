/** The smallest single replacement that turns `before` into `after` (common prefix and suffix kept). */
export interface TextReplacement {
  /** Offset in `before` where the replaced range starts. */
  start: number;
  /** Length of the replaced range in `before`. */
  deleteCount: number;
  insert: string;
}

export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Do not split a surrogate pair.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return { start, deleteCount: before.length - start - end, insert: after.slice(start, after.length - end) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

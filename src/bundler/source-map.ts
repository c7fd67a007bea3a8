/**
 * Reading the inline source maps that compiled modules carry: generated position -> original
 * position. Used for resolve diagnostics and for mapping runtime stack traces.
 */
import { decode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';

const INLINE_MAP = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

export interface OriginalPosition {
  source: string;
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
}

export interface SourceMapLookup {
  /** `line` 1-based, `column` 0-based, both in the generated code. */
  original(line: number, column: number): OriginalPosition | undefined;
}

/** The inline source map of `code`, parsed; undefined when there is none. */
export function inlineSourceMap(code: string): SourceMapLookup | undefined {
  const m = INLINE_MAP.exec(code);
  if (!m) return undefined;
  try {
    const bytes = Uint8Array.from(atob(m[1]), (c) => c.charCodeAt(0));
    const map = JSON.parse(new TextDecoder().decode(bytes)) as { sources: string[]; mappings: string };
    return sourceMapLookup(map);
  } catch {
    return undefined;
  }
}

export function sourceMapLookup(map: { sources: string[]; mappings: string }): SourceMapLookup {
  let lines: SourceMapSegment[][] | undefined;
  return {
    original(line, column) {
      lines ??= decode(map.mappings);
      const segments = lines[line - 1];
      if (!segments?.length) return undefined;
      // Last segment starting at or before the column (segments are sorted by column).
      let lo = 0;
      let hi = segments.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (segments[mid][0] <= column) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      const seg = segments[found < 0 ? 0 : found];
      if (seg.length < 4) return undefined;
      return { source: map.sources[seg[1]!], line: seg[2]! + 1, column: seg[3]! };
    },
  };
}

/** 1-based line and 0-based column of a string offset. */
export function lineColumnAt(code: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = code.indexOf('\n'); i >= 0 && i < offset; i = code.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}

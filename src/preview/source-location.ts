/** Turning script URLs and stack frames of the preview into project positions. */

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** `http://p-x.host/src/main.ts?t=1` on this origin -> `src/main.ts`; other URLs stay as they are. */
export function projectFile(url: string, origin: string): string {
  try {
    const u = new URL(url, origin);
    if (u.origin !== origin) return url;
    return decodeURIComponent(u.pathname.replace(/^\/+/, '')) || '/';
  } catch {
    return url;
  }
}

/** The first frame of a V8, Firefox or Safari stack that points at a URL, as a project position. */
export function locationFromStack(stack: string | undefined, origin: string): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    // V8: "    at f (http://x/a.js:1:2)" or "    at http://x/a.js:1:2"; Firefox/Safari: "f@http://x/a.js:1:2".
    const m = /(?:\(|@|at\s+)((?:https?|blob|file):\/\/[^\s)]+?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (m) return { file: projectFile(m[1], origin), line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** The Problems list: compile diagnostics from the bundler and the editor's own markers, merged. */
import type { Diagnostic, DiagnosticFix } from '../shared/protocol';

export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** Who reported it, e.g. `esbuild`, `typescript`, `resolve`. */
  source: string;
  /** A one-click fix the bundler offered (see diagnostic-fix.ts: `fixLabel`, `applyFix`). */
  fix?: DiagnosticFix;
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/** Sorted by file, then position; duplicates (the same message at the same place) are dropped. */
export function mergeProblems(...lists: Problem[][]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of lists.flat()) {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || RANK[a.severity] - RANK[b.severity],
  );
}

export function problemFromDiagnostic(d: Diagnostic): Problem {
  const { file, line, column, message, severity, source, fix } = d;
  return { file, line, column, message, severity, source, ...(fix ? { fix } : {}) };
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.message}`;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of problems) {
    if (p.severity === 'error') errors++;
    else if (p.severity === 'warning') warnings++;
  }
  return { errors, warnings };
}

/** Bundler diagnostics per file: each report replaces the earlier ones for the files it lists. */
export class DiagnosticsByFile {
  private readonly byFile = new Map<string, Diagnostic[]>();

  apply(files: string[], diagnostics: Diagnostic[]): string[] {
    const touched = new Set(files);
    for (const f of files) this.byFile.delete(f);
    for (const d of diagnostics) {
      touched.add(d.file);
      const list = this.byFile.get(d.file) ?? [];
      list.push(d);
      this.byFile.set(d.file, list);
    }
    return [...touched];
  }

  get(file: string): Diagnostic[] {
    return this.byFile.get(file) ?? [];
  }

  all(): Diagnostic[] {
    return [...this.byFile.values()].flat();
  }

  rename(from: string, to: string): void {
    const list = this.byFile.get(from);
    if (!list) return;
    this.byFile.delete(from);
    this.byFile.set(
      to,
      list.map((d) => ({ ...d, file: to })),
    );
  }

  clear(): void {
    this.byFile.clear();
  }
}

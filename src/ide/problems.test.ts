import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../shared/protocol';
import { countBySeverity, DiagnosticsByFile, formatProblem, mergeProblems } from './problems';
import type { Problem } from './problems';

const p = (file: string, line: number, message: string, severity: Problem['severity'] = 'error'): Problem => ({
  file,
  line,
  column: 1,
  message,
  severity,
  source: 'x',
});

describe('problems', () => {
  it('merges, sorts and de-duplicates', () => {
    const out = mergeProblems(
      [p('b.ts', 1, 'm'), p('a.ts', 9, 'm')],
      [p('a.ts', 2, 'n', 'warning'), p('b.ts', 1, 'm')],
    );
    expect(out.map(formatProblem)).toEqual(['a.ts:2:1 n', 'a.ts:9:1 m', 'b.ts:1:1 m']);
    expect(countBySeverity(out)).toEqual({ errors: 2, warnings: 1 });
  });

  it('replaces bundler diagnostics per listed file', () => {
    const d = (file: string, message: string): Diagnostic => ({
      file,
      line: 1,
      column: 1,
      message,
      severity: 'error',
      source: 'esbuild',
    });
    const byFile = new DiagnosticsByFile();
    byFile.apply(['a.ts', 'b.ts'], [d('a.ts', 'x'), d('b.ts', 'y')]);
    expect(byFile.apply(['a.ts'], [])).toEqual(['a.ts']);
    expect(byFile.all().map((x) => x.message)).toEqual(['y']);
    byFile.rename('b.ts', 'c.ts');
    expect(byFile.get('c.ts')[0].file).toBe('c.ts');
    expect(byFile.get('b.ts')).toEqual([]);
  });
});

/** Bundler diagnostics as Monaco markers, and every marker as a Problem. */
import * as monaco from 'monaco-editor';
import type { Diagnostic } from '../../shared/protocol';
import type { Problem } from '../problems';
import { pathOfUri } from './model-sync';

export const BUNDLER_OWNER = 'cove-bundler';

export function setBundlerMarkers(model: monaco.editor.ITextModel, diagnostics: Diagnostic[]): void {
  monaco.editor.setModelMarkers(
    model,
    BUNDLER_OWNER,
    diagnostics.map((d) => ({
      severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: d.message,
      source: d.source,
      startLineNumber: d.line,
      startColumn: d.column,
      endLineNumber: d.endLine ?? d.line,
      endColumn: d.endColumn ?? (d.endLine ? d.column : model.getLineMaxColumn(Math.min(d.line, model.getLineCount()))),
    })),
  );
}

/** Problems from every marker on a project model (TypeScript, JSON, CSS, the bundler). */
export function problemsFromMarkers(): Problem[] {
  const out: Problem[] = [];
  for (const m of monaco.editor.getModelMarkers({})) {
    const file = pathOfUri(m.resource);
    if (file === undefined || !monaco.editor.getModel(m.resource) || m.severity < monaco.MarkerSeverity.Warning)
      continue;
    out.push({
      file,
      line: m.startLineNumber,
      column: m.startColumn,
      message: m.message,
      severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
      source: m.owner === BUNDLER_OWNER ? (m.source ?? 'esbuild') : m.owner,
    });
  }
  return out;
}

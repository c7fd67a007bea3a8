/** Bundler diagnostics as Monaco markers, and every marker as a Problem. */
import * as monaco from 'monaco-editor';
import type { Diagnostic, DiagnosticFix } from '../../shared/protocol';
import type { Problem } from '../problems';
import { pathOfUri } from './model-sync';

export const BUNDLER_OWNER = 'cove-bundler';

/**
 * The fix of each bundler marker that has one, per model. Markers are plain data copied around by
 * Monaco (no room for our own fields; their `code` goes to TypeScript's fixer as a number), so the
 * fix is found again by position and message.
 */
const fixes = new Map<string, Map<string, DiagnosticFix>>();

function markerKey(m: { startLineNumber: number; startColumn: number; message: string }): string {
  return `${m.startLineNumber}:${m.startColumn}:${m.message}`;
}

export function setBundlerMarkers(model: monaco.editor.ITextModel, diagnostics: Diagnostic[]): void {
  const markers = diagnostics.map((d) => ({
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.message,
    source: d.source,
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine ?? d.line,
    endColumn: d.endColumn ?? (d.endLine ? d.column : model.getLineMaxColumn(Math.min(d.line, model.getLineCount()))),
  }));
  const byKey = new Map<string, DiagnosticFix>();
  diagnostics.forEach((d, i) => {
    if (d.fix) byKey.set(markerKey(markers[i]), d.fix);
  });
  const uri = model.uri.toString();
  if (byKey.size) fixes.set(uri, byKey);
  else fixes.delete(uri);
  monaco.editor.setModelMarkers(model, BUNDLER_OWNER, markers);
}

/** The fix the bundler offered for this marker, if any. */
export function fixForMarker(resource: monaco.Uri, marker: monaco.editor.IMarkerData): DiagnosticFix | undefined {
  return fixes.get(resource.toString())?.get(markerKey(marker));
}

/** Forget every fix (the bundler markers are being removed). */
export function clearMarkerFixes(): void {
  fixes.clear();
}

/** Problems from every marker on a project model (TypeScript, JSON, CSS, the bundler). */
export function problemsFromMarkers(): Problem[] {
  const out: Problem[] = [];
  for (const m of monaco.editor.getModelMarkers({})) {
    const file = pathOfUri(m.resource);
    if (file === undefined || !monaco.editor.getModel(m.resource) || m.severity < monaco.MarkerSeverity.Warning)
      continue;
    const fix = m.owner === BUNDLER_OWNER ? fixForMarker(m.resource, m) : undefined;
    out.push({
      file,
      line: m.startLineNumber,
      column: m.startColumn,
      message: m.message,
      severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
      source: m.owner === BUNDLER_OWNER ? (m.source ?? 'esbuild') : m.owner,
      ...(fix ? { fix } : {}),
    });
  }
  return out;
}

/**
 * The editor's quick fixes for bundler diagnostics that carry a fix (an undeclared package:
 * "Add 'x' to dependencies (latest version)"). The lightbulb and Ctrl+. show them on the marker.
 */
import * as monaco from 'monaco-editor';
import type { DiagnosticFix } from '../../shared/protocol';
import { fixLabel } from '../diagnostic-fix';
import { clearMarkerFixes, fixForMarker } from './markers';

const APPLY_FIX_COMMAND = 'cove.applyDiagnosticFix';

/** Offers the fixes on project files until the returned function is called; `apply` carries one out. */
export function registerQuickFixes(apply: (fix: DiagnosticFix) => void): () => void {
  const command = monaco.editor.registerCommand(APPLY_FIX_COMMAND, (_accessor, fix: DiagnosticFix) => apply(fix));
  const provider = monaco.languages.registerCodeActionProvider(
    { scheme: 'file' },
    {
      provideCodeActions(model, _range, context) {
        const actions: monaco.languages.CodeAction[] = [];
        const seen = new Set<string>();
        for (const marker of context.markers) {
          const fix = fixForMarker(model.uri, marker);
          if (!fix) continue;
          const title = fixLabel(fix);
          if (seen.has(title)) continue;
          seen.add(title);
          actions.push({
            title,
            kind: 'quickfix',
            diagnostics: [marker],
            isPreferred: true,
            command: { id: APPLY_FIX_COMMAND, title, arguments: [fix] },
          });
        }
        return { actions, dispose: () => undefined };
      },
    },
    { providedCodeActionKinds: ['quickfix'] },
  );
  return () => {
    provider.dispose();
    command.dispose();
    clearMarkerFixes();
  };
}

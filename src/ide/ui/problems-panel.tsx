/** The Problems list: every compile and type error, click to jump there; a missing package offers to add it. */
import { useState } from 'preact/hooks';
import type { DiagnosticFix } from '../../shared/protocol';
import { problems } from '../app-state';
import { applyFix, fixLabel } from '../diagnostic-fix';
import { reveal } from '../file-actions';
import { formatProblem } from '../problems';
import type { ProjectSession } from '../project-session';
import { ErrorIcon, WarnIcon } from './icons';
import './problems-panel.css';

export function ProblemsPanel({ session }: { session: ProjectSession }) {
  const list = problems.value;
  if (!list.length) return <p class="problems-empty">No problems have been detected in the project.</p>;
  return (
    <ul class="problems" role="list" aria-label="Problems">
      {list.map((p) => {
        const text = formatProblem(p);
        return (
          <li key={`${text}:${p.source}`} class={`problem problem-${p.severity}`}>
            <button
              class="problem-button"
              onClick={() => reveal(p.file, p.line, p.column)}
              title={`${text} (${p.source})`}
            >
              {p.severity === 'error' ? <ErrorIcon size={14} /> : <WarnIcon size={14} />}
              <span class="problem-loc">
                {p.file}:{p.line}:{p.column}
              </span>{' '}
              <span class="problem-msg">{p.message}</span>
              <span class="problem-source">{p.source}</span>
            </button>
            {p.fix && <FixButton session={session} fix={p.fix} />}
          </li>
        );
      })}
    </ul>
  );
}

function FixButton({ session, fix }: { session: ProjectSession; fix: DiagnosticFix }) {
  const [busy, setBusy] = useState(false);
  const apply = async () => {
    setBusy(true);
    await applyFix(session, fix); // reports success or failure in a notice itself
    setBusy(false);
  };
  const name = fix.packageName;
  return (
    <button
      class="cove-btn problem-fix"
      onClick={() => void apply()}
      disabled={busy}
      aria-busy={busy}
      title={fixLabel(fix)}
      data-testid="problem-fix"
    >
      {busy ? `Adding ${name}…` : `Add ${name}`}
    </button>
  );
}

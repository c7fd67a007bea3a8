/** The Problems list: every compile and type error, click to jump there. */
import { problems } from '../app-state';
import { reveal } from '../file-actions';
import { formatProblem } from '../problems';
import { ErrorIcon, WarnIcon } from './icons';
import './problems-panel.css';

export function ProblemsPanel() {
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
          </li>
        );
      })}
    </ul>
  );
}

/** The bottom panel: the preview's Console and the Problems list. */
import { bottomTab, problemCounts } from '../app-state';
import type { ProjectSession } from '../project-session';
import { ConsolePanel } from './console-panel';
import { ProblemsPanel } from './problems-panel';
import './bottom-panel.css';

export function BottomPanel({ session }: { session: ProjectSession }) {
  const tab = bottomTab.value;
  const { errors, warnings } = problemCounts.value;
  const count = errors + warnings;
  const tabs = [
    { id: 'console', label: 'Console' },
    { id: 'problems', label: 'Problems' },
  ] as const;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    bottomTab.value = tab === 'console' ? 'problems' : 'console';
    queueMicrotask(() => (document.querySelector('.bottom-tab[aria-selected="true"]') as HTMLElement | null)?.focus());
  };
  return (
    <section class="bottom-panel" aria-label="Panel">
      <div class="bottom-tabs" role="tablist" aria-label="Panel" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`bottom-tab-${t.id}`}
            class="bottom-tab"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`bottom-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => (bottomTab.value = t.id)}
          >
            {t.label}
            {t.id === 'problems' && (
              <span
                class={`badge${errors ? ' badge-error' : count ? ' badge-warn' : ''}`}
                aria-label={`${count} problems`}
              >
                {count}
              </span>
            )}
          </button>
        ))}
      </div>
      {/* Both stay mounted: the console keeps collecting while Problems is shown. */}
      <div
        id="bottom-panel-console"
        class="bottom-body"
        role="tabpanel"
        aria-labelledby="bottom-tab-console"
        hidden={tab !== 'console'}
      >
        <ConsolePanel host={session.preview} mapStack={(s) => session.bundler.mapStack(session.id, s)} />
      </div>
      <div
        id="bottom-panel-problems"
        class="bottom-body"
        role="tabpanel"
        aria-labelledby="bottom-tab-problems"
        hidden={tab !== 'problems'}
      >
        <ProblemsPanel />
      </div>
    </section>
  );
}

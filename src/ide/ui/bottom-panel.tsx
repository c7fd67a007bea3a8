/**
 * The bottom panel: the preview's Console, the Problems list and the project's Dependencies.
 * Dependencies sit here rather than under the file tree: rows with versions, notes and buttons,
 * the install's progress and its error need the width, and the status bar opens it like Problems.
 */
import { bottomTab, problemCounts } from '../app-state';
import type { ProjectSession } from '../project-session';
import { ConsolePanel } from './console-panel';
import { DependenciesPanel } from './dependencies-panel';
import { isRunning } from './install-summary';
import { ProblemsPanel } from './problems-panel';
import './bottom-panel.css';

const TABS = [
  { id: 'console', label: 'Console' },
  { id: 'problems', label: 'Problems' },
  { id: 'dependencies', label: 'Dependencies' },
] as const;

export function BottomPanel({ session }: { session: ProjectSession }) {
  const tab = bottomTab.value;
  const { errors, warnings } = problemCounts.value;
  const count = errors + warnings;
  const install = session.npm.status.value;
  const installing = isRunning(install);
  const installFailed = install?.progress.phase === 'failed';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    bottomTab.value = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
    queueMicrotask(() => (document.querySelector('.bottom-tab[aria-selected="true"]') as HTMLElement | null)?.focus());
  };
  return (
    <section class="bottom-panel" aria-label="Panel">
      <div class="bottom-tabs" role="tablist" aria-label="Panel" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
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
            {t.id === 'dependencies' && (installing || installFailed) && (
              <span
                class={`tab-dot${installFailed ? ' tab-dot-error' : ' tab-dot-busy'}`}
                role="img"
                aria-label={installFailed ? 'install failed' : 'installing'}
              />
            )}
          </button>
        ))}
      </div>
      {/* All stay mounted: the console keeps collecting while another tab is shown. */}
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
        <ProblemsPanel session={session} />
      </div>
      <div
        id="bottom-panel-dependencies"
        class="bottom-body"
        role="tabpanel"
        aria-labelledby="bottom-tab-dependencies"
        hidden={tab !== 'dependencies'}
      >
        <DependenciesPanel npm={session.npm} />
      </div>
    </section>
  );
}

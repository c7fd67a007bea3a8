/**
 * Bottom status bar: bundler state, save state, live connection, problems, package installs, preview
 * origin, cursor position.
 */
import {
  bottomOpen,
  bottomTab,
  bundlerStatus,
  cursor,
  previewOrigin,
  problemCounts,
  savedFlash,
  saveState,
} from '../app-state';
import type { ProjectSession } from '../project-session';
import type { NpmService } from '../services/npm-service';
import { ConnectionStatus } from './connection-status';
import { ErrorIcon, WarnIcon } from './icons';
import { progressText, statusBarText } from './install-summary';
import './status-bar.css';

function bundlerLabel(): { text: string; cls: string; title: string } {
  const s = bundlerStatus.value;
  const t = s.timings;
  const timing = t
    ? `esbuild initialised in ${Math.round(t.initializeMs)} ms; first compile ${Math.round(t.firstTransformMs)} ms`
    : 'Not initialised yet';
  const title = [s.detail, timing].filter(Boolean).join('\n');
  switch (s.state) {
    case 'starting':
      return { text: 'Bundler starting…', cls: 'busy', title };
    case 'busy':
      return { text: s.pending ? `Compiling (${s.pending} pending)` : 'Compiling…', cls: 'busy', title };
    case 'failed':
      return { text: `Bundler failed${s.detail ? `: ${s.detail}` : ''}`, cls: 'error', title };
    default:
      return { text: s.pending ? `Bundler ready (${s.pending} pending)` : 'Bundler ready', cls: 'ok', title };
  }
}

function saveLabel(): { text: string; cls: string } {
  const s = saveState.value;
  if (s.state === 'error')
    return { text: s.quota ? 'Not saved: storage is full' : `Not saved: ${s.message}`, cls: 'error' };
  if (s.state === 'saving') return { text: 'Saving…', cls: 'busy' };
  return { text: savedFlash.value ? 'Saved ✓' : 'Saved', cls: savedFlash.value ? 'ok flash' : 'ok' };
}

function showPanel(tab: 'problems' | 'dependencies'): void {
  bottomOpen.value = true;
  bottomTab.value = tab;
}

export function StatusBar({ npm, session }: { npm: NpmService; session?: ProjectSession }) {
  const b = bundlerLabel();
  const install = npm.status.value;
  const installLabel = statusBarText(install);
  const save = saveLabel();
  const { errors, warnings } = problemCounts.value;
  const pos = cursor.value;
  return (
    <footer class={`status-bar${save.cls === 'error' ? ' has-error' : ''}`} aria-label="Status bar">
      <span class={`status-item status-${b.cls}`} title={b.title} data-testid="bundler-status">
        <span class="status-dot" aria-hidden="true" />
        {b.text}
      </span>
      <span
        class={`status-item status-${save.cls}`}
        role={save.cls === 'error' ? 'alert' : undefined}
        data-testid="save-status"
      >
        {save.text}
      </span>
      {session && <ConnectionStatus session={session} />}
      <button
        class="status-item status-button"
        onClick={() => showPanel('problems')}
        title="Show problems"
        aria-label={`${errors} errors, ${warnings} warnings`}
      >
        <ErrorIcon size={13} /> {errors} <WarnIcon size={13} /> {warnings}
      </button>
      {installLabel && (
        <button
          class={`status-item status-button status-${installLabel.cls}`}
          onClick={() => showPanel('dependencies')}
          title={
            install?.error?.message ??
            (install && installLabel.cls === 'busy' ? progressText(install.progress) : 'Show dependencies')
          }
          data-testid="install-status"
        >
          {installLabel.cls !== 'muted' && <span class="status-dot" aria-hidden="true" />}
          {installLabel.text}
        </button>
      )}
      <span class="status-spacer" />
      {previewOrigin.value && (
        <span class="status-item" title="The preview runs on its own origin">
          {previewOrigin.value.replace(/^https?:\/\//, '')}
        </span>
      )}
      {pos && (
        <span class="status-item">
          Ln {pos.line}, Col {pos.column}
        </span>
      )}
    </footer>
  );
}

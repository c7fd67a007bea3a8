/** The state of the project's package install: progress with Cancel, the error with Retry, the warnings. */
import type { InstallStatus } from '../../shared/npm';
import { ErrorIcon, WarnIcon } from './icons';
import { errorTitle, isRunning, phaseSentence, progressFraction, progressText } from './install-summary';

interface Props {
  status: InstallStatus | undefined;
  onCancel: () => void;
  onRetry: () => void;
  /** Offered when the error is about one direct dependency (e.g. a misspelt name). */
  onRemove?: (name: string) => void;
  isDirect: (name: string) => boolean;
}

/** One line on the phase, with Cancel while running (or Install again after a cancel). */
export function InstallPhase({ status, onCancel, onRetry }: Pick<Props, 'status' | 'onCancel' | 'onRetry'>) {
  return (
    <div class="install-summary">
      {/* Only phase changes are announced; the numbers below change too often to read out. */}
      <p class="install-phase" aria-live="polite" data-testid="install-phase">
        {phaseSentence(status)}
      </p>
      {isRunning(status) && (
        <button class="cove-btn" onClick={onCancel} data-testid="install-cancel">
          Cancel
        </button>
      )}
      {status?.progress.phase === 'cancelled' && (
        <button class="cove-btn" onClick={onRetry} data-testid="install-retry">
          Install again
        </button>
      )}
    </div>
  );
}

/** The progress bar and numbers while running, the error with Retry, the warnings. */
export function InstallDetails({ status, onRetry, onRemove, isDirect }: Omit<Props, 'onCancel'>) {
  const running = isRunning(status);
  const p = status?.progress;
  const fraction = p && progressFraction(p);
  const error = status?.progress.phase === 'failed' ? status.error : undefined;
  if (!running && !error && !status?.warnings.length) return null;
  return (
    <div class="install-state">
      {running && p && (
        <div class="install-progress" data-testid="install-progress">
          <div
            class={`install-bar${fraction === undefined ? ' indeterminate' : ''}`}
            role="progressbar"
            aria-label="Install progress"
            aria-valuemin={0}
            aria-valuemax={fraction === undefined ? undefined : p.toDownload}
            aria-valuenow={fraction === undefined ? undefined : p.downloaded}
            aria-valuetext={progressText(p)}
          >
            <div
              class="install-bar-fill"
              style={fraction === undefined ? undefined : { width: `${fraction * 100}%` }}
            />
          </div>
          <p class="install-numbers">
            {progressText(p)}
            {p.current && (
              <>
                {' · '}
                <span class="install-current" title={p.current}>
                  {p.current}
                </span>
              </>
            )}
          </p>
        </div>
      )}
      {error && (
        <div class="install-error" data-testid="install-error" data-code={error.code}>
          <ErrorIcon size={16} />
          <div class="install-error-text">
            <strong>{errorTitle(error.code)}</strong>
            <p>{error.message}</p>
            {error.requiredBy && <p class="install-muted">Required by {error.requiredBy}.</p>}
            <p class="install-muted">The preview keeps running with the packages it had.</p>
          </div>
          <div class="install-error-actions">
            <button class="cove-btn primary" onClick={onRetry} data-testid="install-retry">
              Retry
            </button>
            {onRemove && error.packageName && isDirect(error.packageName) && (
              <button class="cove-btn" onClick={() => onRemove(error.packageName!)}>
                Remove {error.packageName}
              </button>
            )}
          </div>
        </div>
      )}
      {!!status?.warnings.length && (
        <details class="install-warnings" data-testid="install-warnings">
          <summary>
            <WarnIcon size={14} /> {status.warnings.length} warning{status.warnings.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {status.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/**
 * The Share dialog's live part: "Share live" turns the open project into a live room (only on
 * that click) and hands out its links, the edit link ("Live link") and the read-only one. "Stop
 * sharing" disconnects this browser; the project stays here as a local project.
 */
import { useEffect, useState } from 'preact/hooks';
import { notify, readOnly } from '../app-state';
import { errorMessage } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { LIVE_NOT_CONFIGURED, liveServerUrl, shareLinks, shareProject, stopSharing } from '../services/live-service';
import { LinkField } from './link-field';
import { LiveServerSetting } from './live-server-setting';

type Phase =
  { kind: 'idle' } | { kind: 'creating' } | { kind: 'ready' } | { kind: 'error'; message: string; retry: boolean };

export function LiveShareSection({ session, onStopped }: { session: ProjectSession; onStopped: () => void }) {
  const [phase, setPhase] = useState<Phase>(() => (session.project.meta.live ? { kind: 'ready' } : { kind: 'idle' }));
  const [attempt, setAttempt] = useState(0);

  // The room is created only once the person asks for it.
  useEffect(() => {
    if (phase.kind !== 'creating') return;
    let stale = false;
    shareProject(session).then(
      () => !stale && setPhase({ kind: 'ready' }),
      (err: unknown) => !stale && setPhase({ kind: 'error', message: errorMessage(err), retry: true }),
    );
    return () => {
      stale = true;
    };
  }, [attempt]);

  const start = () => {
    setPhase(startPhase(session));
    setAttempt((n) => n + 1);
  };

  const info = session.project.meta.live;
  const links = phase.kind === 'ready' && info ? shareLinks(info) : {};

  const stop = async () => {
    try {
      await stopSharing(session);
      notify('info', 'Stopped sharing: this browser is disconnected, and the project stays here.');
      onStopped();
    } catch (err) {
      notify('error', `Could not stop sharing: ${errorMessage(err)}`);
    }
  };

  return (
    <section class="share-section">
      <h3>Edit together, live</h3>
      {phase.kind === 'idle' && (
        <>
          <p>
            Share live to edit this project with others at the same time: everyone sees every change. It needs the live
            sharing server; the links stay short whatever the project's size.
          </p>
          <div class="share-live-actions">
            <button type="button" class="cove-btn" onClick={start}>
              Share live
            </button>
          </div>
        </>
      )}
      {phase.kind === 'creating' && (
        <p role="status" class="share-live-busy">
          <span class="app-spinner" aria-hidden="true" /> Creating a live room…
        </p>
      )}
      {phase.kind === 'error' && (
        <div class="share-live-error" role="alert">
          <p>{phase.message}</p>
        </div>
      )}
      {phase.kind === 'ready' && (
        <>
          <p>
            {readOnly.value
              ? 'You joined this project with a read-only link: you can watch, and pass this link on.'
              : 'Anyone with the live link edits this project with you, live. The read-only link lets people watch.'}
          </p>
          {links.edit && (
            <LinkField id="share-live-edit" label="Live link" copyLabel="Copy the edit link" value={links.edit} />
          )}
          {links.read && (
            <LinkField id="share-live-read" label="Read-only link" copyLabel="Copy the view link" value={links.read} />
          )}
          <p class="share-live-hint">
            Stop sharing disconnects this browser from the live project. The project stays here; the others keep their
            copies.
          </p>
        </>
      )}
      {phase.kind === 'error' && <LiveServerSetting onChanged={start} />}
      {(phase.kind === 'ready' || (phase.kind === 'error' && phase.retry)) && (
        <div class="share-live-actions">
          {phase.kind === 'ready' && (
            <button type="button" class="cove-btn share-live-stop" onClick={() => void stop()}>
              Stop sharing
            </button>
          )}
          {phase.kind === 'error' && (
            <button type="button" class="cove-btn" onClick={start}>
              Try again
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** What clicking "Share live" leads to: creating the room, or at once the reason it cannot be. */
function startPhase(session: ProjectSession): Phase {
  if (session.project.meta.live) return { kind: 'ready' };
  try {
    return liveServerUrl() ? { kind: 'creating' } : { kind: 'error', message: LIVE_NOT_CONFIGURED, retry: false };
  } catch (err) {
    return { kind: 'error', message: errorMessage(err), retry: false };
  }
}

/**
 * "Share live": turns the open project into a live room (the first time) and hands out its links,
 * the edit link ("Live link") and the read-only one. "Stop sharing" disconnects this browser; the
 * project stays here as a local project.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { notify, readOnly } from '../app-state';
import { errorMessage, session as currentSession } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { LIVE_NOT_CONFIGURED, liveServerUrl, shareLinks, shareProject, stopSharing } from '../services/live-service';
import { CopyIcon } from './icons';
import { LiveServerSetting } from './live-server-setting';
import './dialog.css';
import './live.css';

type Phase = { kind: 'creating' } | { kind: 'ready' } | { kind: 'error'; message: string; retry: boolean };

export function ShareLiveButton() {
  const [open, setOpen] = useState(false);
  const s = currentSession.value;
  if (!s) return null;
  const live = !!s.live.value || !!s.project.meta.live;
  return (
    <>
      <button
        class={`cove-btn app-header-action share-live-button${live ? ' is-live' : ''}`}
        onClick={() => setOpen(true)}
        title={live ? 'This project is shared live: show its links' : 'Edit this project together with others'}
      >
        <span class="share-live-dot" aria-hidden="true" />
        Share live
      </button>
      {open && <ShareLiveDialog session={s} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareLiveDialog({ session, onClose }: { session: ProjectSession; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>(() => initialPhase(session));
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (el && !el.open) el.showModal();
    return () => {
      if (el?.open) el.close();
    };
  }, []);

  // Opening the dialog on a project that is not live yet creates its room.
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

  const info = session.project.meta.live;
  const links = phase.kind === 'ready' && info ? shareLinks(info) : {};

  const stop = async () => {
    try {
      await stopSharing(session);
      notify('info', 'Stopped sharing: this browser is disconnected, and the project stays here.');
      onClose();
    } catch (err) {
      notify('error', `Could not stop sharing: ${errorMessage(err)}`);
    }
  };

  return (
    <dialog
      ref={ref}
      class="cove-dialog share-live-dialog"
      aria-labelledby="share-live-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="share-live-title">Share live</h2>
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
      {phase.kind === 'error' && (
        <LiveServerSetting
          onChanged={() => {
            setPhase(initialPhase(session));
            setAttempt((n) => n + 1);
          }}
        />
      )}
      <div class="cove-dialog-actions">
        {phase.kind === 'ready' && (
          <button type="button" class="cove-btn share-live-stop" onClick={() => void stop()}>
            Stop sharing
          </button>
        )}
        <span class="share-live-spacer" />
        {phase.kind === 'error' && phase.retry && (
          <button
            type="button"
            class="cove-btn"
            onClick={() => {
              setPhase({ kind: 'creating' });
              setAttempt((n) => n + 1);
            }}
          >
            Try again
          </button>
        )}
        <button type="button" class="cove-btn primary" onClick={onClose}>
          {phase.kind === 'ready' ? 'Done' : 'Close'}
        </button>
      </div>
    </dialog>
  );
}

function initialPhase(session: ProjectSession): Phase {
  if (session.project.meta.live) return { kind: 'ready' };
  try {
    return liveServerUrl() ? { kind: 'creating' } : { kind: 'error', message: LIVE_NOT_CONFIGURED, retry: false };
  } catch (err) {
    return { kind: 'error', message: errorMessage(err), retry: false };
  }
}

function LinkField({ id, label, copyLabel, value }: { id: string; label: string; copyLabel: string; value: string }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard access (permissions, insecure context): select it for Ctrl+C instead.
      inputRef.current?.select();
      notify('info', 'Could not copy automatically: the link is selected, press Ctrl+C (⌘C) to copy it.');
    }
  };
  return (
    <div class="share-live-field">
      <label for={id}>{label}</label>
      <div class="share-live-row">
        <input
          ref={inputRef}
          id={id}
          class="cove-input"
          readOnly
          value={value}
          spellcheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="cove-btn" aria-label={copyLabel} onClick={() => void copy()}>
          <CopyIcon size={14} />
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

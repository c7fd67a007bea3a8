/**
 * "Share": one dialog for both ways to share the open project. First the snapshot link (the whole
 * project in the link, no server needed), then live sharing (a room is created only on request).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { activeFile, projectTitle } from '../app-state';
import { errorMessage, session as currentSession } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { LONG_SHARE_LINK, snapshotLink } from '../share-snapshot';
import { LinkField } from './link-field';
import { LiveShareSection } from './share-live-section';
import './dialog.css';
import './live.css';

export function ShareButton() {
  const [open, setOpen] = useState(false);
  const s = currentSession.value;
  if (!s) return null;
  const live = !!s.live.value || !!s.project.meta.live;
  return (
    <>
      <button
        class={`cove-btn app-header-action share-live-button${live ? ' is-live' : ''}`}
        onClick={() => setOpen(true)}
        title={live ? 'This project is shared live: show its links' : 'Share this project as a link, or live'}
      >
        <span class="share-live-dot" aria-hidden="true" />
        Share
      </button>
      {open && <ShareDialog session={s} onClose={() => setOpen(false)} />}
    </>
  );
}

function ShareDialog({ session, onClose }: { session: ProjectSession; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (el && !el.open) el.showModal();
    return () => {
      if (el?.open) el.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class="cove-dialog share-live-dialog"
      aria-labelledby="share-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="share-title">Share</h2>
      <SnapshotSection session={session} />
      <LiveShareSection session={session} onStopped={onClose} />
      <div class="cove-dialog-actions">
        <button type="button" class="cove-btn primary" onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}

type Snapshot = { kind: 'making' } | { kind: 'ready'; link: string } | { kind: 'error'; message: string };

/** The project as it is when the dialog opens, with the file shown now as the one the link opens. */
function SnapshotSection({ session }: { session: ProjectSession }) {
  const [snapshot, setSnapshot] = useState<Snapshot>({ kind: 'making' });
  useEffect(() => {
    let stale = false;
    snapshotLink(`${location.origin}/`, session.project.workspace, {
      open: activeFile.peek(),
      title: projectTitle.peek(),
    }).then(
      (link) => !stale && setSnapshot({ kind: 'ready', link }),
      (err: unknown) => !stale && setSnapshot({ kind: 'error', message: errorMessage(err) }),
    );
    return () => {
      stale = true;
    };
  }, [session]);

  return (
    <section class="share-section">
      <h3>Send a copy</h3>
      <p>The link holds a copy of the whole project as it is now. Whoever opens it gets their own project.</p>
      {snapshot.kind === 'making' && (
        <p role="status" class="share-live-busy">
          <span class="app-spinner" aria-hidden="true" /> Making the link…
        </p>
      )}
      {snapshot.kind === 'error' && (
        <div class="share-live-error" role="alert">
          <p>Could not make the snapshot link: {snapshot.message}</p>
        </div>
      )}
      {snapshot.kind === 'ready' && (
        <LinkField
          id="share-snapshot"
          label="Snapshot link"
          copyLabel="Copy the snapshot"
          value={snapshot.link}
          describedBy="share-snapshot-length"
        >
          <p id="share-snapshot-length" class="share-live-hint" data-testid="snapshot-length">
            {snapshot.link.length.toLocaleString('en-US')} characters
          </p>
          {snapshot.link.length > LONG_SHARE_LINK && (
            <p class="share-snapshot-warning" role="note">
              This link is longer than {LONG_SHARE_LINK.toLocaleString('en-US')} characters: chat apps and some sites
              cut long links. Share it live instead (below): the live link stays short.
            </p>
          )}
        </LinkField>
      )}
    </section>
  );
}

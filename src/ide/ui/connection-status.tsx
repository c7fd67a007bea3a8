/** The live connection's state in the status bar (always visible while a project is live). */
import type { LiveStatus } from '../../collab/live-session';
import type { ProjectSession } from '../project-session';

const LABELS: Record<LiveStatus, { text: string; cls: string; title: string }> = {
  connecting: { text: 'Live · connecting…', cls: 'busy', title: 'Connecting to the live sharing server' },
  connected: { text: 'Live · connected', cls: 'ok', title: 'Edits are shared with everyone in this project' },
  reconnecting: {
    text: 'Live · reconnecting…',
    cls: 'busy',
    title: 'The connection dropped; your edits are kept and sent when it is back',
  },
  offline: {
    text: 'Live · offline (edits are kept and merge when back)',
    cls: 'error',
    title: 'Cannot reach the live sharing server; Cove keeps trying',
  },
  refused: {
    text: 'Live · access refused',
    cls: 'error',
    title: 'The server refused this project’s access token; your copy stays here',
  },
};

export function ConnectionStatus({ session }: { session: ProjectSession }) {
  const conn = session.live.value;
  // A live project whose connection code is still loading counts as connecting.
  if (!conn && !session.project.meta.live) return null;
  const status = conn?.status.value ?? 'connecting';
  // A refusal says why (an invalid link, or a project too large for the server).
  const refused = status === 'refused' ? conn?.refusedMessage.value : undefined;
  const label = refused
    ? {
        ...LABELS.refused,
        title: refused,
        ...(conn?.refusedTooLarge.value ? { text: 'Live · too large to share' } : {}),
      }
    : LABELS[status];
  const readOnly = (conn?.role.value ?? session.project.meta.live?.role) === 'read';
  return (
    <>
      <span
        class={`status-item status-${label.cls}`}
        title={label.title}
        role="status"
        aria-label={label.text}
        data-testid="live-status"
        data-live-status={status}
      >
        <span class="status-dot" aria-hidden="true" />
        {label.text}
      </span>
      {readOnly && (
        <span class="status-item status-readonly" data-testid="live-readonly" title="You can look, not edit">
          Read-only
        </span>
      )}
    </>
  );
}

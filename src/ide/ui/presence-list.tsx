/**
 * Who is in the live project: you first ("(you)", click to change your name and colour), then
 * everyone else with their colour and the file they are in. Clicking a person follows them.
 */
import { useState } from 'preact/hooks';
import type { Peer } from '../../collab/presence';
import { activeFile } from '../app-state';
import type { ProjectSession } from '../project-session';
import { FOLLOW_KEEP_ATTR, followPeer, following, identity, stopFollowing } from '../services/live-service';
import { IdentityEditor } from './identity-editor';
import './live.css';

export function PresenceList({ session }: { session: ProjectSession }) {
  const [editing, setEditing] = useState(false);
  const conn = session.live.value;
  if (!conn) return null;
  const me = identity().value;
  const peers = conn.peers.value;
  const followed = following.value;
  const keep = { [FOLLOW_KEEP_ATTR]: '' };
  return (
    <section class="presence" aria-label="People" {...keep}>
      <div class="presence-header">
        <span class="presence-title">People</span>
        <span class="presence-count" aria-label={`${peers.length + 1} here`}>
          {peers.length + 1}
        </span>
      </div>
      <ul class="presence-list" aria-label="People in this project">
        <li class="presence-item presence-self" data-testid="presence-self">
          {editing ? (
            <IdentityEditor onDone={() => setEditing(false)} />
          ) : (
            <button
              class="presence-entry"
              onClick={() => setEditing(true)}
              aria-label={`${me.name} (you): change your name and colour`}
              title="Change your name and colour"
            >
              <span class="presence-dot" style={{ background: me.color }} aria-hidden="true" />
              <span class="presence-name">{me.name}</span>
              <span class="presence-you">(you)</span>
              <span class="presence-file">{fileLabel(activeFile.value)}</span>
            </button>
          )}
        </li>
        {peers.map((p) => (
          <PeerItem key={p.clientId} peer={p} followed={followed === p.clientId} />
        ))}
      </ul>
      {!peers.length && <p class="presence-empty">Nobody else is here. Share the live link to invite people.</p>}
    </section>
  );
}

function PeerItem({ peer, followed }: { peer: Peer; followed: boolean }) {
  return (
    <li class="presence-item" data-testid="presence-peer" data-client-id={peer.clientId}>
      <button
        class={`presence-entry${followed ? ' following' : ''}`}
        aria-pressed={followed}
        aria-label={`Follow ${peer.name}${peer.file ? `, in ${peer.file}` : ''}`}
        title={followed ? `Following ${peer.name}: type or click elsewhere to stop` : `Follow ${peer.name}`}
        onClick={() => (followed ? stopFollowing() : followPeer(peer.clientId))}
      >
        <span class="presence-dot" style={{ background: peer.color }} aria-hidden="true" />
        <span class="presence-name">{peer.name}</span>
        {followed && <span class="presence-following">following</span>}
        <span class="presence-file">{fileLabel(peer.file)}</span>
      </button>
    </li>
  );
}

function fileLabel(path: string | undefined): string {
  return path ?? 'no file open';
}

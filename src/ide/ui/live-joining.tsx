/** Shown while a live project is joined from a link, until its first sync with the room. */
import { navigate } from '../app-state';
import './live.css';

export function JoiningLive({ offline }: { offline: boolean }) {
  return (
    <div class="app-loading live-joining" role="status" data-testid="live-joining">
      <div class="live-joining-line">
        <span class="app-spinner" aria-hidden="true" />
        Joining live project…
      </div>
      {offline && <p>Cannot reach the live sharing server. Still trying…</p>}
      <button class="cove-btn" onClick={() => navigate({ view: 'home' })}>
        Cancel
      </button>
    </div>
  );
}

/** Toasts in the corner: save errors stay until dismissed, other notices fade out. */
import { dismissNotice, notices } from '../app-state';
import { CloseIcon, ErrorIcon } from './icons';
import './notices.css';

export function Notices() {
  const list = notices.value;
  return (
    <div class="notices" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} class={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          {n.kind === 'error' && <ErrorIcon />}
          <span class="notice-text">{n.message}</span>
          <button class="cove-icon-btn" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            <CloseIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

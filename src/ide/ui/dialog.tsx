/** A modal confirm dialog driven by a signal, so any action can `await confirmDialog(...)`. */
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import './dialog.css';

interface DialogRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

const current = signal<DialogRequest | undefined>(undefined);
let dialogEl: HTMLDialogElement | null = null;

export function confirmDialog(opts: {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
}): Promise<boolean> {
  current.value?.resolve(false);
  return new Promise((resolve) => {
    current.value = { confirmLabel: 'OK', ...opts, resolve };
  });
}

function close(ok: boolean) {
  const req = current.value;
  // Close first: the browser hands focus back to where it was, and only then does the caller act
  // (and may move focus itself, e.g. to the row after a deleted one).
  if (dialogEl?.open) dialogEl.close();
  current.value = undefined;
  req?.resolve(ok);
}

export function DialogHost() {
  const req = current.value;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    dialogEl = el;
    if (!el) return;
    if (req && !el.open) {
      el.showModal();
      el.querySelector<HTMLElement>('[data-confirm]')?.focus();
    } else if (!req && el.open) el.close();
  }, [req]);
  return (
    <dialog
      ref={ref}
      class="cove-dialog"
      aria-labelledby="cove-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        close(false);
      }}
    >
      {req && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            close(true);
          }}
        >
          <h2 id="cove-dialog-title">{req.title}</h2>
          <p>{req.message}</p>
          <div class="cove-dialog-actions">
            <button type="button" class="cove-btn" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" class={`cove-btn ${req.danger ? 'danger' : 'primary'}`} data-confirm>
              {req.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** A labelled read-only link with a copy button (the Share dialog's links). */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { notify } from '../app-state';
import { CopyIcon } from './icons';

export function LinkField({
  id,
  label,
  copyLabel,
  value,
  describedBy,
  children,
}: {
  id: string;
  label: string;
  copyLabel: string;
  value: string;
  describedBy?: string;
  children?: ComponentChildren;
}) {
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
          aria-describedby={describedBy}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="cove-btn" aria-label={copyLabel} onClick={() => void copy()}>
          <CopyIcon size={14} />
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      {children}
    </div>
  );
}

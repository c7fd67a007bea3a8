/** The inline name field of the file tree (create and rename), with its error shown under it. */
import { useEffect, useRef, useState } from 'preact/hooks';

interface NameInputProps {
  initial: string;
  label: string;
  /** Returns an error message to keep the field open, or undefined when done. */
  onCommit: (name: string) => string | undefined;
  onCancel: () => void;
}

export function NameInput({ initial, label, onCommit, onCancel }: NameInputProps) {
  const ref = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>();
  const done = useRef(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    // Select the name without its extension, as editors do.
    const dot = initial.lastIndexOf('.');
    el.setSelectionRange(0, dot > 0 ? dot : initial.length);
  }, []);

  const commit = () => {
    if (done.current) return;
    const value = ref.current?.value ?? '';
    if (!value.trim() || value === initial) {
      done.current = true;
      onCancel();
      return;
    }
    const err = onCommit(value);
    if (err) setError(err);
    else done.current = true;
  };

  return (
    <div class="tree-name-input">
      <input
        ref={ref}
        class={`cove-input${error ? ' invalid' : ''}`}
        aria-label={label}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'tree-name-error' : undefined}
        defaultValue={initial}
        spellcheck={false}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            done.current = true;
            onCancel();
          }
        }}
        onInput={() => setError(undefined)}
        onBlur={() => {
          // Leaving a field with an error cancels it rather than trapping focus.
          if (error) {
            done.current = true;
            onCancel();
          } else commit();
        }}
      />
      {error && (
        <div id="tree-name-error" class="tree-name-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

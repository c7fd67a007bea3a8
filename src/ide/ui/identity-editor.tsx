/** Edit your name and colour as others see them (remembered in this browser). */
import { useState } from 'preact/hooks';
import { PALETTE, MAX_NAME_LENGTH } from '../../collab/identity';
import { errorMessage } from '../project-controller';
import { identity, updateIdentity } from '../services/live-service';
import './live.css';

export function IdentityEditor({ onDone }: { onDone: () => void }) {
  const current = identity().value;
  const [name, setName] = useState(current.name);
  const [color, setColor] = useState(current.color);
  const [error, setError] = useState<string>();
  const save = (e: Event) => {
    e.preventDefault();
    try {
      updateIdentity({ name, color });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form
      class="identity-editor"
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <label for="identity-name">Your name</label>
      <input
        id="identity-name"
        class="cove-input"
        value={name}
        maxLength={MAX_NAME_LENGTH}
        autoFocus
        spellcheck={false}
        aria-invalid={!!error}
        onInput={(e) => {
          setName(e.currentTarget.value);
          setError(undefined);
        }}
      />
      <fieldset class="identity-colors">
        <legend>Your colour</legend>
        {PALETTE.map((c) => (
          <label key={c} class="identity-swatch" style={{ '--swatch': c }} title={c}>
            <input
              type="radio"
              name="identity-color"
              value={c}
              checked={color === c}
              aria-label={`Colour ${c}`}
              onChange={() => setColor(c)}
            />
          </label>
        ))}
      </fieldset>
      {error && (
        <p class="identity-error" role="alert">
          {error}
        </p>
      )}
      <div class="identity-actions">
        <button type="button" class="cove-btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" class="cove-btn primary">
          Save
        </button>
      </div>
    </form>
  );
}

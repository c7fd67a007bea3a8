/**
 * Which collaboration server "Share live" uses, as a person's own setting (it overrides the
 * build's `VITE_COVE_COLLAB_URL`). A project already live stays on the server it was shared on.
 */
import { useState } from 'preact/hooks';
import { COLLAB_URL_KEY, normalizeBaseUrl } from '../../collab/live-config';
import { appStorage } from '../browser-storage';

export function LiveServerSetting({ onChanged }: { onChanged: () => void }) {
  const storage = appStorage();
  const saved = storage.getItem(COLLAB_URL_KEY) ?? '';
  const built = typeof import.meta.env.VITE_COVE_COLLAB_URL === 'string' ? import.meta.env.VITE_COVE_COLLAB_URL : '';
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string>();
  const save = (e: Event) => {
    e.preventDefault();
    const raw = value.trim();
    try {
      if (raw) storage.setItem(COLLAB_URL_KEY, normalizeBaseUrl(raw, location.origin));
      else storage.removeItem(COLLAB_URL_KEY);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    setError(undefined);
    onChanged();
  };
  return (
    <details class="live-server-setting" open={!!error}>
      <summary>Live server</summary>
      <form onSubmit={save}>
        <label for="live-server-url">Live server URL</label>
        <div class="share-live-row">
          <input
            id="live-server-url"
            class="cove-input"
            value={value}
            placeholder={built || 'https://collab.example.com'}
            spellcheck={false}
            aria-invalid={!!error}
            aria-describedby="live-server-hint"
            onInput={(e) => setValue(e.currentTarget.value)}
          />
          <button type="submit" class="cove-btn">
            Use
          </button>
        </div>
        <p id="live-server-hint" class="share-live-hint">
          {error ?? (built ? `Empty: this Cove's own server (${built}).` : 'Empty: none is configured in this Cove.')}
        </p>
      </form>
    </details>
  );
}

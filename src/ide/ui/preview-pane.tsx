/** The preview: a toolbar (reload, URL bar, open in a new window) above the project's sandboxed iframe. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PreviewHost } from '../services/preview-host';
import './preview-pane.css';

export function PreviewPane({ host }: { host: PreviewHost }) {
  const frameBox = useRef<HTMLDivElement>(null);
  const [url, setUrl] = useState(host.url);
  const editing = useRef(false);
  // The first mount starts the page; a remount (layout change) finds it running.
  const [loading, setLoading] = useState(!host.iframe.isConnected);
  const [unsupported, setUnsupported] = useState(host.unsupportedReason);

  // Layout effect: the iframe starts loading in the same task as the first render, not a frame later.
  useLayoutEffect(() => {
    if (frameBox.current) host.mount(frameBox.current);
  }, [host]);

  useEffect(
    () =>
      host.on((e) => {
        if (e.type === 'started' || e.type === 'navigated' || e.type === 'loaded') {
          if (!editing.current) setUrl(e.url);
          if (e.type === 'started') setUnsupported(undefined);
          if (e.type === 'loaded') setLoading(false);
        } else if (e.type === 'unsupported') {
          setUnsupported(e.reason);
          setLoading(false);
        }
      }),
    [host],
  );

  const go = (path: string) => {
    setLoading(true);
    host.navigate(path);
    setUrl(host.url);
  };

  return (
    <div class="preview-pane">
      <div class="preview-toolbar" role="toolbar" aria-label="Preview">
        <button
          type="button"
          class="preview-button"
          aria-label="Reload preview"
          title="Reload preview"
          onClick={() => {
            setLoading(true);
            host.reload();
          }}
        >
          <ReloadIcon />
        </button>
        <input
          class="preview-url"
          type="text"
          aria-label="Preview URL"
          spellcheck={false}
          autocomplete="off"
          value={url}
          onFocus={() => (editing.current = true)}
          onBlur={() => {
            editing.current = false;
            setUrl(host.url);
          }}
          onInput={(e) => setUrl(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              go(e.currentTarget.value);
              e.currentTarget.blur();
            } else if (e.key === 'Escape') {
              setUrl(host.url);
              e.currentTarget.blur();
            }
          }}
        />
        <button
          type="button"
          class="preview-button"
          aria-label="Open in new window"
          title="Open in new window"
          onClick={() => window.open(host.origin + host.url, '_blank', 'noopener,noreferrer')}
        >
          <ExternalIcon />
        </button>
      </div>
      <div class={`preview-progress${loading ? ' is-loading' : ''}`} aria-hidden="true" />
      <div class="preview-frame-box" aria-busy={loading}>
        {/* The host owns this element's only child, the iframe; Preact never renders into it. */}
        <div class="preview-frame-slot" ref={frameBox} />
        {unsupported && (
          <div class="preview-unsupported" role="status">
            <h2>The preview cannot run here</h2>
            <p>{unsupported}</p>
          </div>
        )}
      </div>
    </div>
  );
}

function ReloadIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d="M13 8a5 5 0 1 1-1.5-3.55" />
      <path d="M13 2.5v3h-3" />
    </svg>
  );
}

function ExternalIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d="M9.5 2.5h4v4M13.5 2.5L7.5 8.5" />
      <path d="M12 9.5v3a1 1 0 0 1-1 1H3.5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3" />
    </svg>
  );
}

/** The preview: a toolbar (reload, URL bar, open in a new window) above the project's sandboxed iframe. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PreviewHost } from '../services/preview-host';
import { ExternalIcon, ReloadIcon } from './icons';
import './preview-pane.css';

export function PreviewPane({ host }: { host: PreviewHost }) {
  const frameBox = useRef<HTMLDivElement>(null);
  const [url, setUrl] = useState(host.url);
  const editing = useRef(false);
  // The first mount starts the page; a remount (layout change) finds it running.
  const [loading, setLoading] = useState(!host.loadedOnce);
  const [unsupported, setUnsupported] = useState(host.unsupportedReason);
  const [mode, setMode] = useState({ mode: host.mode, reason: host.modeReason });

  // Layout effect: the iframe starts loading in the same task as the first render, not a frame later.
  useLayoutEffect(() => {
    if (frameBox.current) host.mount(frameBox.current);
  }, [host]);

  useEffect(() => {
    const off = host.on((e) => {
      if (e.type === 'started' || e.type === 'navigated' || e.type === 'loaded') {
        if (!editing.current) setUrl(e.url);
        if (e.type === 'started') setUnsupported(undefined);
        if (e.type === 'loaded') setLoading(false);
      } else if (e.type === 'mode') {
        setMode({ mode: e.mode, reason: e.reason });
      } else if (e.type === 'unsupported') {
        setUnsupported(e.reason);
        setLoading(false);
      }
    });
    // The host may have changed mode (or given up) before this pane subscribed: catch up.
    setMode({ mode: host.mode, reason: host.modeReason });
    setUnsupported(host.unsupportedReason);
    return off;
  }, [host]);

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
      {mode.mode === 'bundled' && (
        <div class="preview-mode-badge" role="status" title={mode.reason}>
          Bundled preview (no service worker: {mode.reason})
        </div>
      )}
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

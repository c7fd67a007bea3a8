/**
 * The IDE side of one project's preview: the sandboxed iframe on the project's
 * own origin, the checked postMessage channel to the page in it, ports to the
 * bundler on request, and reloads / CSS updates when files change.
 */
import type { ConsoleLevel, Diagnostic, FromPreview, SerializedValue, ToPreview } from '../../shared/protocol';
import { BOOT_PATH, isFromPreview } from '../../shared/protocol';
import type { BundlerClient } from './bundler-client';

export type PreviewEvent =
  | { type: 'console'; level: ConsoleLevel; args: SerializedValue[]; time: number }
  | { type: 'error'; message: string; stack?: string; file?: string; line?: number; column?: number }
  | { type: 'clear-console' }
  /** A new page started in the preview (reload or navigation): the console starts afresh. */
  | { type: 'started'; url: string }
  | { type: 'loaded'; url: string }
  | { type: 'navigated'; url: string }
  | { type: 'unsupported'; reason: string };

/** What the host needs from the bundler (a BundlerClient, or a fake in tests). */
export type PreviewBundler = Pick<BundlerClient, 'connectPreview' | 'onInvalidate' | 'onDiagnostics'>;

/** No allow-top-navigation: the preview may never navigate the IDE. allow-same-origin is safe because the
 * preview's origin differs from the IDE's; it gives the page its own storage and service worker. */
export const PREVIEW_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads';

/** How long a page has to act on `reload` before the frame is navigated from outside. */
const RELOAD_FALLBACK_MS = 2_500;
/** Edits arrive in bursts (a paste, a multi-file change) within one task: one update per burst, no added wait. */
const INVALIDATE_DEBOUNCE_MS = 0;
/**
 * While changes stream in from someone else (a collaborator typing), reload at most this often:
 * a reload per remote keystroke kept the page's main thread (shared with the same-site preview)
 * so busy that the editor showed those keystrokes ~100 ms late (`bench/collab-propagation.mjs`).
 */
export const REMOTE_INVALIDATE_THROTTLE_MS = 300;
/** Console events kept for a console panel mounted later. */
const HISTORY_LIMIT = 500;

export class PreviewHost {
  readonly iframe: HTMLIFrameElement;
  readonly origin: string;
  /** Current path and query in the preview, e.g. `/` or `/about.html?x=1`. */
  url = '/';
  /** Set when the browser refused to run the preview, in plain words. */
  unsupportedReason: string | undefined;

  private readonly projectId: string;
  private readonly listeners = new Set<(e: PreviewEvent) => void>();
  private readonly cleanups: (() => void)[] = [];
  /** The page in the frame runs Cove's runtime and so answers our messages. */
  private runtimeReady = false;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private pending: { paths: Set<string>; cssOnly: boolean; timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private overlayShown = false;
  private history: PreviewEvent[] = [];
  private disposed = false;

  /** Whether the change being reported came from elsewhere (another person or tab), not from typing here. */
  private readonly changeIsRemote: () => boolean;

  constructor(opts: { projectId: string; origin: string; bundler: PreviewBundler; changeIsRemote?: () => boolean }) {
    this.projectId = opts.projectId;
    this.changeIsRemote = opts.changeIsRemote ?? (() => false);
    this.origin = opts.origin.replace(/\/+$/, '');
    const iframe = document.createElement('iframe');
    iframe.title = 'Preview';
    iframe.setAttribute('sandbox', PREVIEW_SANDBOX);
    iframe.className = 'preview-frame';
    iframe.addEventListener('load', () => this.clearReloadTimer());
    this.iframe = iframe;

    const onMessage = (event: MessageEvent) => this.onMessage(event, opts.bundler);
    window.addEventListener('message', onMessage);
    this.cleanups.push(() => window.removeEventListener('message', onMessage));
    this.cleanups.push(
      opts.bundler.onInvalidate((projectId, paths, cssOnly) => {
        if (projectId === this.projectId) this.invalidate(paths, cssOnly);
      }),
      opts.bundler.onDiagnostics((projectId, files, diagnostics) => {
        if (projectId !== this.projectId) return;
        for (const f of files) this.diagnostics.delete(f);
        for (const d of diagnostics) this.diagnostics.set(d.file, [...(this.diagnostics.get(d.file) ?? []), d]);
        this.syncOverlay(false);
      }),
    );
  }

  /** Puts the iframe into `container` and starts the preview if it has not started yet. */
  mount(container: HTMLElement): void {
    // src first: an iframe appended without one loads about:blank before the preview.
    if (!this.iframe.getAttribute('src')) {
      this.runtimeReady = false;
      // The first page goes through the bootstrap page, which hands the service worker a port to
      // this tab's bundler before anything else loads: a port kept from an earlier IDE page may be
      // dead (its worker is gone), and a request sent on it would hang until it times out.
      this.iframe.src = `${this.origin}${BOOT_PATH}?to=${encodeURIComponent(this.url)}`;
      performance.mark('cove:preview-iframe');
    }
    if (this.iframe.parentElement !== container) container.append(this.iframe);
  }

  /** Loads `path` (default: the current URL) as a fresh page. */
  load(path = this.url): void {
    this.url = normalizeUrl(path);
    this.navigateFrame();
  }

  reload(): void {
    if (!this.runtimeReady || !this.iframe.contentWindow) {
      this.navigateFrame();
      return;
    }
    this.runtimeReady = false;
    this.post({ cove: 1, type: 'reload' });
    this.clearReloadTimer();
    this.reloadTimer = setTimeout(() => this.navigateFrame(), RELOAD_FALLBACK_MS);
  }

  navigate(path: string): void {
    this.load(path);
  }

  on(cb: (e: PreviewEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Console-related events of the current page so far, for a console panel that mounts late. */
  consoleHistory(): readonly PreviewEvent[] {
    return this.history;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.cleanups.splice(0)) c();
    this.clearReloadTimer();
    if (this.pending) clearTimeout(this.pending.timer);
    this.listeners.clear();
    this.iframe.remove();
  }

  private onMessage(event: MessageEvent, bundler: PreviewBundler): void {
    // Only the page in our frame, on the project's origin: never another frame, tab or the IDE itself.
    if (event.origin !== this.origin || !this.iframe.contentWindow || event.source !== this.iframe.contentWindow)
      return;
    if (!isFromPreview(event.data)) return;
    const msg = event.data as FromPreview;
    this.clearReloadTimer();
    switch (msg.type) {
      case 'need-port': {
        if (msg.projectId && msg.projectId !== this.projectId) return;
        const port = bundler.connectPreview(this.projectId);
        this.post({ cove: 1, type: 'port', projectId: this.projectId }, [port]);
        performance.mark('cove:preview-port-sent');
        return;
      }
      case 'started':
        performance.mark('cove:preview-started');
        this.runtimeReady = true;
        this.unsupportedReason = undefined;
        this.url = msg.url;
        this.history = [];
        this.emit({ type: 'started', url: msg.url });
        this.syncOverlay(true);
        return;
      case 'loaded':
      case 'navigated':
        this.url = msg.url;
        this.emit({ type: msg.type, url: msg.url });
        return;
      case 'unsupported':
        this.runtimeReady = false;
        this.unsupportedReason = msg.reason;
        this.emit({ type: 'unsupported', reason: msg.reason });
        return;
      case 'console':
        this.emit({ type: 'console', level: msg.level, args: msg.args, time: msg.time });
        return;
      case 'error': {
        const { cove: _cove, ...rest } = msg;
        this.emit(rest);
        return;
      }
      case 'clear-console':
        this.emit({ type: 'clear-console' });
        return;
    }
  }

  private invalidate(paths: string[], cssOnly: boolean): void {
    if (!this.pending) {
      const timer = setTimeout(
        () => {
          const p = this.pending;
          this.pending = undefined;
          if (!p) return;
          if (p.cssOnly && this.runtimeReady) this.post({ cove: 1, type: 'css-update', paths: [...p.paths] });
          else this.reload();
        },
        this.changeIsRemote() ? REMOTE_INVALIDATE_THROTTLE_MS : INVALIDATE_DEBOUNCE_MS,
      );
      this.pending = { paths: new Set(), cssOnly: true, timer };
    }
    for (const p of paths) this.pending.paths.add(p);
    this.pending.cssOnly &&= cssOnly;
  }

  /** Shows the current compile errors in the page's overlay (or hides it when there are none). */
  private syncOverlay(newPage: boolean): void {
    if (!this.runtimeReady) return;
    const errors = [...this.diagnostics.values()]
      .flat()
      .filter((d) => d.severity === 'error' && d.source !== 'runtime');
    if (!errors.length && (newPage || !this.overlayShown)) return;
    this.overlayShown = errors.length > 0;
    this.post({ cove: 1, type: 'show-diagnostics', diagnostics: errors });
  }

  /** Navigates the frame from outside: works whatever the page is doing, and adds no history entry. */
  private navigateFrame(): void {
    this.clearReloadTimer();
    this.runtimeReady = false;
    this.overlayShown = false;
    const target = this.origin + this.url;
    const win = this.iframe.contentWindow;
    if (win && this.iframe.getAttribute('src')) {
      try {
        win.location.replace(target);
        return;
      } catch {
        // Fall through to src.
      }
    }
    this.iframe.src = target;
  }

  private post(msg: ToPreview, transfer: Transferable[] = []): void {
    this.iframe.contentWindow?.postMessage(msg, { targetOrigin: this.origin, transfer });
  }

  private emit(e: PreviewEvent): void {
    if (e.type === 'started' || e.type === 'clear-console') this.history = [];
    if (e.type === 'console' || e.type === 'error') {
      this.history.push(e);
      if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    }
    for (const cb of [...this.listeners]) {
      try {
        cb(e);
      } catch (err) {
        console.error('Preview event listener failed', err);
      }
    }
  }

  private clearReloadTimer(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = undefined;
  }
}

/** `about` -> `/about`; keeps the query; refuses anything that would leave the origin. */
export function normalizeUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) return '/';
  try {
    const u = new URL(trimmed.startsWith('/') ? trimmed : `/${trimmed}`, 'http://preview.invalid');
    if (u.origin !== 'http://preview.invalid') return '/';
    return u.pathname + u.search + u.hash;
  } catch {
    return '/';
  }
}

/**
 * The IDE side of one project's preview: the sandboxed iframe on the project's
 * own origin, the checked postMessage channel to the page in it, ports to the
 * bundler on request, and reloads / CSS updates when files change.
 */
import type { ConsoleLevel, Diagnostic, FromPreview, SerializedValue, ToPreview } from '../../shared/protocol';
import { BOOT_PATH, isFromPreview } from '../../shared/protocol';
import type { BundlerClient } from './bundler-client';
import type { PreviewMode } from './preview-mode';

export type PreviewEvent =
  | { type: 'console'; level: ConsoleLevel; args: SerializedValue[]; time: number }
  | { type: 'error'; message: string; stack?: string; file?: string; line?: number; column?: number }
  | { type: 'clear-console' }
  /** A new page started in the preview (reload or navigation): the console starts afresh. */
  | { type: 'started'; url: string }
  | { type: 'loaded'; url: string }
  | { type: 'navigated'; url: string }
  | { type: 'unsupported'; reason: string }
  /** The preview switched to running without a service worker (see preview-mode.ts), and why. */
  | { type: 'mode'; mode: PreviewMode; reason: string };

/** What the host needs from the bundler (a BundlerClient, or a fake in tests). */
export type PreviewBundler = Pick<BundlerClient, 'connectPreview' | 'onInvalidate' | 'onDiagnostics'> &
  Partial<Pick<BundlerClient, 'bundlePage'>>;

/** No allow-top-navigation: the preview may never navigate the IDE. allow-same-origin is safe because the
 * preview's origin differs from the IDE's; it gives the page its own storage and service worker. */
export const PREVIEW_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads';

/**
 * The bundled preview (no service worker) runs in an opaque origin: no allow-same-origin, so the page
 * can reach neither the IDE's storage nor anything of the origin it would otherwise inherit (srcdoc).
 */
export const BUNDLED_PREVIEW_SANDBOX = 'allow-scripts allow-forms allow-modals allow-popups';
/** A bundled page is rebuilt whole: wait for a burst of edits to end first. */
const BUNDLED_REBUILD_DEBOUNCE_MS = 150;

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
  /** How the preview runs; `modeReason` says why it is not the service worker. */
  mode: PreviewMode = 'service-worker';
  modeReason: string | undefined;

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
  /** Whether a page of this preview has fired its `load` event (all its modules ran). */
  loadedOnce = false;
  private readonly bundlePage: ((url: string) => Promise<string>) | undefined;
  /** Bundled mode: the latest rebuild; an older one that finishes later is dropped. */
  private bundleSeq = 0;

  /** Whether the change being reported came from elsewhere (another person or tab), not from typing here. */
  private readonly changeIsRemote: () => boolean;

  constructor(opts: {
    projectId: string;
    origin: string;
    bundler: PreviewBundler;
    changeIsRemote?: () => boolean;
    /** Start in this mode instead of trying the service worker first. */
    forceMode?: PreviewMode;
    /** Binary files for the bundled mode, where the bundler cannot read them itself (storage in memory only). */
    pageBinaries?: () => Promise<{ path: string; bytes: Uint8Array }[]>;
  }) {
    this.projectId = opts.projectId;
    const { bundler, pageBinaries } = opts;
    this.bundlePage = bundler.bundlePage
      ? async (url) =>
          bundler.bundlePage!(opts.projectId, url, window.location.origin, pageBinaries && (await pageBinaries()))
      : undefined;
    if (opts.forceMode === 'bundled' && this.bundlePage) {
      this.mode = 'bundled';
      this.modeReason = 'forced by the preview mode setting';
    }
    this.changeIsRemote = opts.changeIsRemote ?? (() => false);
    this.origin = opts.origin.replace(/\/+$/, '');
    const iframe = document.createElement('iframe');
    iframe.title = 'Preview';
    iframe.setAttribute('sandbox', this.mode === 'bundled' ? BUNDLED_PREVIEW_SANDBOX : PREVIEW_SANDBOX);
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
    if (this.mode === 'bundled') {
      if (!this.iframe.hasAttribute('srcdoc')) void this.rebuild();
    } else if (!this.iframe.getAttribute('src')) {
      // src first: an iframe appended without one loads about:blank before the preview.
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
    if (this.mode === 'bundled') {
      void this.rebuild();
      return;
    }
    if (!this.runtimeReady || !this.iframe.contentWindow) {
      this.navigateFrame();
      return;
    }
    this.runtimeReady = false;
    performance.mark('cove:reload');
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
    // Only the page in our frame, on the project's origin (bundled mode: the opaque origin, "null"):
    // never another frame, tab or the IDE itself.
    const origin = this.mode === 'bundled' ? 'null' : this.origin;
    if (event.origin !== origin || !this.iframe.contentWindow || event.source !== this.iframe.contentWindow) return;
    if (!isFromPreview(event.data)) return;
    const msg = event.data as FromPreview;
    this.clearReloadTimer();
    switch (msg.type) {
      case 'need-port': {
        if (this.mode === 'bundled') return;
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
      case 'navigated':
        // A bundled page cannot leave about:srcdoc: a link to another page of the project is built here.
        if (this.mode === 'bundled' && msg.url !== this.url) {
          this.load(msg.url);
          return;
        }
        this.url = msg.url;
        this.emit({ type: msg.type, url: msg.url });
        return;
      case 'loaded':
        this.url = msg.url;
        this.loadedOnce = true;
        this.emit({ type: msg.type, url: msg.url });
        return;
      case 'unsupported':
        this.runtimeReady = false;
        if (this.mode === 'service-worker' && this.bundlePage) {
          this.switchToBundled(typeof msg.cause === 'string' && msg.cause ? msg.cause : msg.reason);
          return;
        }
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
          if (this.mode === 'bundled') void this.rebuild();
          else if (p.cssOnly && this.runtimeReady) this.post({ cove: 1, type: 'css-update', paths: [...p.paths] });
          else this.reload();
        },
        this.changeIsRemote()
          ? REMOTE_INVALIDATE_THROTTLE_MS
          : this.mode === 'bundled'
            ? BUNDLED_REBUILD_DEBOUNCE_MS
            : INVALIDATE_DEBOUNCE_MS,
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
    if (this.mode === 'bundled') {
      void this.rebuild();
      return;
    }
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
    // An opaque origin cannot be named as a target: '*', to our own frame's window only.
    const targetOrigin = this.mode === 'bundled' ? '*' : this.origin;
    this.iframe.contentWindow?.postMessage(msg, { targetOrigin, transfer });
  }

  /** The browser refused the service worker: run the preview bundled in an opaque-origin frame. */
  private switchToBundled(reason: string): void {
    this.mode = 'bundled';
    this.modeReason = reason;
    this.unsupportedReason = undefined;
    this.clearReloadTimer();
    this.iframe.setAttribute('sandbox', BUNDLED_PREVIEW_SANDBOX);
    this.iframe.removeAttribute('src');
    this.emit({ type: 'mode', mode: 'bundled', reason });
    void this.rebuild();
  }

  /** Bundled mode: builds the current page and shows it (a rebuild started later wins). */
  private async rebuild(): Promise<void> {
    if (!this.bundlePage || this.disposed) return;
    const seq = ++this.bundleSeq;
    this.clearReloadTimer();
    try {
      const html = await this.bundlePage(this.url);
      if (seq !== this.bundleSeq || this.disposed) return;
      this.runtimeReady = false;
      this.overlayShown = false;
      this.iframe.srcdoc = html;
    } catch (error) {
      if (seq !== this.bundleSeq || this.disposed) return;
      const message = error instanceof Error ? error.message : String(error);
      this.unsupportedReason = `The preview could not be bundled: ${message}`;
      this.emit({ type: 'unsupported', reason: this.unsupportedReason });
    }
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

/**
 * Starting a project's preview frame as soon as the IDE knows which project it opens, before the
 * project is read and the IDE has drawn itself. The frame's bootstrap page (on the preview origin,
 * in a process of its own) then loads in parallel with the IDE instead of after it: that page,
 * and the service worker behind it, take ~100 ms to start.
 *
 * The frame waits in a corner, invisible, and the PreviewHost adopts it: it replays what the page
 * said meanwhile (its request for a bundler port, or that service workers are refused) and moves
 * it into the preview pane with `moveBefore`, which keeps its document (moving it any other way
 * reloads it). Browsers without `moveBefore` start the frame when the pane mounts, as before.
 */
import { BOOT_PATH, isFromPreview } from '../../shared/protocol';

interface Prestarted {
  src: string;
  iframe: HTMLIFrameElement;
  /** Messages from the frame's page before a PreviewHost listened. */
  messages: MessageEvent[];
  stop: () => void;
}

/** What PreviewHost takes over. */
export interface AdoptedFrame {
  iframe: HTMLIFrameElement;
  messages: readonly MessageEvent[];
}

const HOLDING_STYLE =
  'position:fixed;left:0;top:0;width:320px;height:240px;opacity:0;pointer-events:none;z-index:-1;border:0';

let current: Prestarted | undefined;

interface MovableParent {
  moveBefore(node: Node, child: Node | null): void;
}

export function canMoveFrames(): boolean {
  return typeof Element !== 'undefined' && 'moveBefore' in Element.prototype;
}

/** The first URL a preview frame loads: the bootstrap page, which then goes to `path`. */
export function bootUrl(origin: string, path: string): string {
  return `${origin.replace(/\/+$/, '')}${BOOT_PATH}?to=${encodeURIComponent(path)}`;
}

/** Starts the frame for `origin` (any other prestarted frame is dropped). */
export function prestartPreview(origin: string, sandbox: string, path = '/'): void {
  if (!canMoveFrames()) return;
  const src = bootUrl(origin, path);
  if (current?.src === src) return;
  discardPrestarted();
  const iframe = document.createElement('iframe');
  iframe.title = 'Preview';
  iframe.setAttribute('sandbox', sandbox);
  iframe.className = 'preview-frame';
  // Rendered but invisible: browsers throttle frames that are hidden or off-screen.
  iframe.setAttribute('style', HOLDING_STYLE);
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.src = src;
  const previewOrigin = new URL(src).origin;
  const entry: Prestarted = { src, iframe, messages: [], stop: () => {} };
  const onMessage = (event: MessageEvent) => {
    // Only the page in this frame, on the preview origin: the same check PreviewHost makes.
    if (event.origin !== previewOrigin || !iframe.contentWindow || event.source !== iframe.contentWindow) return;
    if (isFromPreview(event.data)) entry.messages.push(event);
  };
  window.addEventListener('message', onMessage);
  entry.stop = () => window.removeEventListener('message', onMessage);
  document.body.append(iframe);
  performance.mark('cove:preview-prestart');
  current = entry;
}

/** The prestarted frame if it is for exactly this origin and page; handed over once. */
export function adoptPrestarted(origin: string, path: string): AdoptedFrame | undefined {
  const entry = current;
  if (!entry || entry.src !== bootUrl(origin, path)) return undefined;
  current = undefined;
  entry.stop();
  return { iframe: entry.iframe, messages: entry.messages };
}

/** Drops a frame nobody adopted (the project did not open, another one did). */
export function discardPrestarted(): void {
  current?.stop();
  current?.iframe.remove();
  current = undefined;
}

/**
 * Puts an adopted frame into `container` without reloading it. False when it cannot be moved
 * (then the caller appends it, which reloads the page: slower, never wrong).
 */
export function moveFrameInto(container: HTMLElement, iframe: HTMLIFrameElement): boolean {
  if (!iframe.isConnected || !container.isConnected || !canMoveFrames()) return false;
  try {
    (container as unknown as MovableParent).moveBefore(iframe, null);
  } catch {
    return false;
  }
  iframe.removeAttribute('style');
  iframe.removeAttribute('aria-hidden');
  iframe.removeAttribute('tabindex');
  return true;
}

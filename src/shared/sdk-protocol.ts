/**
 * The wire protocol between the embed SDK (on the host page) and the embedded IDE (`/embed`).
 *
 * Handshake, over `window.postMessage`:
 * 1. The embed page posts `{ cove: 'sdk-hello', version }` to its parent (target origin `*`: it cannot
 *    know the parent's origin in advance, and the hello carries nothing secret).
 * 2. The SDK checks `event.source === iframe.contentWindow` and `event.origin` === the app's origin,
 *    then posts `{ cove: 'sdk-connect', version }` with a MessagePort to the iframe, targeted at the
 *    app's origin (so no other page loaded in the frame can receive the port).
 * 3. The embed page takes the first port that comes from `window.parent` with a well-formed connect
 *    message and ignores any later one; from then on both sides talk only over that port.
 *
 * Over the port: the SDK sends SdkRequest, the embed page answers every one with an SdkResponse
 * of the same id, and pushes SdkEvent. Both sides validate every message with the guards below.
 * Only types and tiny pure helpers live here: both sides import it.
 */

export const SDK_PROTOCOL_VERSION = 1;

export interface SdkHello {
  cove: 'sdk-hello';
  version: number;
}

export interface SdkConnect {
  cove: 'sdk-connect';
  version: number;
}

/** A project as the SDK hands it over: text files only. */
export interface SdkProject {
  files: Record<string, string>;
  /** The file shown first. */
  open?: string;
  title?: string;
}

export interface SdkFsDiff {
  create: Record<string, string>;
  destroy: string[];
}

export type SdkRequest =
  /** Load this project (once, right after the handshake; the answer comes once it is open). */
  | { type: 'load'; id: number; project: SdkProject }
  | { type: 'get-files'; id: number }
  | { type: 'apply-fs-diff'; id: number; diff: SdkFsDiff }
  | { type: 'open-file'; id: number; path: string }
  | { type: 'preview-get-url'; id: number }
  | { type: 'preview-set-url'; id: number; path: string };

export type SdkErrorCode = 'timeout' | 'not-found' | 'invalid' | 'destroyed' | 'read-only' | 'failed';

export const SDK_ERROR_CODES: readonly SdkErrorCode[] = [
  'timeout',
  'not-found',
  'invalid',
  'destroyed',
  'read-only',
  'failed',
];

export type SdkResponse =
  | { type: 'response'; id: number; ok: true; value?: unknown }
  | { type: 'response'; id: number; ok: false; code: SdkErrorCode; message: string };

export type SdkConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** What the SDK's `on()` callbacks receive, by event name. */
export interface SdkEventMap {
  /** The project is open (sent once, right after the `load` answer). */
  ready: { title: string };
  /** Project files changed (by the person in the embed, or by `applyFsDiff`). */
  change: { paths: string[] };
  /** A console call in the preview; `args` are plain-text renderings of the arguments. */
  console: { level: SdkConsoleLevel; args: string[] };
  /** An uncaught error in the preview. */
  error: { message: string; file?: string; line?: number };
  /** A page of the preview finished loading after a (re)build; `errors`: compile errors now known. */
  compiled: { url: string; errors: number };
}

export type SdkEventName = keyof SdkEventMap;

export const SDK_EVENT_NAMES: readonly SdkEventName[] = ['ready', 'change', 'console', 'error', 'compiled'];

export type SdkEvent = {
  [K in SdkEventName]: { type: 'event'; event: K; data: SdkEventMap[K] };
}[SdkEventName];

export type FromSdkHost = SdkResponse | SdkEvent;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isStringRecord(x: unknown): x is Record<string, string> {
  return isRecord(x) && Object.values(x).every((v) => typeof v === 'string');
}

export function isSdkHello(x: unknown): x is SdkHello {
  return isRecord(x) && x.cove === 'sdk-hello' && typeof x.version === 'number';
}

export function isSdkConnect(x: unknown): x is SdkConnect {
  return isRecord(x) && x.cove === 'sdk-connect' && typeof x.version === 'number';
}

export function isSdkProject(x: unknown): x is SdkProject {
  return (
    isRecord(x) &&
    isStringRecord(x.files) &&
    (x.open === undefined || typeof x.open === 'string') &&
    (x.title === undefined || typeof x.title === 'string')
  );
}

/** A well-formed request (the handler still checks paths and state). */
export function isSdkRequest(x: unknown): x is SdkRequest {
  if (!isRecord(x) || typeof x.id !== 'number' || !Number.isInteger(x.id)) return false;
  switch (x.type) {
    case 'load':
      return isSdkProject(x.project);
    case 'get-files':
    case 'preview-get-url':
      return true;
    case 'apply-fs-diff':
      return (
        isRecord(x.diff) &&
        isStringRecord(x.diff.create) &&
        Array.isArray(x.diff.destroy) &&
        x.diff.destroy.every((p) => typeof p === 'string')
      );
    case 'open-file':
    case 'preview-set-url':
      return typeof x.path === 'string';
    default:
      return false;
  }
}

export function isFromSdkHost(x: unknown): x is FromSdkHost {
  if (!isRecord(x)) return false;
  if (x.type === 'response')
    return (
      typeof x.id === 'number' &&
      (x.ok === true ||
        (x.ok === false && SDK_ERROR_CODES.includes(x.code as SdkErrorCode) && typeof x.message === 'string'))
    );
  return x.type === 'event' && SDK_EVENT_NAMES.includes(x.event as SdkEventName) && isRecord(x.data);
}

/**
 * The one typed message protocol that every side of Cove imports.
 *
 * Sides and channels:
 * - IDE page  <-> bundler Worker: `worker.postMessage` (ToBundler / FromBundler)
 * - service worker <-> bundler Worker: a transferred MessagePort (PreviewRequest / PreviewResponse)
 * - IDE page  <-> preview frame: `window.postMessage` (ToPreview / FromPreview), origin and source checked
 * - preview page -> service worker: `controller.postMessage` (ToServiceWorker)
 * - service worker -> preview pages: `client.postMessage` (FromServiceWorker)
 *
 * This module must not import any side: only types and tiny pure helpers live here.
 */

/** A compile or runtime problem, positioned in a project file (1-based line, 1-based column). */
export interface Diagnostic {
  /** Project-relative path without a leading slash, e.g. `src/main.ts`. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning';
  /** Who found it: the compiler, the import resolver, the package installer, or the running preview. */
  source: 'esbuild' | 'resolve' | 'npm' | 'runtime';
  /** The offending source line, for the overlay. */
  lineText?: string;
  /** A one-click fix the editor can offer. */
  fix?: DiagnosticFix;
}

/** Fixes the bundler can suggest; the IDE applies them (it owns the project's files). */
export type DiagnosticFix =
  /** Add an undeclared package to package.json `dependencies` at its latest version. */
  { kind: 'add-dependency'; packageName: string };

import type { InstallStatus } from './npm';

export type BundlerState = 'starting' | 'ready' | 'busy' | 'failed';

// ---------------------------------------------------------------------------
// IDE page -> bundler worker

export type ToBundler =
  /** Start (or replace) the worker's replica of a project: the full Yjs state. */
  | { type: 'open-project'; projectId: string; state: Uint8Array }
  /** An incremental Yjs update of an open project. */
  | { type: 'doc-update'; projectId: string; update: Uint8Array }
  | { type: 'close-project'; projectId: string }
  /** A port that the preview's service worker will use to ask for files. */
  | { type: 'connect-preview'; projectId: string; port: MessagePort }
  /** Map generated positions in a stack trace back to project files. */
  | { type: 'map-stack'; id: number; projectId: string; stack: string }
  /** The registry chosen in the app's settings (a project's `.npmrc` still wins); empty: the build default. */
  | { type: 'npm-settings'; projectId: ''; registry: string }
  /** Install now (retry after an error); installs also start by themselves when package.json changes. */
  | { type: 'npm-install'; projectId: string }
  | { type: 'npm-cancel'; projectId: string }
  /** The text of an installed package's file, for the read-only viewer (`path` starts with `node_modules/`). */
  | { type: 'npm-read'; id: number; projectId: string; path: string }
  /** A package's latest version (its `latest` dist-tag), for "add dependency" and "update". */
  | { type: 'npm-latest'; id: number; projectId: string; name: string }
  /**
   * The preview without a service worker: page `url` bundled into one self-contained HTML document
   * (runtime first, posting to `ideOrigin`). Answered by `bundled-page`; later changes to the project
   * are reported as `preview-invalidate`.
   */
  | {
      type: 'bundle-page';
      id: number;
      projectId: string;
      url: string;
      ideOrigin: string;
      /** Binary files' bytes, when the worker cannot read them itself (the IDE keeps them in memory only). */
      binaries?: { path: string; bytes: Uint8Array }[];
    };

// bundler worker -> IDE page

export interface BundlerTimings {
  /** ms spent in esbuild.initialize (wasm compile + instantiate). */
  initializeMs: number;
  /** ms for the first transform after initialize (JIT warm-up). */
  firstTransformMs: number;
}

export type FromBundler =
  | { type: 'status'; state: BundlerState; detail?: string; pending: number; timings?: BundlerTimings }
  /** All current compile diagnostics of a project, replacing earlier ones for the listed files. */
  | { type: 'diagnostics'; projectId: string; files: string[]; diagnostics: Diagnostic[] }
  /** Files that the preview has loaded changed: the preview should update. */
  | { type: 'preview-invalidate'; projectId: string; paths: string[]; cssOnly: boolean }
  | { type: 'compiled'; projectId: string; path: string; ms: number; cached: boolean }
  | { type: 'mapped-stack'; id: number; stack: string }
  /** Install progress, the direct dependencies and the last error; sent on every change. */
  | { type: 'npm-status'; projectId: string; status: InstallStatus }
  /** A new package-lock.json for the project: the IDE writes it (it owns the files). */
  | { type: 'npm-lockfile'; projectId: string; text: string }
  /**
   * Type declarations (`.d.ts`, and `package.json` files for resolution) of installed packages,
   * paths like `node_modules/react/index.d.ts`. `replace`: drop the earlier set first.
   */
  | { type: 'npm-types'; projectId: string; files: { path: string; text: string }[]; replace: boolean }
  /** Every file of the installed (downloaded) packages, for the read-only `node_modules` folder of the tree. */
  | { type: 'npm-tree'; projectId: string; paths: string[] }
  | { type: 'npm-file'; id: number; text?: string; error?: string }
  | { type: 'npm-latest-result'; id: number; version?: string; error?: string }
  /** The answer to `bundle-page`: the HTML (compile errors go out as `diagnostics`), or why there is none. */
  | { type: 'bundled-page'; id: number; html?: string; error?: string; ms?: number };

// ---------------------------------------------------------------------------
// service worker <-> bundler worker, over the transferred MessagePort

export interface PreviewRequest {
  type: 'fetch';
  id: number;
  /** Path and query of the request on the preview origin, e.g. `/src/main.ts?t=1`. */
  url: string;
  /** `Request.destination`: `script` for module imports, `style`, `image`, `document`, ... */
  destination: string;
  /** True for navigations (the HTML document). */
  navigate: boolean;
}

export interface PreviewResponse {
  type: 'response';
  id: number;
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export type PortMessage =
  PreviewRequest | PreviewResponse | { type: 'ping'; id: number } | { type: 'pong'; id: number };

// ---------------------------------------------------------------------------
// IDE page <-> preview frame (window.postMessage). Every message carries `cove: 1`.

export interface SerializedValue {
  /** Kind of value, as a console would show it. */
  t:
    | 'undefined'
    | 'null'
    | 'boolean'
    | 'number'
    | 'bigint'
    | 'string'
    | 'symbol'
    | 'function'
    | 'object'
    | 'array'
    | 'error'
    | 'map'
    | 'set'
    | 'dom'
    | 'date'
    | 'regexp'
    | 'cycle'
    | 'more';
  /** One-line summary, e.g. `{a: 1, b: [...]}` or `"text"`. */
  s: string;
  /** Constructor name for objects. */
  c?: string;
  /** Children for expandable values: [key, value]. */
  e?: [string, SerializedValue][];
}

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export type FromPreview =
  /** The boot page is controlled by the service worker and needs a port to the bundler. */
  | { cove: 1; type: 'need-port'; projectId: string }
  /** A new page of the project started running (sent before its own scripts): the console starts afresh. */
  | { cove: 1; type: 'started'; url: string }
  /** A page of the project finished loading (after load event). */
  | { cove: 1; type: 'loaded'; url: string }
  | { cove: 1; type: 'console'; level: ConsoleLevel; args: SerializedValue[]; time: number }
  | { cove: 1; type: 'error'; message: string; stack?: string; file?: string; line?: number; column?: number }
  | { cove: 1; type: 'clear-console' }
  /** The preview cannot run, with a reason a person can read (e.g. service workers refused). */
  /** `cause`: the short why (e.g. "the browser refused the preview's service worker (...)"). */
  | { cove: 1; type: 'unsupported'; reason: string; cause?: string }
  | { cove: 1; type: 'navigated'; url: string };

export type ToPreview =
  | { cove: 1; type: 'port'; projectId: string }
  | { cove: 1; type: 'reload' }
  | { cove: 1; type: 'css-update'; paths: string[] }
  | { cove: 1; type: 'navigate'; url: string }
  | { cove: 1; type: 'show-diagnostics'; diagnostics: Diagnostic[] };

// preview pages <-> service worker

export type ToServiceWorker = { type: 'cove:connect'; projectId: string } | { type: 'cove:skip-waiting' };
export type FromServiceWorker = { type: 'cove:need-port' } | { type: 'cove:connected' };

/** Paths on the preview origin that belong to Cove, never to the user's project. */
export const RESERVED_PREVIEW_PREFIX = '/__cove/';
export const PREVIEW_SW_PATH = '/cove-sw.js';
/** The bootstrap page; `?to=<path>` makes it hand over a fresh bundler port, then go to `path`. */
export const BOOT_PATH = '/__cove/boot.html';

export function isFromPreview(data: unknown): data is FromPreview {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { cove?: unknown }).cove === 1 &&
    typeof (data as { type?: unknown }).type === 'string'
  );
}

export function isToPreview(data: unknown): data is ToPreview {
  return isFromPreview(data);
}

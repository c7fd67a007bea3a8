/**
 * The embed page's end of the SDK protocol (src/shared/sdk-protocol.ts).
 *
 * Trust model: the embed page cannot know its parent's origin in advance (any site may embed it),
 * so it says hello to `window.parent` with target `*` (the hello holds nothing), takes the FIRST
 * well-formed connect message whose `event.source` is `window.parent` and that carries a port,
 * ignores every later one, and from then on talks only over that port. Whoever embeds the page
 * may drive it, exactly like the person looking at it: the SDK can read and change the files of
 * the project in this frame, nothing else (no other project, no settings).
 */
import type { ChangeBatch } from '../../fs/types';
import { WorkspaceError } from '../../fs/workspace';
import { PathError } from '../../shared/paths';
import type { SerializedValue } from '../../shared/protocol';
import type { FromSdkHost, SdkErrorCode, SdkEvent, SdkProject, SdkRequest } from '../../shared/sdk-protocol';
import { isSdkConnect, isSdkRequest, SDK_PROTOCOL_VERSION } from '../../shared/sdk-protocol';
import type { Workspace } from '../../fs/workspace';
import type { PreviewHost } from '../services/preview-host';

/** What the host uses of an open project (a ProjectSession, or a fake in tests). */
export interface SdkSession {
  readonly workspace: Pick<
    Workspace,
    'list' | 'readText' | 'exists' | 'isFolder' | 'delete' | 'writeFiles' | 'onChange'
  >;
  readonly preview: Pick<PreviewHost, 'url' | 'navigate' | 'on'>;
  readonly project: { readonly meta: { readonly title: string } };
  readonly isDisposed: boolean;
}

/** What the SDK host needs from the embed page (the embed app, or a fake in tests). */
export interface SdkHostDeps {
  /** Load the SDK's project (after the poster's click, if any) and resolve with its open session. */
  load(project: SdkProject): Promise<SdkSession>;
  openFile(path: string): void;
  /** Current compile errors, for the `compiled` event. */
  errorCount(): number;
}

export class SdkRequestError extends Error {
  constructor(
    readonly code: SdkErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Says hello to the parent frame and serves the first port it hands over. Returns a stop function. */
export function startSdkHost(win: Window, deps: SdkHostDeps): () => void {
  if (win.parent === win) return () => undefined;
  let stopPort: (() => void) | undefined;
  const onMessage = (event: MessageEvent) => {
    if (event.source !== win.parent || !isSdkConnect(event.data) || !event.ports[0]) return;
    win.removeEventListener('message', onMessage);
    stopPort = servePort(event.ports[0], deps);
  };
  win.addEventListener('message', onMessage);
  win.parent.postMessage({ cove: 'sdk-hello', version: SDK_PROTOCOL_VERSION }, '*');
  return () => {
    win.removeEventListener('message', onMessage);
    stopPort?.();
  };
}

/** Answers requests on `port` and forwards the session's events to it. */
export function servePort(port: MessagePort, deps: SdkHostDeps): () => void {
  let session: SdkSession | undefined;
  let loading: Promise<SdkSession> | undefined;
  const cleanups: (() => void)[] = [];
  const send = (m: FromSdkHost) => port.postMessage(m);
  const emit = (e: SdkEvent) => send(e);

  const attach = (s: SdkSession) => {
    session = s;
    cleanups.push(
      s.workspace.onChange((b) => emit({ type: 'event', event: 'change', data: { paths: changedPaths(b) } })),
      s.preview.on((e) => {
        if (e.type === 'console')
          emit({ type: 'event', event: 'console', data: { level: e.level, args: e.args.map(plainText) } });
        else if (e.type === 'error')
          emit({
            type: 'event',
            event: 'error',
            data: { message: e.message, ...(e.file ? { file: e.file } : {}), ...(e.line ? { line: e.line } : {}) },
          });
        else if (e.type === 'loaded')
          emit({ type: 'event', event: 'compiled', data: { url: e.url, errors: deps.errorCount() } });
      }),
    );
    emit({ type: 'event', event: 'ready', data: { title: s.project.meta.title } });
  };

  const handle = async (req: SdkRequest): Promise<unknown> => {
    if (req.type === 'load') {
      if (loading) throw new SdkRequestError('invalid', 'A project is already loaded in this embed.');
      loading = deps.load(req.project);
      const s = await loading;
      // The answer first, then `ready`: the SDK's VM exists by the time the event arrives.
      queueMicrotask(() => attach(s));
      return { title: s.project.meta.title };
    }
    if (!session || session.isDisposed) throw new SdkRequestError('invalid', 'No project is loaded yet.');
    const ws = session.workspace;
    switch (req.type) {
      case 'get-files': {
        const files: Record<string, string> = {};
        for (const f of ws.list()) {
          const text = f.kind === 'text' ? ws.readText(f.path) : undefined;
          if (text !== undefined) files[f.path] = text;
        }
        return files;
      }
      case 'apply-fs-diff': {
        for (const p of req.diff.destroy)
          if (!ws.exists(p) && !ws.isFolder(p)) throw new SdkRequestError('not-found', `No file or folder "${p}".`);
        for (const p of req.diff.destroy) ws.delete(p);
        if (Object.keys(req.diff.create).length) await ws.writeFiles(req.diff.create);
        return undefined;
      }
      case 'open-file':
        if (!ws.exists(req.path)) throw new SdkRequestError('not-found', `No file "${req.path}".`);
        deps.openFile(req.path);
        return undefined;
      case 'preview-get-url':
        return session.preview.url;
      case 'preview-set-url':
        if (!req.path.startsWith('/') || req.path.startsWith('//'))
          throw new SdkRequestError('invalid', `"${req.path}" is not a path of the project (it must start with /).`);
        session.preview.navigate(req.path);
        return undefined;
    }
  };

  port.onmessage = (e: MessageEvent) => {
    const req: unknown = e.data;
    if (!isSdkRequest(req)) {
      const id = (req as { id?: unknown } | null)?.id;
      if (typeof id === 'number')
        send({ type: 'response', id, ok: false, code: 'invalid', message: 'Malformed request.' });
      return;
    }
    handle(req).then(
      (value) => send({ type: 'response', id: req.id, ok: true, value }),
      (err: unknown) => {
        const code: SdkErrorCode =
          err instanceof SdkRequestError
            ? err.code
            : err instanceof WorkspaceError || err instanceof PathError
              ? 'invalid'
              : 'failed';
        send({ type: 'response', id: req.id, ok: false, code, message: (err as Error)?.message ?? String(err) });
      },
    );
  };
  port.start();
  return () => {
    for (const c of cleanups.splice(0)) c();
    port.onmessage = null;
    port.close();
  };
}

function changedPaths(batch: ChangeBatch): string[] {
  const paths = new Set<string>();
  for (const e of batch.events) {
    if (e.type === 'rename') {
      paths.add(e.from);
      paths.add(e.to);
    } else paths.add(e.path);
  }
  return [...paths];
}

/** A console argument as a console line would print it: strings bare, everything else summarized. */
function plainText(v: SerializedValue): string {
  return v.s;
}

/**
 * The IDE page's handle on the bundler Worker: spawns it, mirrors open projects' Y.Docs into
 * it (full state, then every update), hands it preview ports, and fans its messages out.
 * It also carries the npm installer's messages, keeping the last status, tree and type files of
 * each open project so that views which come later (the lazily loaded editor) get them at once.
 */
import * as Y from 'yjs';
import type { InstallStatus } from '../../shared/npm';
import type { BundlerState, BundlerTimings, Diagnostic, FromBundler, ToBundler } from '../../shared/protocol';
import { NpmRequests } from './npm-requests';

export interface BundlerStatus {
  state: BundlerState;
  detail?: string;
  pending: number;
  timings?: BundlerTimings;
}

/** How long mapStack waits before giving back the stack unmapped. */
const MAP_STACK_TIMEOUT_MS = 5000;

export interface NpmTypeFile {
  path: string;
  text: string;
}

type NpmStatusListener = (projectId: string, status: InstallStatus) => void;
type NpmLockfileListener = (projectId: string, text: string) => void;
type NpmTypesListener = (projectId: string, files: NpmTypeFile[], replace: boolean) => void;
type NpmTreeListener = (projectId: string, paths: string[]) => void;

export class BundlerClient {
  private readonly worker: Worker;
  private status: BundlerStatus = { state: 'starting', pending: 0 };
  private readonly statusListeners = new Set<(s: BundlerStatus) => void>();
  private readonly diagnosticsListeners = new Set<(projectId: string, files: string[], d: Diagnostic[]) => void>();
  private readonly invalidateListeners = new Set<(projectId: string, paths: string[], cssOnly: boolean) => void>();
  private readonly docs = new Map<string, { doc: Y.Doc; off: () => void }>();
  /** Pending mapStack calls; called without an argument they give back the stack unmapped. */
  private readonly stackRequests = new Map<number, (mapped?: string) => void>();
  private nextStackId = 1;
  private disposed = false;
  private readonly npmStatusListeners = new Set<NpmStatusListener>();
  private readonly npmLockfileListeners = new Set<NpmLockfileListener>();
  private readonly npmTypesListeners = new Set<NpmTypesListener>();
  private readonly npmTreeListeners = new Set<NpmTreeListener>();
  /** The last npm state per open project, replayed to late subscribers. */
  private readonly npmStatus = new Map<string, InstallStatus>();
  private readonly npmTypes = new Map<string, Map<string, string>>();
  private readonly npmTree = new Map<string, string[]>();
  private readonly npmRequests = new NpmRequests();
  private registry = '';

  constructor() {
    this.worker = new Worker(new URL('../../bundler/worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', this.onMessage);
    this.worker.addEventListener('error', (event) => {
      this.setStatus({
        ...this.status,
        state: 'failed',
        detail: `The bundler worker failed: ${event.message || 'could not start'}`,
      });
    });
    this.worker.addEventListener('messageerror', () => {
      this.setStatus({
        ...this.status,
        state: 'failed',
        detail: 'The bundler worker sent a message that could not be read',
      });
    });
  }

  get state(): BundlerState {
    return this.status.state;
  }

  /** Current status, reported at once and on every change. */
  onStatus(cb: (s: BundlerStatus) => void): () => void {
    this.statusListeners.add(cb);
    cb(this.status);
    return () => this.statusListeners.delete(cb);
  }

  onDiagnostics(cb: (projectId: string, files: string[], diagnostics: Diagnostic[]) => void): () => void {
    this.diagnosticsListeners.add(cb);
    return () => this.diagnosticsListeners.delete(cb);
  }

  onInvalidate(cb: (projectId: string, paths: string[], cssOnly: boolean) => void): () => void {
    this.invalidateListeners.add(cb);
    return () => this.invalidateListeners.delete(cb);
  }

  /** Install progress and direct dependencies; the last status of each open project is reported at once. */
  onNpmStatus(cb: NpmStatusListener): () => void {
    this.npmStatusListeners.add(cb);
    for (const [projectId, status] of this.npmStatus) cb(projectId, status);
    return () => this.npmStatusListeners.delete(cb);
  }

  /** A new package-lock.json text (not replayed: only a fresh one should be written). */
  onNpmLockfile(cb: NpmLockfileListener): () => void {
    this.npmLockfileListeners.add(cb);
    return () => this.npmLockfileListeners.delete(cb);
  }

  /** Type files of installed packages; what is known already comes at once as one `replace` batch. */
  onNpmTypes(cb: NpmTypesListener): () => void {
    this.npmTypesListeners.add(cb);
    for (const [projectId, files] of this.npmTypes)
      cb(
        projectId,
        [...files].map(([path, text]) => ({ path, text })),
        true,
      );
    return () => this.npmTypesListeners.delete(cb);
  }

  /** Every file of the downloaded packages (`node_modules/...`); the last list is reported at once. */
  onNpmTree(cb: NpmTreeListener): () => void {
    this.npmTreeListeners.add(cb);
    for (const [projectId, paths] of this.npmTree) cb(projectId, paths);
    return () => this.npmTreeListeners.delete(cb);
  }

  /** Install now (also a retry after an error). */
  npmInstall(projectId: string): void {
    this.send({ type: 'npm-install', projectId });
  }

  npmCancel(projectId: string): void {
    this.send({ type: 'npm-cancel', projectId });
  }

  /** The text of an installed package's file (`node_modules/...`); rejects with the worker's error. */
  npmRead(projectId: string, path: string): Promise<string> {
    if (this.disposed) return Promise.reject(new Error('The bundler has stopped.'));
    return this.npmRequests.start('read', `reading ${path}`, (id) =>
      this.send({ type: 'npm-read', id, projectId, path }),
    );
  }

  /** The `latest` dist-tag of a package; rejects with the worker's error (unknown package, offline...). */
  npmLatest(projectId: string, name: string): Promise<string> {
    if (this.disposed) return Promise.reject(new Error('The bundler has stopped.'));
    return this.npmRequests.start('latest', `looking up the latest version of ${name}`, (id) =>
      this.send({ type: 'npm-latest', id, projectId, name }),
    );
  }

  /**
   * The preview without a service worker: page `url` of the project as one self-contained HTML document
   * whose runtime posts to `ideOrigin`. Compile errors arrive as diagnostics, as in the service-worker mode.
   */
  bundlePage(
    projectId: string,
    url: string,
    ideOrigin: string,
    binaries?: { path: string; bytes: Uint8Array }[],
  ): Promise<string> {
    if (this.disposed) return Promise.reject(new Error('The bundler has stopped.'));
    return this.npmRequests.start('bundle', `bundling the preview of ${url}`, (id) =>
      this.send({ type: 'bundle-page', id, projectId, url, ideOrigin, ...(binaries ? { binaries } : {}) }),
    );
  }

  /** The app's registry setting ('' = the build's default); a project's `.npmrc` still wins. */
  setRegistry(url: string): void {
    this.registry = url;
    this.send({ type: 'npm-settings', projectId: '', registry: url });
  }

  get registrySetting(): string {
    return this.registry;
  }

  /** Send the full state, then forward every update of `doc` (local and remote alike). */
  openProject(projectId: string, doc: Y.Doc): void {
    this.closeProject(projectId);
    const onUpdate = (update: Uint8Array) => this.send({ type: 'doc-update', projectId, update });
    doc.on('update', onUpdate);
    this.docs.set(projectId, { doc, off: () => doc.off('update', onUpdate) });
    this.send({ type: 'open-project', projectId, state: Y.encodeStateAsUpdate(doc) });
  }

  closeProject(projectId: string): void {
    const open = this.docs.get(projectId);
    if (!open) return;
    open.off();
    this.docs.delete(projectId);
    // The worker drops its installer with the project: its state must not be replayed to a later session.
    this.npmStatus.delete(projectId);
    this.npmTypes.delete(projectId);
    this.npmTree.delete(projectId);
    this.send({ type: 'close-project', projectId });
  }

  /** A new channel for the preview's service worker; port1 goes to the worker, port2 is returned. */
  connectPreview(projectId: string): MessagePort {
    const channel = new MessageChannel();
    this.send({ type: 'connect-preview', projectId, port: channel.port1 }, [channel.port1]);
    return channel.port2;
  }

  /** The stack with preview URLs replaced by original `src/file.ts:line:col` positions. */
  mapStack(projectId: string, stack: string): Promise<string> {
    if (this.disposed) return Promise.resolve(stack);
    const id = this.nextStackId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(), MAP_STACK_TIMEOUT_MS);
      const finish = (mapped?: string) => {
        clearTimeout(timer);
        this.stackRequests.delete(id);
        resolve(mapped ?? stack);
      };
      this.stackRequests.set(id, finish);
      this.send({ type: 'map-stack', id, projectId, stack });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { off } of this.docs.values()) off();
    this.docs.clear();
    for (const finish of [...this.stackRequests.values()]) finish();
    this.npmRequests.rejectAll(new Error('The bundler has stopped.'));
    this.worker.removeEventListener('message', this.onMessage);
    this.worker.terminate();
    this.statusListeners.clear();
    this.diagnosticsListeners.clear();
    this.invalidateListeners.clear();
    this.npmStatusListeners.clear();
    this.npmLockfileListeners.clear();
    this.npmTypesListeners.clear();
    this.npmTreeListeners.clear();
  }

  private send(message: ToBundler, transfer: Transferable[] = []): void {
    if (!this.disposed) this.worker.postMessage(message, transfer);
  }

  private setStatus(status: BundlerStatus): void {
    this.status = status;
    for (const cb of this.statusListeners) cb(status);
  }

  // Messages come from our own dedicated worker only (a Worker has no other senders); check the shape.
  private readonly onMessage = (event: MessageEvent<FromBundler>) => {
    const msg = event.data;
    if (typeof msg !== 'object' || msg === null) return;
    switch (msg.type) {
      case 'status':
        this.setStatus({
          state: msg.state,
          detail: msg.detail,
          pending: msg.pending,
          timings: msg.timings ?? this.status.timings,
        });
        break;
      case 'diagnostics':
        for (const cb of this.diagnosticsListeners) cb(msg.projectId, msg.files, msg.diagnostics);
        break;
      case 'preview-invalidate':
        for (const cb of this.invalidateListeners) cb(msg.projectId, msg.paths, msg.cssOnly);
        break;
      case 'mapped-stack':
        this.stackRequests.get(msg.id)?.(msg.stack);
        break;
      case 'compiled':
        break;
      default:
        this.onNpmMessage(msg);
    }
  };

  private onNpmMessage(msg: FromBundler): void {
    switch (msg.type) {
      case 'npm-status':
        if (!this.docs.has(msg.projectId)) return;
        this.npmStatus.set(msg.projectId, msg.status);
        for (const cb of this.npmStatusListeners) cb(msg.projectId, msg.status);
        break;
      case 'npm-lockfile':
        if (!this.docs.has(msg.projectId) || typeof msg.text !== 'string') return;
        for (const cb of this.npmLockfileListeners) cb(msg.projectId, msg.text);
        break;
      case 'npm-types': {
        if (!this.docs.has(msg.projectId) || !Array.isArray(msg.files)) return;
        const known = msg.replace ? new Map<string, string>() : (this.npmTypes.get(msg.projectId) ?? new Map());
        for (const f of msg.files) known.set(f.path, f.text);
        this.npmTypes.set(msg.projectId, known);
        for (const cb of this.npmTypesListeners) cb(msg.projectId, msg.files, msg.replace);
        break;
      }
      case 'npm-tree':
        if (!this.docs.has(msg.projectId) || !Array.isArray(msg.paths)) return;
        this.npmTree.set(msg.projectId, msg.paths);
        for (const cb of this.npmTreeListeners) cb(msg.projectId, msg.paths);
        break;
      case 'npm-file':
        this.npmRequests.settle('read', msg.id, msg.text, msg.error);
        break;
      case 'npm-latest-result':
        this.npmRequests.settle('latest', msg.id, msg.version, msg.error);
        break;
      case 'bundled-page':
        this.npmRequests.settle('bundle', msg.id, msg.html, msg.error);
        break;
    }
  }
}

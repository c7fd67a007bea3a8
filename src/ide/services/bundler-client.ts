/**
 * The IDE page's handle on the bundler Worker: spawns it, mirrors open projects' Y.Docs into
 * it (full state, then every update), hands it preview ports, and fans its messages out.
 */
import * as Y from 'yjs';
import type { BundlerState, BundlerTimings, Diagnostic, FromBundler, ToBundler } from '../../shared/protocol';

export interface BundlerStatus {
  state: BundlerState;
  detail?: string;
  pending: number;
  timings?: BundlerTimings;
}

/** How long mapStack waits before giving back the stack unmapped. */
const MAP_STACK_TIMEOUT_MS = 5000;

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
    this.worker.removeEventListener('message', this.onMessage);
    this.worker.terminate();
    this.statusListeners.clear();
    this.diagnosticsListeners.clear();
    this.invalidateListeners.clear();
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
    }
  };
}

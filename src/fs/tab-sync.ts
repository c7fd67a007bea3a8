/**
 * Keeps the copies of one project's Y.Doc in several tabs of the same origin in sync over a
 * BroadcastChannel. On join a tab announces its state vector; every peer answers with what the
 * newcomer lacks plus its own state vector, so the newcomer sends back what the peer lacks.
 * Updates this class applies carry it as origin and are not sent back out.
 */
import * as Y from 'yjs';
import { randomId } from './project-doc';

type SyncMessage =
  | { cove: 'tab-sync'; t: 'hello'; from: string; sv: Uint8Array }
  | { cove: 'tab-sync'; t: 'welcome'; from: string; to: string; sv: Uint8Array; update: Uint8Array }
  | { cove: 'tab-sync'; t: 'update'; from: string; update: Uint8Array };

function isSyncMessage(data: unknown): data is SyncMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (m.cove !== 'tab-sync' || typeof m.from !== 'string') return false;
  if (m.t === 'hello') return m.sv instanceof Uint8Array;
  if (m.t === 'welcome')
    return typeof m.to === 'string' && m.sv instanceof Uint8Array && m.update instanceof Uint8Array;
  return m.t === 'update' && m.update instanceof Uint8Array;
}

export function tabSyncChannelName(projectId: string): string {
  return `cove-project:${projectId}`;
}

export class TabSync {
  readonly doc: Y.Doc;
  private readonly channel: BroadcastChannel;
  private readonly peerId = randomId(10);
  private closed = false;

  /** Join the project's channel; returns immediately (peers answer asynchronously). */
  constructor(doc: Y.Doc, projectId: string) {
    this.doc = doc;
    this.channel = new BroadcastChannel(tabSyncChannelName(projectId));
    this.channel.onmessage = (event: MessageEvent) => this.receive(event.data);
    doc.on('update', this.onUpdate);
    this.post({ cove: 'tab-sync', t: 'hello', from: this.peerId, sv: Y.encodeStateVector(doc) });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.doc.off('update', this.onUpdate);
    this.channel.close();
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return; // came from a peer: it already has it
    this.post({ cove: 'tab-sync', t: 'update', from: this.peerId, update });
  };

  private receive(data: unknown): void {
    if (!isSyncMessage(data) || data.from === this.peerId) return;
    try {
      if (data.t === 'hello') {
        this.post({
          cove: 'tab-sync',
          t: 'welcome',
          from: this.peerId,
          to: data.from,
          sv: Y.encodeStateVector(this.doc),
          update: Y.encodeStateAsUpdate(this.doc, data.sv),
        });
      } else if (data.t === 'welcome') {
        if (data.to !== this.peerId) return;
        Y.applyUpdate(this.doc, data.update, this);
        const missing = Y.encodeStateAsUpdate(this.doc, data.sv);
        // An update with no structs and no deletions is 2 bytes: nothing to send.
        if (missing.length > 2) this.post({ cove: 'tab-sync', t: 'update', from: this.peerId, update: missing });
      } else {
        Y.applyUpdate(this.doc, data.update, this);
      }
    } catch (err) {
      console.error('Cove tab sync: ignored a malformed message', err);
    }
  }

  private post(message: SyncMessage): void {
    if (!this.closed) this.channel.postMessage(message);
  }
}

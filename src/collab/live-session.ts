/**
 * A project's live connection: Hocuspocus (`@hocuspocus/provider`) around the project's own
 * Y.Doc, so everything already built on the doc (editor, file tree, bundler replica, IndexedDB)
 * sees remote edits for free. It reports a simple connection status, the role the server granted,
 * whether the first sync is done, and who else is here (awareness). Nothing here knows about UI.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Identity } from './identity';
import type { LiveRole } from './live-link';
import { peersFromStates, samePeers, type LocalPresence, type Peer } from './presence';

type AwarenessUpdateHandler = (
  changes: { added: number[]; updated: number[]; removed: number[] },
  origin: unknown,
) => void;

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

/**
 * `refusedReason` when the server closed the connection because a message was over its limit
 * (close code 1009), typically the project's first sync. Retrying would send it again.
 */
export const TOO_BIG_REASON = 'message-too-big';
const CLOSE_TOO_BIG = 1009;

export interface LiveSnapshot {
  status: LiveStatus;
  /** What the server granted (undefined until it has answered). */
  role?: LiveRole;
  /** The first exchange with the server since the last (re)connection is done. */
  synced: boolean;
  /** Why the server refused the token, or TOO_BIG_REASON (status 'refused'). */
  refusedReason?: string;
}

/** Where `online`/`offline` events come from (a window in browsers). */
export interface NetworkEvents {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface LiveSessionOptions {
  /** The server's WebSocket URL (see collabWebSocketUrl). */
  url: string;
  room: string;
  token: string;
  doc: Y.Doc;
  identity: Identity;
  /** A WebSocket class where there is no global one (Node: the `ws` package). */
  WebSocket?: new (url: string) => unknown;
  /** Without a connection for this long, the status turns from (re)connecting to offline (default 8 s). */
  offlineAfterMs?: number;
  /** Reconnection backoff (default 1 s, doubling up to 10 s). */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Source of `online`/`offline` events (default: the global object, where it has them). */
  network?: NetworkEvents | null;
}

export class LiveRefusedError extends Error {
  constructor(readonly reason: string) {
    super(describeRefusal(reason));
    this.name = 'LiveRefusedError';
  }
}

export class LiveSession {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly provider: HocuspocusProvider;
  private snapshot: LiveSnapshot = { status: 'connecting', synced: false };
  private peerList: Peer[] = [];
  private everConnected = false;
  private networkOffline = false;
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly offlineAfterMs: number;
  private readonly network: NetworkEvents | undefined;
  private readonly changeListeners = new Set<(s: LiveSnapshot) => void>();
  private readonly peerListeners = new Set<(peers: readonly Peer[]) => void>();
  private readonly awarenessDocListeners: ((...args: unknown[]) => void)[];
  private destroyed = false;

  constructor(options: LiveSessionOptions) {
    this.room = options.room;
    this.doc = options.doc;
    this.offlineAfterMs = options.offlineAfterMs ?? 8000;
    // Awareness listens for the doc's destroy and never lets go: note that listener to remove it later.
    const before = new Set(options.doc._observers.get('destroy') ?? []);
    this.awareness = new Awareness(options.doc);
    this.awarenessDocListeners = [...(options.doc._observers.get('destroy') ?? [])].filter((l) => !before.has(l));
    const presence: LocalPresence = { user: { ...options.identity } };
    this.awareness.setLocalState(presence);
    this.awareness.on('change', this.onAwarenessChange);

    this.socket = new HocuspocusProviderWebsocket({
      url: options.url,
      WebSocketPolyfill: options.WebSocket,
      delay: options.reconnectDelayMs ?? 1000,
      minDelay: options.reconnectDelayMs ?? 1000,
      maxDelay: options.maxReconnectDelayMs ?? 10_000,
    });
    this.socket.on('disconnect', this.onDisconnect);
    this.provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name: options.room,
      document: options.doc,
      awareness: this.awareness,
      token: options.token,
    });
    this.stopAwarenessEcho();
    this.provider.on('authenticated', this.onAuthenticated);
    this.provider.on('authenticationFailed', this.onAuthenticationFailed);
    this.provider.on('synced', this.onSynced);
    // With an explicit socket the provider must be attached by hand (or it never syncs).
    this.provider.attach();

    const network =
      options.network === undefined ? defaultNetwork() : options.network === null ? undefined : options.network;
    this.network = network;
    network?.addEventListener('online', this.onOnline);
    network?.addEventListener('offline', this.onOffline);
    this.armOfflineTimer();
  }

  get status(): LiveStatus {
    return this.snapshot.status;
  }

  get role(): LiveRole | undefined {
    return this.snapshot.role;
  }

  get synced(): boolean {
    return this.snapshot.synced;
  }

  get state(): LiveSnapshot {
    return this.snapshot;
  }

  /** Everyone else in the room (never this browser tab). */
  get peers(): readonly Peer[] {
    return this.peerList;
  }

  /** This tab's awareness id (the doc's client id). */
  get clientId(): number {
    return this.doc.clientID;
  }

  onChange(listener: (s: LiveSnapshot) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onPeers(listener: (peers: readonly Peer[]) => void): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  /** Resolves once synced with the server; rejects with LiveRefusedError if refused, or when destroyed. */
  whenSynced(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (s: LiveSnapshot): boolean => {
        if (this.destroyed) reject(new Error('The live connection was closed.'));
        else if (s.synced) resolve();
        else if (s.status === 'refused') reject(new LiveRefusedError(s.refusedReason ?? ''));
        else return false;
        return true;
      };
      if (check(this.snapshot)) return;
      const off = this.onChange((s) => {
        if (check(s)) off();
      });
    });
  }

  /** Publish which file this tab shows (undefined: none). */
  setFile(path: string | undefined): void {
    if (this.destroyed) return;
    const state = { ...(this.awareness.getLocalState() ?? {}) };
    if (state.file === path) return;
    if (path === undefined) delete state.file;
    else state.file = path;
    this.awareness.setLocalState(state);
  }

  setIdentity(identity: Identity): void {
    if (!this.destroyed) this.awareness.setLocalStateField('user', { ...identity });
  }

  /** Try to connect now instead of waiting for the next retry. */
  reconnect(): void {
    if (this.destroyed || this.snapshot.status === 'refused' || this.snapshot.status === 'connected') return;
    void this.socket.connect().catch(() => undefined);
  }

  /** Disconnect and remove every listener. The doc stays as it is (and keeps every edit). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.snapshot = { ...this.snapshot, synced: false };
    clearTimeout(this.offlineTimer);
    this.network?.removeEventListener('online', this.onOnline);
    this.network?.removeEventListener('offline', this.onOffline);
    this.awareness.off('change', this.onAwarenessChange);
    this.provider.off('authenticated', this.onAuthenticated);
    this.provider.off('authenticationFailed', this.onAuthenticationFailed);
    this.provider.off('synced', this.onSynced);
    this.socket.off('disconnect', this.onDisconnect);
    // The provider removes its doc and awareness listeners and destroys the awareness; the socket is ours.
    this.provider.destroy();
    // After the provider's destroy, which tells the others we left through this listener.
    this.awareness.off('update', this.sendOwnAwareness);
    this.socket.destroy();
    for (const l of this.awarenessDocListeners) this.doc.off('destroy', l);
    // Pending whenSynced() calls learn that it is over.
    for (const l of [...this.changeListeners]) l(this.snapshot);
    this.changeListeners.clear();
    this.peerListeners.clear();
    this.peerList = [];
  }

  /**
   * The provider sends every awareness update it applies, including the ones it just received
   * from the server, so each cursor move came back from every other person in the room (99 of
   * every 100 messages the server received with 100 people; `bench/collab-load.mjs`). The server
   * already relays each person's own updates: send only those that did not come from it.
   */
  private stopAwarenessEcho(): void {
    const provider = this.provider as unknown as { boundAwarenessUpdateHandler?: AwarenessUpdateHandler };
    const send = provider.boundAwarenessUpdateHandler;
    if (!send) return; // another provider version: keep its own behaviour
    this.awareness.off('update', send);
    this.sendOwnAwareness = (changes, origin) => {
      if (origin !== this.provider) send(changes, origin);
    };
    this.awareness.on('update', this.sendOwnAwareness);
  }

  private sendOwnAwareness: AwarenessUpdateHandler = () => undefined;

  private update(next: Partial<LiveSnapshot>): void {
    const merged = { ...this.snapshot, ...next };
    const s = this.snapshot;
    if (
      merged.status === s.status &&
      merged.role === s.role &&
      merged.synced === s.synced &&
      merged.refusedReason === s.refusedReason
    )
      return;
    this.snapshot = merged;
    for (const l of [...this.changeListeners]) l(merged);
  }

  private armOfflineTimer(): void {
    if (this.offlineTimer !== undefined) return;
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = undefined;
      const { status } = this.snapshot;
      if (status === 'connecting' || status === 'reconnecting') this.update({ status: 'offline' });
    }, this.offlineAfterMs);
  }

  private onAuthenticated = ({ scope }: { scope: string }): void => {
    clearTimeout(this.offlineTimer);
    this.offlineTimer = undefined;
    this.everConnected = true;
    this.update({ status: 'connected', role: scope === 'read-write' ? 'edit' : 'read', refusedReason: undefined });
  };

  private onAuthenticationFailed = ({ reason }: { reason: string }): void => {
    clearTimeout(this.offlineTimer);
    this.offlineTimer = undefined;
    // The server keeps the socket open after a refusal; retrying with the same token cannot help.
    this.socket.disconnect();
    this.update({ status: 'refused', synced: false, refusedReason: reason || 'permission-denied' });
  };

  private onSynced = ({ state }: { state: boolean }): void => {
    if (this.snapshot.status !== 'refused') this.update({ synced: state });
  };

  private onDisconnect = ({ event }: { event?: { code?: number } }): void => {
    const { status } = this.snapshot;
    if (this.destroyed || status === 'refused') return;
    if (event?.code === CLOSE_TOO_BIG) {
      // The same state would be sent again, and refused again: stop the retry the socket schedules next.
      this.socket.shouldConnect = false;
      clearTimeout(this.offlineTimer);
      this.offlineTimer = undefined;
      this.update({ status: 'refused', synced: false, refusedReason: TOO_BIG_REASON });
      return;
    }
    const next: LiveStatus =
      status === 'offline' || this.networkOffline ? 'offline' : this.everConnected ? 'reconnecting' : 'connecting';
    this.update({ status: next, synced: false });
    if (next !== 'offline') this.armOfflineTimer();
  };

  private onOffline = (): void => {
    this.networkOffline = true;
    if (this.destroyed || this.snapshot.status === 'refused') return;
    // A socket can look open for a long time after the network is gone, and edits sent into it
    // would be lost with it: go offline now (edits stay in the doc) and sync again once online.
    if (this.snapshot.status === 'connected') this.socket.disconnect();
    this.update({ status: 'offline', synced: false });
  };

  private onOnline = (): void => {
    this.networkOffline = false;
    this.reconnect();
  };

  private onAwarenessChange = (): void => {
    const peers = peersFromStates(this.awareness.getStates(), this.doc.clientID);
    if (samePeers(peers, this.peerList)) return;
    this.peerList = peers;
    for (const l of [...this.peerListeners]) l(peers);
  };
}

/** A readable sentence for the server's refusal reason (`limitBytes`: the server's message limit, if known). */
export function describeRefusal(reason: string, limitBytes?: number): string {
  if (reason === TOO_BIG_REASON) {
    const limit = limitBytes ? ` (limit ${formatBytes(limitBytes)})` : '';
    return `This project is too large for the live server${limit}: it cannot be shared live.`;
  }
  const r = reason.toLowerCase();
  if (r.includes('expire')) return 'The access token of this live project has expired. Ask for a new link.';
  return 'The live sharing server refused access to this project: the link is not valid (or no longer valid).';
}

function formatBytes(n: number): string {
  const mb = n / 1024 / 1024;
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

function defaultNetwork(): NetworkEvents | undefined {
  const g = globalThis as Partial<NetworkEvents>;
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function'
    ? (g as NetworkEvents)
    : undefined;
}

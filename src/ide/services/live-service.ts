/**
 * Live sharing for the open project: its connection to a room (LiveConnection), sharing a project,
 * stopping, who you are to others, and following a collaborator. `@hocuspocus/provider` is loaded
 * here on first need (dynamic import), so projects that are not live never download it.
 */
import { batch, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BlobSync } from '../../collab/blob-sync';
import { loadIdentity, saveIdentity, type Identity } from '../../collab/identity';
import { collabBaseUrl, collabWebSocketUrl } from '../../collab/live-config';
import { formatLiveLink, type LiveRole } from '../../collab/live-link';
import type * as LiveSessionApi from '../../collab/live-session';
import type { LiveSession, LiveSnapshot, LiveStatus } from '../../collab/live-session';
import type { Peer } from '../../collab/presence';
import { createRoom } from '../../collab/rooms-api';
import { onSharedTitle, setSharedTitle } from '../../collab/shared-title';
import type { BlobStore } from '../../fs/blob-store';
import type { ProjectLive } from '../../fs/types';
import * as state from '../app-state';
import { appStorage } from '../browser-storage';
import { openFile } from '../file-actions';
import { errorMessage, projectStore } from '../project-controller';
import type { ProjectSession } from '../project-session';

type LiveSessionModule = typeof LiveSessionApi;
let liveModule: Promise<LiveSessionModule> | undefined;

function loadLiveModule(): Promise<LiveSessionModule> {
  liveModule ??= import('../../collab/live-session').catch((err: unknown) => {
    liveModule = undefined; // a failed chunk load (offline, new deploy) can be retried
    throw err;
  });
  return liveModule;
}

// ------------------------------------------------------------------------------------ configuration

export class LiveUnavailableError extends Error {}

/** The collaboration server of this Cove (a person's setting or the build's), or undefined if none. */
export function liveServerUrl(): string | undefined {
  try {
    return collabBaseUrl(appStorage(), import.meta.env as Record<string, unknown>, location.origin);
  } catch (err) {
    throw new LiveUnavailableError(errorMessage(err));
  }
}

export const LIVE_NOT_CONFIGURED =
  'Live sharing is not set up in this Cove: no collaboration server is configured (VITE_COVE_COLLAB_URL when ' +
  'building, or the cove:collab-url setting).';

/** The links this browser can hand out for a live project: edit (if it may edit) and read-only (if it has it). */
export function shareLinks(info: ProjectLive, origin = location.origin): { edit?: string; read?: string } {
  return {
    ...(info.role === 'edit' ? { edit: formatLiveLink(origin, info.room, info.token) } : {}),
    ...(info.readToken ? { read: formatLiveLink(origin, info.room, info.readToken) } : {}),
  };
}

// ------------------------------------------------------------------------------------ identity

let identitySignal: Signal<Identity> | undefined;

/** Your name and colour (a random friendly one on first use, remembered in localStorage). */
export function identity(): ReadonlySignal<Identity> {
  identitySignal ??= signal(loadIdentity(appStorage()));
  return identitySignal;
}

/** Change and remember your name and colour; throws with a readable message on bad input. */
export function updateIdentity(next: Identity): Identity {
  const saved = saveIdentity(appStorage(), next);
  identity();
  identitySignal!.value = saved;
  return saved;
}

// ------------------------------------------------------------------------------------ connection

/** One project's connection to its room, as signals for the UI. Dispose it to disconnect. */
export class LiveConnection {
  readonly status = signal<LiveStatus>('connecting');
  /** The role the server granted (until it answers: the one the token claims). */
  readonly role: Signal<LiveRole>;
  readonly synced = signal(false);
  readonly refusedReason = signal<string | undefined>(undefined);
  /** Why the server refused, in a sentence for people (status 'refused'). */
  readonly refusedMessage = signal<string | undefined>(undefined);
  /** Refused because the project (its first sync, or one edit) is over the server's message limit. */
  readonly refusedTooLarge = signal(false);
  /** The latest problem exchanging binary files (one too big, an expired token), for people. */
  readonly blobProblem = signal<string | undefined>(undefined);
  /** Everyone else in the room. */
  readonly peers = signal<readonly Peer[]>([]);
  private readonly offs: (() => void)[];
  /** Images, fonts and other binary files travel beside the doc, by hash, through the server's HTTP API. */
  private readonly blobs: BlobSync;
  private readonly arrivalListeners = new Set<(hashes: string[]) => void>();
  private disposed = false;

  private constructor(
    readonly info: ProjectLive,
    private readonly session: LiveSession,
    store: BlobStore,
    /** From the lazily loaded module (a static import would put the provider into the first download). */
    private readonly refusals: Pick<LiveSessionModule, 'describeRefusal' | 'TOO_BIG_REASON'>,
  ) {
    this.role = signal(info.role);
    this.blobs = new BlobSync({
      doc: session.doc,
      store,
      base: info.server,
      room: info.room,
      token: info.token,
      role: info.role,
      onArrived: (hashes) => {
        for (const l of [...this.arrivalListeners]) l(hashes);
      },
      onProblem: (message) => (this.blobProblem.value = message),
    });
    this.blobs.start();
    this.offs = [
      session.onChange((s) => {
        const was = this.status.peek();
        batch(() => {
          this.status.value = s.status;
          if (s.role) this.role.value = s.role;
          this.synced.value = s.synced;
          this.refusedReason.value = s.refusedReason;
          this.refusedTooLarge.value = s.status === 'refused' && s.refusedReason === refusals.TOO_BIG_REASON;
          this.refusedMessage.value =
            s.status === 'refused' ? refusals.describeRefusal(s.refusedReason ?? '') : undefined;
        });
        this.onSessionChange(s, was);
      }),
      session.onPeers((peers) => (this.peers.value = peers)),
    ];
  }

  /** Connect `doc` to the room of `info` (loads the provider code first). Binary files go through `blobs`. */
  static async open(doc: Y.Doc, info: ProjectLive, blobs: BlobStore = projectStore().blobs): Promise<LiveConnection> {
    const live = await loadLiveModule();
    const { LiveSession } = live;
    const session = new LiveSession({
      url: collabWebSocketUrl(info.server),
      room: info.room,
      token: info.token,
      doc,
      identity: identity().peek(),
    });
    return new LiveConnection(info, session, blobs, live);
  }

  get awareness(): Awareness {
    return this.session.awareness;
  }

  /** This tab's awareness client id. */
  get clientId(): number {
    return this.session.clientId;
  }

  /** Resolves on the first sync; rejects (LiveRefusedError) if the server refuses the token. */
  whenSynced(): Promise<void> {
    return this.session.whenSynced();
  }

  setFile(path: string | undefined): void {
    this.session.setFile(path);
  }

  setIdentity(id: Identity): void {
    this.session.setIdentity(id);
  }

  /** Binary files that were missing here and have just been downloaded (by hash). */
  onBlobsArrived(listener: (hashes: string[]) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.offs.splice(0)) off();
    this.arrivalListeners.clear();
    this.blobs.destroy();
    this.session.destroy();
  }

  private onSessionChange(s: LiveSnapshot, was: LiveStatus): void {
    if (s.role) this.blobs.setRole(s.role);
    // Back after a drop: transfers that failed meanwhile need not wait for their backoff.
    if (s.status === 'connected' && was !== 'connected') this.blobs.kick();
    if (s.status !== 'refused') return;
    // Nothing is shared any more; a refused token would be refused over HTTP too.
    this.blobs.destroy();
    if (s.refusedReason === this.refusals.TOO_BIG_REASON) void this.explainTooBig(s.refusedReason);
  }

  /** The limit the project broke, from the server's health report (a close frame cannot say). */
  private async explainTooBig(reason: string): Promise<void> {
    try {
      const res = await fetch(`${this.info.server}/health`);
      const limit = ((await res.json()) as { maxMessageBytes?: unknown }).maxMessageBytes;
      if (typeof limit === 'number' && !this.disposed && this.refusedReason.peek() === reason)
        this.refusedMessage.value = this.refusals.describeRefusal(reason, limit);
    } catch {
      // The sentence without the number will do.
    }
  }
}

/** A project that is live (its metadata says so) reconnects whenever it is opened. */
export async function connectLive(session: ProjectSession): Promise<void> {
  const info = session.project.meta.live;
  if (!info) return;
  try {
    const conn = await LiveConnection.open(session.workspace.doc, info);
    if (session.isDisposed || session.project.meta.live?.room !== info.room) conn.dispose();
    else session.setLive(conn);
  } catch (err) {
    state.notify('error', `Could not connect to the live project: ${errorMessage(err)}`);
  }
}

/** Turn the open project into a live room (or return the room it already has). */
export async function shareProject(session: ProjectSession, fetchFn: typeof fetch = fetch): Promise<ProjectLive> {
  const existing = session.project.meta.live;
  if (existing) return existing;
  const server = liveServerUrl();
  if (!server) throw new LiveUnavailableError(LIVE_NOT_CONFIGURED);
  const room = await createRoom(server, fetchFn);
  const info: ProjectLive = { room: room.room, token: room.editToken, role: 'edit', server, readToken: room.readToken };
  const conn = await LiveConnection.open(session.workspace.doc, info);
  if (session.isDisposed) {
    conn.dispose();
    throw new Error('The project was closed.');
  }
  // The title travels with the doc, so people who join see it.
  setSharedTitle(session.workspace.doc, session.project.meta.title);
  try {
    await projectStore().setLive(session.id, info);
  } catch (err) {
    conn.dispose();
    throw err;
  }
  session.setLive(conn);
  return info;
}

/** Disconnect this browser from the room; the project stays here as a local project. */
export async function stopSharing(session: ProjectSession): Promise<void> {
  // Metadata first: the UI reads it once the connection goes.
  await projectStore().setLive(session.id, undefined);
  session.setLive(undefined);
}

/**
 * Wire a connection to the open project: read-only role, the awareness (file you are in, your
 * identity, the editor's cursors), the shared title, and following. Returns the undo.
 */
export function bindLive(session: ProjectSession, conn: LiveConnection): () => void {
  let refusedNotice: number | undefined;
  let blobNotice: number | undefined;
  const offs = [
    effect(() => {
      state.readOnly.value = conn.role.value === 'read';
    }),
    effect(() => {
      const path = state.activeFile.value;
      void state.fileList.value; // a file that appears later (sync) is published then
      conn.setFile(path && session.workspace.exists(path) ? path : undefined);
    }),
    effect(() => conn.setIdentity(identity().value)),
    effect(() => {
      const editor = session.editor.value;
      if (!editor) return;
      editor.setAwareness(conn.awareness);
      return () => editor.setAwareness(undefined);
    }),
    effect(() => {
      const message = conn.status.value === 'refused' ? conn.refusedMessage.value : undefined;
      if (refusedNotice !== undefined) state.dismissNotice(refusedNotice);
      refusedNotice = message ? state.notify('error', `${message} Your copy stays here.`) : undefined;
    }),
    effect(() => {
      const problem = conn.blobProblem.value;
      // One notice at a time: a room that is full would otherwise say so once per file.
      if (blobNotice !== undefined) state.dismissNotice(blobNotice);
      blobNotice = problem ? state.notify('error', problem) : undefined;
    }),
    onBlobsArrived(session, conn),
    onSharedTitle(session.workspace.doc, (title) => {
      if (title !== session.project.meta.title) void adoptTitle(session, title);
    }),
    effect(() => followPeerEffect(session, conn)),
    () => stopFollowing(),
  ];
  return () => offs.forEach((off) => off());
}

/** How long the preview waits for more downloaded files before it reloads once for all of them. */
const ARRIVAL_RELOAD_DELAY_MS = 400;

/**
 * A binary file downloaded from the room: the workspace reports the files that use it, and a
 * preview that has started reloads (its page may have asked for the file before it was here; the
 * bundler reads binaries from the store on every request, so a reload is all it takes).
 */
function onBlobsArrived(session: ProjectSession, conn: LiveConnection): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = conn.onBlobsArrived((hashes) => {
    if (session.isDisposed || !session.workspace.blobsArrived(hashes).length) return;
    // A preview not started yet reads the files when it starts; nothing to redo.
    if (!session.preview.iframe.getAttribute('src')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!session.isDisposed) session.preview.reload();
    }, ARRIVAL_RELOAD_DELAY_MS);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}

/** A title renamed by someone in the room becomes this project's title here too. */
export async function adoptTitle(session: ProjectSession, title: string): Promise<void> {
  try {
    const meta = await projectStore().rename(session.id, title);
    if (!session.isDisposed) state.projectTitle.value = meta.title;
  } catch (err) {
    console.error('Could not take over the shared title', err);
  }
}

// ------------------------------------------------------------------------------------ following

/** The client id of the person being followed (their file opens and their cursor stays in view). */
export const following = signal<number | undefined>(undefined);
/** Elements inside this attribute's element do not stop following when clicked (the presence list). */
export const FOLLOW_KEEP_ATTR = 'data-follow-keep';
let removeStopListeners: (() => void) | undefined;

export function followPeer(clientId: number): void {
  following.value = clientId;
  if (removeStopListeners) return;
  // Following stays on until you type or click somewhere else.
  const onKey = (e: KeyboardEvent) => {
    if (!['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) stopFollowing();
  };
  const onPointer = (e: PointerEvent) => {
    if (!(e.target instanceof Element) || !e.target.closest(`[${FOLLOW_KEEP_ATTR}]`)) stopFollowing();
  };
  addEventListener('keydown', onKey, true);
  addEventListener('pointerdown', onPointer, true);
  removeStopListeners = () => {
    removeEventListener('keydown', onKey, true);
    removeEventListener('pointerdown', onPointer, true);
  };
}

export function stopFollowing(): void {
  removeStopListeners?.();
  removeStopListeners = undefined;
  following.value = undefined;
}

let lastRevealed: { clientId: number; file?: string; selection: string } | undefined;

/** While following: open the followed person's file and keep their cursor in view. */
function followPeerEffect(session: ProjectSession, conn: LiveConnection): void {
  const id = following.value;
  if (id === undefined) {
    lastRevealed = undefined;
    return;
  }
  const peer = conn.peers.value.find((p) => p.clientId === id);
  if (!peer) {
    stopFollowing();
    return;
  }
  const selection = JSON.stringify(peer.selection ?? null);
  if (lastRevealed?.clientId === id && lastRevealed.file === peer.file && lastRevealed.selection === selection) return;
  lastRevealed = { clientId: id, file: peer.file, selection };
  if (peer.file && peer.file !== state.activeFile.peek() && session.workspace.exists(peer.file)) openFile(peer.file);
  // The editor reveals the cursor once that file is shown (it keeps the request until then).
  session.editor.peek()?.revealPeer(peer);
}

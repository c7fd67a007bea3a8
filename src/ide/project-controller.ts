/**
 * Opening and closing projects as the route changes. One BundlerClient per page; one
 * ProjectSession (with its PreviewHost) per open project.
 */
import { effect, signal } from '@preact/signals';
import { validateLiveLink, type LiveLink } from '../collab/live-link';
import { setSharedTitle, sharedTitle } from '../collab/shared-title';
import { ProjectStore, type OpenProject } from '../fs/projects';
import { decodeSharePayload } from '../fs/share-link';
import type { ProjectLive } from '../fs/types';
import * as state from './app-state';
import { ProjectSession } from './project-session';
import { isValidProjectId } from './router';
import { emptyTabs, openTab } from './tabs';
import { BundlerClient } from './services/bundler-client';
import { LIVE_NOT_CONFIGURED, LiveConnection, LiveUnavailableError, liveServerUrl } from './services/live-service';
import { getRegistrySetting } from './services/npm-settings';
import { DEFAULT_TEMPLATE, listTemplates, loadTemplate } from './services/templates';

export type OpenStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  /** Waiting for the first sync of a live project being joined (`offline`: the server cannot be reached). */
  | { state: 'joining'; offline: boolean }
  | { state: 'missing'; id: string }
  | { state: 'error'; message: string; title?: string };

export const session = signal<ProjectSession | undefined>(undefined);
export const openStatus = signal<OpenStatus>({ state: 'idle' });

let store: ProjectStore | undefined;
let bundler: BundlerClient | undefined;
let bundlerStatusOff: (() => void) | undefined;
/** Bumped on every navigation so a slow open cannot win over a later one. */
let generation = 0;
/** The file to show first in a project just imported from a share link (its `open`). */
let firstFileOf: { id: string; path: string } | undefined;
/** Aborts the join in progress (its empty project is deleted if it never synced). */
let joinAbort: AbortController | undefined;

export function projectStore(): ProjectStore {
  store ??= new ProjectStore();
  return store;
}

function bundlerClient(): BundlerClient {
  if (!bundler) {
    bundler = new BundlerClient();
    bundler.setRegistry(getRegistrySetting());
    bundlerStatusOff = bundler.onStatus((s) => {
      state.bundlerStatus.value = s;
    });
  }
  return bundler;
}

/** Starts the bundler worker at once: its esbuild-wasm start-up is the longest step before a preview. */
export function startServices(): void {
  bundlerClient();
}

export async function closeSession(): Promise<void> {
  joinAbort?.abort();
  joinAbort = undefined;
  const s = session.value;
  session.value = undefined;
  state.resetProjectState();
  if (s) await s.dispose();
}

/** `/p/<id>`: open that project (or say it does not exist). */
export async function showProject(id: string): Promise<void> {
  if (session.value?.id === id) return;
  const gen = ++generation;
  await closeSession();
  if (!isValidProjectId(id)) {
    openStatus.value = { state: 'missing', id };
    return;
  }
  openStatus.value = { state: 'loading' };
  try {
    performance.mark('cove:project-open-start');
    const known = await projectStore().get(id);
    if (gen !== generation) return;
    if (!known) {
      openStatus.value = { state: 'missing', id };
      return;
    }
    const project = await projectStore().open(id);
    if (gen !== generation) {
      await project.close();
      return;
    }
    performance.mark('cove:project-opened');
    session.value = new ProjectSession(project, bundlerClient());
    if (firstFileOf?.id === id) {
      // Only the file the link names, instead of the entry file the session opened.
      if (project.workspace.exists(firstFileOf.path)) state.tabs.value = openTab(emptyTabs, firstFileOf.path);
      firstFileOf = undefined;
    }
    openStatus.value = { state: 'idle' };
  } catch (err) {
    if (gen === generation) openStatus.value = { state: 'error', message: errorMessage(err) };
  }
}

/** `/`: the last opened project, else the most recent one, else a new project from the default template. */
export async function showRoot(): Promise<void> {
  const gen = ++generation;
  openStatus.value = { state: 'loading' };
  performance.mark('cove:root');
  try {
    const store = projectStore();
    // `list()` is most recently changed first.
    let id = (await store.getLastOpened()) ?? (await store.list())[0]?.id;
    if (gen !== generation) return;
    if (!id) id = (await createFromTemplate(DEFAULT_TEMPLATE)).id;
    if (gen !== generation) return;
    state.navigate({ view: 'project', id }, { replace: true });
  } catch (err) {
    if (gen === generation) openStatus.value = { state: 'error', message: errorMessage(err) };
  }
}

/**
 * `…#share=<payload>` on any IDE address: a new project with exactly the link's files (never an
 * existing one changed), then its own address `/p/<id>` replaces the link, so a reload reopens it
 * instead of importing again. A bad link shows an error and creates nothing.
 */
export async function showShare(payload: string): Promise<void> {
  const gen = ++generation;
  await closeSession();
  if (gen !== generation) return;
  openStatus.value = { state: 'loading' };
  try {
    const shared = await decodeSharePayload(payload);
    if (gen !== generation) return;
    const meta = await projectStore().create({ title: shared.title ?? 'Shared project', files: shared.files });
    if (shared.open) firstFileOf = { id: meta.id, path: shared.open };
    if (gen === generation) state.navigate({ view: 'project', id: meta.id }, { replace: true });
  } catch (err) {
    if (gen === generation)
      openStatus.value = { state: 'error', title: 'Could not open the share link', message: errorMessage(err) };
  }
}

export async function createFromTemplate(template: string, title?: string) {
  performance.mark('cove:template-load');
  const files = await loadTemplate(template);
  performance.mark('cove:template-loaded');
  return projectStore().create({ title: title ?? defaultTitle(template), template, files });
}

function defaultTitle(template: string): string {
  const known = listTemplates().find((t) => t.name === template);
  if (known) return known.title;
  const words = template.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Untitled';
}

export async function renameProject(title: string): Promise<void> {
  const s = session.value;
  const t = title.trim();
  if (!s || !t || t === s.project.meta.title || state.readOnly.peek()) return;
  try {
    const meta = await projectStore().rename(s.id, t);
    state.projectTitle.value = meta.title;
    // Everyone in the room gets the new title.
    if (s.live.peek()) setSharedTitle(s.workspace.doc, meta.title);
  } catch (err) {
    state.notify('error', `Could not rename the project: ${errorMessage(err)}`);
  }
}

/**
 * `/live/<room>#t=<token>`: open this browser's copy of that live project, or join it into a new,
 * empty project (never seeded from a template: its files would merge into the room). A bad link
 * or a refused token creates nothing. Once joined, the address becomes `/p/<id>` (token gone).
 */
export async function showLive(room: string, token: string): Promise<void> {
  const gen = ++generation;
  await closeSession();
  if (gen !== generation) return;
  openStatus.value = { state: 'loading' };
  try {
    const link = validateLiveLink(room, token);
    const server = liveServerUrl();
    if (!server) throw new LiveUnavailableError(LIVE_NOT_CONFIGURED);
    const store = projectStore();
    const known = await store.findByRoom(room);
    if (gen !== generation) return;
    if (known?.live) {
      if (known.live.token !== token) await store.setLive(known.id, liveInfo(link, known.live.server, known.live));
      if (gen === generation) state.navigate({ view: 'project', id: known.id }, { replace: true });
      return;
    }
    await joinRoom(link, server, gen);
  } catch (err) {
    if (gen === generation)
      openStatus.value = { state: 'error', title: 'Could not join the live project', message: errorMessage(err) };
  }
}

function liveInfo(link: LiveLink, server: string, previous?: ProjectLive): ProjectLive {
  const readToken = link.role === 'read' ? link.token : previous?.readToken;
  return { room: link.room, token: link.token, role: link.role, server, ...(readToken ? { readToken } : {}) };
}

async function joinRoom(link: LiveLink, server: string, gen: number): Promise<void> {
  const store = projectStore();
  const abort = new AbortController();
  joinAbort = abort;
  const aborted = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(abort.signal.reason)),
  );
  aborted.catch(() => undefined);
  const meta = await store.create({ title: 'Live project', files: {}, live: liveInfo(link, server) });
  let project: OpenProject | undefined;
  let conn: LiveConnection | undefined;
  try {
    project = await Promise.race([store.open(meta.id), aborted]);
    conn = await Promise.race([LiveConnection.open(project.workspace.doc, meta.live!), aborted]);
    const c = conn;
    const offStatus = effect(() => {
      const offline = c.status.value === 'offline';
      if (!abort.signal.aborted) openStatus.value = { state: 'joining', offline };
    });
    try {
      await Promise.race([c.whenSynced(), aborted]);
    } finally {
      offStatus();
    }
  } catch (err) {
    // Refused, cancelled or failed before any sync: leave nothing behind.
    conn?.dispose();
    await project?.close();
    await store.delete(meta.id).catch(() => undefined);
    if (abort.signal.aborted) return;
    throw err;
  } finally {
    if (joinAbort === abort) joinAbort = undefined;
  }
  const title = sharedTitle(project.workspace.doc);
  if (title) await store.rename(meta.id, title).catch(() => undefined);
  if (gen !== generation) {
    // Navigated away after the sync: keep the joined project, just close it.
    conn.dispose();
    await project.close();
    return;
  }
  session.value = new ProjectSession(project, bundlerClient(), conn);
  openStatus.value = { state: 'idle' };
  state.navigate({ view: 'project', id: meta.id }, { replace: true });
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** For tests and teardown: stop the bundler worker. */
export function disposeServices(): void {
  bundlerStatusOff?.();
  bundler?.dispose();
  bundler = undefined;
}

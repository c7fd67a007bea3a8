/**
 * Opening and closing projects as the route changes. One BundlerClient per page; one
 * ProjectSession (with its PreviewHost) per open project.
 */
import { signal } from '@preact/signals';
import { ProjectStore } from '../fs/projects';
import * as state from './app-state';
import { ProjectSession } from './project-session';
import { isValidProjectId } from './router';
import { BundlerClient } from './services/bundler-client';
import { getRegistrySetting } from './services/npm-settings';
import { DEFAULT_TEMPLATE, listTemplates, loadTemplate } from './services/templates';

export type OpenStatus =
  { state: 'idle' } | { state: 'loading' } | { state: 'missing'; id: string } | { state: 'error'; message: string };

export const session = signal<ProjectSession | undefined>(undefined);
export const openStatus = signal<OpenStatus>({ state: 'idle' });

let store: ProjectStore | undefined;
let bundler: BundlerClient | undefined;
let bundlerStatusOff: (() => void) | undefined;
/** Bumped on every navigation so a slow open cannot win over a later one. */
let generation = 0;

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
  if (!s || !t || t === s.project.meta.title) return;
  try {
    const meta = await projectStore().rename(s.id, t);
    state.projectTitle.value = meta.title;
  } catch (err) {
    state.notify('error', `Could not rename the project: ${errorMessage(err)}`);
  }
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

/**
 * The `/embed` page's life: wait for the load gate (click, scroll into view, or at once) and for
 * the project (from the `#share=` link or from the SDK), then create it as a new local project
 * and open it in place (the address stays `/embed`), with the embed options applied.
 */
import { signal } from '@preact/signals';
import { decodeSharePayload, type SharedProject } from '../../fs/share-link';
import type { EmbedOptions } from '../../shared/embed-options';
import * as state from '../app-state';
import { errorMessage, openStatus, projectStore, session, showProject, startServices } from '../project-controller';
import type { ProjectSession } from '../project-session';
import { emptyTabs, openTab } from '../tabs';

export type EmbedPhase =
  /** Before the click (or the scroll) that loads the project. */
  | { state: 'poster' }
  /** The gate is open; waiting for the SDK to hand over the project. */
  | { state: 'waiting' }
  | { state: 'loading' }
  | { state: 'open' }
  | { state: 'error'; title: string; message: string };

export const EMBED_READ_ONLY_MESSAGE = 'This embedded project is read-only: open it in Cove to edit a copy.';

export const embedPhase = signal<EmbedPhase>({ state: 'poster' });
/** What the poster can say about the project before it loads. */
export const embedTitle = signal<string | undefined>(undefined);

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

let options: EmbedOptions = {};
const gate = deferred<void>();
const source = deferred<SharedProject>();
const opened = deferred<ProjectSession>();
let fromLink = false;

/** Starts the page: the project from the link is decoded at once (cheap); the rest waits for the gate. */
export function startEmbed(opts: EmbedOptions, payload: string | undefined): void {
  options = opts;
  if (payload !== undefined) {
    fromLink = true;
    decodeSharePayload(payload).then(
      (p) => {
        embedTitle.value = p.title;
        source.resolve(p);
      },
      (err: unknown) => {
        embedPhase.value = { state: 'error', title: 'Could not open the share link', message: errorMessage(err) };
        source.reject(err);
      },
    );
  }
  if ((opts.load ?? 'eager') === 'eager') openGate();
  void run();
}

/** The poster's "Run project" button, or the embed scrolled into view. */
export function openGate(): void {
  gate.resolve();
  if (embedPhase.peek().state === 'poster') embedPhase.value = { state: 'waiting' };
}

/** The SDK's project. With a `#share=` link the link's project wins and this only waits for it. */
export function loadFromSdk(project: SharedProject): Promise<ProjectSession> {
  if (!fromLink) {
    embedTitle.value ??= project.title;
    source.resolve(project);
  }
  return opened.promise;
}

async function run(): Promise<void> {
  try {
    await gate.promise;
    // Only now the heavy parts: the bundler worker (esbuild-wasm) and the project.
    startServices();
    const project = await source.promise;
    embedPhase.value = { state: 'loading' };
    const meta = await projectStore().create({ title: project.title ?? 'Embedded project', files: project.files });
    await showProject(meta.id);
    const s = session.peek();
    if (!s || s.id !== meta.id) {
      const status = openStatus.peek();
      throw new Error(status.state === 'error' ? status.message : 'The project could not be opened.');
    }
    const first = [options.file, project.open].find((p) => p !== undefined && s.workspace.exists(p));
    if (first) state.tabs.value = openTab(emptyTabs, first);
    if (options.readonly) {
      state.readOnlyReason.value = EMBED_READ_ONLY_MESSAGE;
      state.readOnly.value = true;
    }
    embedPhase.value = { state: 'open' };
    opened.resolve(s);
  } catch (err) {
    if (embedPhase.peek().state !== 'error')
      embedPhase.value = { state: 'error', title: 'Could not open the project', message: errorMessage(err) };
    opened.reject(err);
  }
}

/**
 * The list of projects (metadata in IndexedDB) and opening one: its Y.Doc is loaded from the
 * update log, persisted as it changes, and synced with other tabs that have it open.
 */
import * as Y from 'yjs';
import { createStore, del, get, set, update, values, type UseStore } from 'idb-keyval';
import { createBlobStore, type BlobStore } from './blob-store';
import { DocPersistence, type PersistenceOptions } from './persistence';
import { randomId } from './project-doc';
import { TabSync } from './tab-sync';
import type { ProjectLive, ProjectMeta, SaveState } from './types';
import { appendUpdate, createUpdateLogStore, deleteUpdateLog, loadUpdateLog } from './update-log';
import { Workspace } from './workspace';

export const PROJECT_ID_PATTERN = /^[a-z0-9]{4,40}$/;
const LAST_OPENED_KEY = 'lastOpened';
/** How long `updatedAt` may lag behind an edit (edits within it share one metadata write). */
const TOUCH_DELAY_MS = 1000;

export interface OpenProject {
  meta: ProjectMeta;
  workspace: Workspace;
  onSaveState(cb: (s: SaveState) => void): () => void;
  readonly saveState: SaveState;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ProjectStoreOptions {
  metaStore?: UseStore;
  logStore?: UseStore;
  settingsStore?: UseStore;
  blobs?: BlobStore;
  persistence?: Omit<PersistenceOptions, 'store'>;
  /** Join the cross-tab BroadcastChannel sync on open (default: when BroadcastChannel exists). */
  tabSync?: boolean;
  now?: () => number;
}

export class ProjectStore {
  readonly blobs: BlobStore;
  private readonly metaStore: UseStore;
  private readonly logStore: UseStore;
  private readonly settingsStore: UseStore;
  private readonly options: ProjectStoreOptions;
  private readonly now: () => number;
  private readonly openProjects = new Map<string, Set<OpenProject>>();

  constructor(options: ProjectStoreOptions = {}) {
    this.options = options;
    this.metaStore = options.metaStore ?? createStore('cove-projects', 'meta');
    this.logStore = options.logStore ?? createUpdateLogStore();
    this.settingsStore = options.settingsStore ?? createStore('cove-settings', 'settings');
    this.blobs = options.blobs ?? createBlobStore();
    this.now = options.now ?? Date.now;
  }

  /** All projects, most recently changed first. */
  async list(): Promise<ProjectMeta[]> {
    const all = await values<ProjectMeta>(this.metaStore);
    return all.filter((m) => m && typeof m.id === 'string').sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<ProjectMeta | undefined> {
    return PROJECT_ID_PATTERN.test(id) ? get<ProjectMeta>(id, this.metaStore) : undefined;
  }

  /**
   * Create a project from files (`path -> text or bytes`). Nothing is stored if a path is invalid.
   * A project made to join a live room starts with no files (anything here would merge into the room).
   */
  async create(input: {
    title: string;
    template?: string;
    files: Record<string, string | Uint8Array>;
    live?: ProjectLive;
  }): Promise<ProjectMeta> {
    const title = cleanTitle(input.title);
    const doc = new Y.Doc();
    const workspace = new Workspace(doc, this.blobs);
    try {
      // One transaction: the workspace re-indexes after each one, so file-by-file writes cost O(n²).
      await workspace.writeFiles(input.files);
      return await this.store(doc, { title, template: input.template, live: input.live });
    } finally {
      workspace.dispose();
      doc.destroy();
    }
  }

  async open(id: string): Promise<OpenProject> {
    const meta = await this.require(id);
    const doc = new Y.Doc();
    const persistence = await DocPersistence.open(doc, id, { ...this.options.persistence, store: this.logStore });
    const workspace = new Workspace(doc, this.blobs);
    const useTabSync = this.options.tabSync ?? typeof BroadcastChannel !== 'undefined';
    const tabSync = useTabSync ? new TabSync(doc, id) : undefined;

    let touchTimer: ReturnType<typeof setTimeout> | undefined;
    const touch = async () => {
      clearTimeout(touchTimer);
      touchTimer = undefined;
      const updatedAt = this.now();
      handle.meta = { ...handle.meta, updatedAt };
      await update<ProjectMeta | undefined>(id, (m) => (m ? { ...m, updatedAt } : m), this.metaStore);
    };
    const onUpdate = () => {
      touchTimer ??= setTimeout(
        () => void touch().catch((err) => console.error('Could not update project metadata', err)),
        TOUCH_DELAY_MS,
      );
    };
    doc.on('update', onUpdate);

    let closed = false;
    const handle: OpenProject = {
      meta,
      workspace,
      onSaveState: (cb) => persistence.onSaveState(cb),
      get saveState() {
        return persistence.saveState;
      },
      flush: async () => {
        await persistence.flush();
        if (touchTimer !== undefined) await touch();
      },
      close: async () => {
        if (closed) return;
        closed = true;
        this.openProjects.get(id)?.delete(handle);
        doc.off('update', onUpdate);
        tabSync?.close();
        try {
          if (touchTimer !== undefined) await touch();
          await persistence.destroy();
        } finally {
          workspace.dispose();
          doc.destroy();
        }
      },
    };
    let handles = this.openProjects.get(id);
    if (!handles) this.openProjects.set(id, (handles = new Set()));
    handles.add(handle);
    await this.setLastOpened(id);
    return handle;
  }

  /** Copy a project (its files and folders) under a new id. */
  async duplicate(id: string, title?: string): Promise<ProjectMeta> {
    const meta = await this.require(id);
    await Promise.all([...(this.openProjects.get(id) ?? [])].map((p) => p.flush()));
    const doc = new Y.Doc();
    try {
      await loadUpdateLog(this.logStore, id, doc, null);
      return await this.store(doc, { title: cleanTitle(title ?? `${meta.title} (copy)`), template: meta.template });
    } finally {
      doc.destroy();
    }
  }

  /** Delete a project and its update log (closing it first if open here). Binary blobs are shared and stay. */
  async delete(id: string): Promise<void> {
    await this.require(id);
    await Promise.all([...(this.openProjects.get(id) ?? [])].map((p) => p.close()));
    await deleteUpdateLog(this.logStore, id);
    await del(id, this.metaStore);
    if ((await get(LAST_OPENED_KEY, this.settingsStore)) === id) await del(LAST_OPENED_KEY, this.settingsStore);
  }

  async rename(id: string, title: string): Promise<ProjectMeta> {
    await this.require(id);
    const clean = cleanTitle(title);
    let result: ProjectMeta | undefined;
    await update<ProjectMeta | undefined>(
      id,
      (m) => (result = m && { ...m, title: clean, updatedAt: this.now() }),
      this.metaStore,
    );
    if (!result) throw new Error(`No project with id "${id}"`);
    for (const handle of this.openProjects.get(id) ?? []) handle.meta = { ...handle.meta, title: clean };
    return result;
  }

  /** Start (`live`) or stop (undefined) sharing a project live; open handles see the new metadata. */
  async setLive(id: string, live: ProjectLive | undefined): Promise<ProjectMeta> {
    await this.require(id);
    let result: ProjectMeta | undefined;
    await update<ProjectMeta | undefined>(
      id,
      (m) => {
        if (!m) return m;
        const { live: _old, ...rest } = m;
        return (result = live ? { ...rest, live: { ...live } } : rest);
      },
      this.metaStore,
    );
    if (!result) throw new Error(`No project with id "${id}"`);
    for (const handle of this.openProjects.get(id) ?? []) {
      const { live: _old, ...rest } = handle.meta;
      handle.meta = live ? { ...rest, live: { ...live } } : rest;
    }
    return result;
  }

  /** The local project that syncs with this live room, if any (the most recently changed one). */
  async findByRoom(room: string): Promise<ProjectMeta | undefined> {
    return (await this.list()).find((m) => m.live?.room === room);
  }

  /** The last project opened (if it still exists). */
  async getLastOpened(): Promise<string | undefined> {
    const id: unknown = await get(LAST_OPENED_KEY, this.settingsStore);
    return typeof id === 'string' && (await this.get(id)) ? id : undefined;
  }

  async setLastOpened(id: string): Promise<void> {
    await set(LAST_OPENED_KEY, id, this.settingsStore);
  }

  private async require(id: string): Promise<ProjectMeta> {
    const meta = await this.get(id);
    if (!meta) throw new Error(`No project with id "${id}"`);
    return meta;
  }

  private async newId(): Promise<string> {
    for (;;) {
      const id = randomId(10);
      if (!(await get(id, this.metaStore))) return id;
    }
  }

  /** Write `doc` as a new project's first log entry, then its metadata. */
  private async store(
    doc: Y.Doc,
    input: { title: string; template?: string; live?: ProjectLive },
  ): Promise<ProjectMeta> {
    const id = await this.newId();
    const now = this.now();
    const meta: ProjectMeta = { id, title: input.title, createdAt: now, updatedAt: now };
    if (input.template) meta.template = input.template;
    if (input.live) meta.live = { ...input.live };
    await appendUpdate(this.logStore, [id, 'initial', 0], Y.encodeStateAsUpdate(doc));
    await set(id, meta, this.metaStore);
    return meta;
  }
}

function cleanTitle(title: string): string {
  const clean = title.trim().replace(/\s+/g, ' ');
  if (!clean) throw new Error('A project needs a title');
  if (clean.length > 200) throw new Error('Project titles are limited to 200 characters');
  return clean;
}

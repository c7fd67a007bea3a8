/**
 * A project's files on top of its Y.Doc (schema in ./project-doc.ts). Reads come from an index
 * that is rebuilt from Yjs events, so local calls, other tabs and replica updates all look
 * the same to readers and to `onChange` listeners.
 */
import * as Y from 'yjs';
import { dirname, isWithin, normalizePath, parentFolders } from '../shared/paths';
import type { BlobStore } from './blob-store';
import {
  entryKind,
  entryPath,
  entryText,
  filesMap,
  foldersMap,
  normalizeNewlines,
  randomId,
  type FileEntry,
} from './project-doc';
import type { ChangeBatch, ChangeEvent, FileInfo, FileKind, ProjectFiles } from './types';

/** A write that conflicts with what is there (target exists, parent is a file, no such path). */
export class WorkspaceError extends Error {}

interface Indexed {
  path: string;
  kind: FileKind;
}

const encoder = new TextEncoder();

function tryNormalize(path: string): string | undefined {
  try {
    return normalizePath(path);
  } catch {
    return undefined;
  }
}

export class Workspace implements ProjectFiles {
  readonly doc: Y.Doc;
  private readonly blobs: BlobStore;
  private readonly files: Y.Map<FileEntry>;
  private readonly explicitFolders: Y.Map<string>;
  /** id -> path/kind of every well-formed entry, as of the last transaction. */
  private indexed = new Map<string, Indexed>();
  /** path -> id of the visible file at that path (the smallest id wins if peers collided). */
  private byPath = new Map<string, string>();
  /** Every folder: explicit ones and all parents of files. */
  private folderSet = new Set<string>();
  private listeners = new Set<(batch: ChangeBatch) => void>();
  // Collected by the observers during a transaction, turned into one batch after it.
  private touched = new Set<string>();
  private contentChanged = new Set<string>();
  private structural = false;

  constructor(doc: Y.Doc, blobs: BlobStore) {
    this.doc = doc;
    this.blobs = blobs;
    this.files = filesMap(doc);
    this.explicitFolders = foldersMap(doc);
    for (const id of this.files.keys()) this.reindex(id);
    this.rebuildPaths();
    this.files.observeDeep(this.onFilesEvents);
    this.explicitFolders.observe(this.onFoldersEvent);
    doc.on('afterTransaction', this.onAfterTransaction);
  }

  dispose(): void {
    this.files.unobserveDeep(this.onFilesEvents);
    this.explicitFolders.unobserve(this.onFoldersEvent);
    this.doc.off('afterTransaction', this.onAfterTransaction);
    this.listeners.clear();
  }

  // ---------------------------------------------------------------------------- reads

  list(): FileInfo[] {
    return [...this.byPath]
      .map(([path, id]) => ({ id, path, kind: this.indexed.get(id)!.kind }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  folders(): string[] {
    return [...this.folderSet].sort();
  }

  /** True if a file (not a folder) exists at `path`. */
  exists(path: string): boolean {
    return this.lookup(path) !== undefined;
  }

  isFolder(path: string): boolean {
    const p = tryNormalize(path);
    return p !== undefined && this.folderSet.has(p);
  }

  fileId(path: string): string | undefined {
    return this.lookup(path);
  }

  kindOf(path: string): FileKind | undefined {
    const id = this.lookup(path);
    return id === undefined ? undefined : this.indexed.get(id)!.kind;
  }

  getYText(path: string): Y.Text | undefined {
    const id = this.lookup(path);
    const entry = id === undefined ? undefined : this.files.get(id);
    return entry && entryKind(entry) === 'text' ? entryText(entry) : undefined;
  }

  readText(path: string): string | undefined {
    return this.getYText(path)?.toString();
  }

  /** The bytes of a binary file, or the UTF-8 bytes of a text file. */
  async readBinary(path: string): Promise<Uint8Array | undefined> {
    const id = this.lookup(path);
    const entry = id === undefined ? undefined : this.files.get(id);
    if (!entry) return undefined;
    if (entryKind(entry) === 'text') return encoder.encode(entryText(entry)?.toString() ?? '');
    const hash = entry.get('hash');
    return typeof hash === 'string' ? this.blobs.get(hash) : undefined;
  }

  /** Size in bytes (UTF-8 for text files). */
  statSize(path: string): number | undefined {
    const id = this.lookup(path);
    const entry = id === undefined ? undefined : this.files.get(id);
    if (!entry) return undefined;
    if (entryKind(entry) === 'text') return encoder.encode(entryText(entry)?.toString() ?? '').length;
    const size = entry.get('size');
    return typeof size === 'number' ? size : undefined;
  }

  onChange(listener: (batch: ChangeBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Blobs with these hashes have just reached the BlobStore (e.g. downloaded from a live room)
   * while the doc already named them: report an `update` of every file that uses one, so readers
   * read it again. Returns the paths reported.
   */
  blobsArrived(hashes: Iterable<string>): string[] {
    const arrived = new Set(hashes);
    const paths: string[] = [];
    for (const [path, id] of this.byPath) {
      const entry = this.files.get(id);
      const hash = entry && entryKind(entry) === 'binary' ? entry.get('hash') : undefined;
      if (typeof hash === 'string' && arrived.has(hash)) paths.push(path);
    }
    if (paths.length) this.emit({ events: paths.map((path) => ({ type: 'update', path })), local: false });
    return paths;
  }

  // ---------------------------------------------------------------------------- writes

  /** Create or overwrite a text file (line endings become LF). */
  writeText(path: string, text: string): void {
    const p = normalizePath(path);
    const content = normalizeNewlines(text);
    const id = this.byPath.get(p);
    if (id === undefined) {
      this.assertCreatable(p);
      this.doc.transact(() => {
        const entry = new Y.Map<unknown>([
          ['path', p],
          ['kind', 'text'],
          ['text', new Y.Text(content)],
        ]);
        this.files.set(randomId(), entry);
      }, this);
      return;
    }
    const entry = this.files.get(id)!;
    this.doc.transact(() => {
      const ytext = entryKind(entry) === 'text' ? entryText(entry) : undefined;
      if (ytext) return replaceText(ytext, content);
      entry.set('kind', 'text');
      entry.set('text', new Y.Text(content));
      entry.delete('hash');
      entry.delete('size');
    }, this);
  }

  /** Create or overwrite a binary file; the bytes go to the BlobStore, the hash to the doc. */
  async writeBinary(path: string, bytes: Uint8Array): Promise<void> {
    const p = normalizePath(path);
    if (!this.byPath.has(p)) this.assertCreatable(p);
    const hash = await this.blobs.put(bytes);
    // The doc may have changed while the blob was stored: check again.
    const id = this.byPath.get(p);
    if (id === undefined) this.assertCreatable(p);
    this.doc.transact(() => {
      const entry = id === undefined ? undefined : this.files.get(id);
      if (entry) {
        entry.set('kind', 'binary');
        entry.delete('text');
        entry.set('hash', hash);
        entry.set('size', bytes.length);
        return;
      }
      const created = new Y.Map<unknown>([
        ['path', p],
        ['kind', 'binary'],
        ['hash', hash],
        ['size', bytes.length],
      ]);
      this.files.set(randomId(), created);
    }, this);
  }

  /**
   * Create or overwrite many files as one change (one transaction, one update, one change batch),
   * e.g. an upload of a folder. Everything is checked before anything is written: a conflict
   * (a file where a folder is needed, or the reverse) throws and writes nothing.
   */
  async writeFiles(files: Record<string, string | Uint8Array>): Promise<void> {
    const entries = Object.entries(files).map(([path, contents]) => [normalizePath(path), contents] as const);
    const paths = new Set(entries.map(([p]) => p));
    for (const [p] of entries) {
      if (!this.byPath.has(p)) this.assertCreatable(p);
      for (const parent of parentFolders(p))
        if (paths.has(parent)) throw new WorkspaceError(`Cannot create "${p}": "${parent}" is a file, not a folder`);
    }
    // Blobs first (async), so the doc changes in one synchronous transaction.
    const hashes = new Map<string, string>();
    for (const [p, contents] of entries)
      if (typeof contents !== 'string') hashes.set(p, await this.blobs.put(contents));
    for (const [p] of entries) if (!this.byPath.has(p)) this.assertCreatable(p); // the doc may have changed meanwhile
    this.doc.transact(() => {
      for (const [p, contents] of entries) {
        const id = this.byPath.get(p);
        const entry = id === undefined ? undefined : this.files.get(id);
        if (typeof contents === 'string') {
          const text = normalizeNewlines(contents);
          const ytext = entry && entryKind(entry) === 'text' ? entryText(entry) : undefined;
          if (ytext) replaceText(ytext, text);
          else if (entry) {
            entry.set('kind', 'text');
            entry.set('text', new Y.Text(text));
            entry.delete('hash');
            entry.delete('size');
          } else
            this.files.set(
              randomId(),
              new Y.Map<unknown>([
                ['path', p],
                ['kind', 'text'],
                ['text', new Y.Text(text)],
              ]),
            );
          continue;
        }
        const binary: [string, unknown][] = [
          ['kind', 'binary'],
          ['hash', hashes.get(p)!],
          ['size', contents.length],
        ];
        if (entry) {
          entry.delete('text');
          for (const [k, v] of binary) entry.set(k, v);
        } else this.files.set(randomId(), new Y.Map<unknown>([['path', p], ...binary]));
      }
    }, this);
  }

  /** Create an (empty) folder. Does nothing if the folder exists already; throws if a file is in the way. */
  createFolder(path: string): void {
    const p = normalizePath(path);
    if (this.byPath.has(p)) throw new WorkspaceError(`Cannot create folder "${p}": a file with that name exists`);
    this.assertParentsAreFolders(p);
    if ([...this.explicitFolders.values()].includes(p)) return;
    this.doc.transact(() => this.explicitFolders.set(randomId(), p), this);
  }

  /** Rename or move a file or folder; a folder's files and subfolders move with it and keep their ids. */
  rename(from: string, to: string): void {
    const f = normalizePath(from);
    const t = normalizePath(to);
    if (f === t) return;
    const fileId = this.byPath.get(f);
    const isFolder = fileId === undefined && this.folderSet.has(f);
    if (fileId === undefined && !isFolder) throw new WorkspaceError(`Cannot rename "${f}": no such file or folder`);
    if (isFolder && isWithin(t, f)) throw new WorkspaceError(`Cannot move folder "${f}" into itself`);
    if (this.byPath.has(t) || this.folderSet.has(t))
      throw new WorkspaceError(`Cannot rename "${f}" to "${t}": "${t}" already exists`);
    this.assertParentsAreFolders(t);
    this.doc.transact(() => {
      this.keepParentFolder(f);
      if (fileId !== undefined) {
        this.files.get(fileId)!.set('path', t);
        return;
      }
      const moved = (p: string) => t + p.slice(f.length);
      for (const [path, id] of this.byPath) if (isWithin(path, f)) this.files.get(id)!.set('path', moved(path));
      for (const [id, path] of this.explicitFolders) if (isWithin(path, f)) this.explicitFolders.set(id, moved(path));
    }, this);
  }

  /** Delete a file, or a folder with everything in it. */
  delete(path: string): void {
    const p = normalizePath(path);
    const fileId = this.byPath.get(p);
    if (fileId === undefined && !this.folderSet.has(p))
      throw new WorkspaceError(`Cannot delete "${p}": no such file or folder`);
    this.doc.transact(() => {
      this.keepParentFolder(p);
      // Every entry at or under the path, including hidden duplicates from concurrent peers.
      for (const [id, info] of this.indexed) if (isWithin(info.path, p)) this.files.delete(id);
      for (const [id, folder] of [...this.explicitFolders]) if (isWithin(folder, p)) this.explicitFolders.delete(id);
    }, this);
  }

  // ---------------------------------------------------------------------------- internals

  private lookup(path: string): string | undefined {
    const p = tryNormalize(path);
    return p === undefined ? undefined : this.byPath.get(p);
  }

  private assertParentsAreFolders(p: string): void {
    for (const parent of parentFolders(p)) {
      if (this.byPath.has(parent))
        throw new WorkspaceError(`Cannot create "${p}": "${parent}" is a file, not a folder`);
    }
  }

  private assertCreatable(p: string): void {
    if (this.folderSet.has(p)) throw new WorkspaceError(`Cannot create file "${p}": a folder with that name exists`);
    this.assertParentsAreFolders(p);
  }

  /** Removing the last thing in a folder would make the folder vanish; keep it, as file managers do. */
  private keepParentFolder(removed: string): void {
    const parent = dirname(removed);
    if (!parent) return;
    const remains = (p: string) => isWithin(p, parent) && !isWithin(p, removed);
    if ([...this.byPath.keys()].some(remains) || [...this.explicitFolders.values()].some(remains)) return;
    this.explicitFolders.set(randomId(), parent);
  }

  private reindex(id: string): void {
    const entry = this.files.get(id);
    const path = entry instanceof Y.Map ? entryPath(entry) : undefined;
    const kind = entry instanceof Y.Map ? entryKind(entry) : undefined;
    const valid = path !== undefined && kind !== undefined && tryNormalize(path) === path;
    if (valid) this.indexed.set(id, { path, kind });
    else this.indexed.delete(id);
  }

  private rebuildPaths(): void {
    this.byPath.clear();
    for (const [id, { path }] of this.indexed) {
      const other = this.byPath.get(path);
      if (other === undefined || id < other) this.byPath.set(path, id);
    }
    const folders = new Set<string>();
    for (const path of this.byPath.keys()) for (const parent of parentFolders(path)) folders.add(parent);
    for (const path of this.explicitFolders.values()) {
      const p = typeof path === 'string' ? tryNormalize(path) : undefined;
      if (p === undefined || this.byPath.has(p)) continue;
      folders.add(p);
      for (const parent of parentFolders(p)) folders.add(parent);
    }
    this.folderSet = folders;
  }

  private onFilesEvents = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    for (const event of events) {
      if (event.target === this.files) {
        for (const id of event.keys.keys()) this.touched.add(id);
        this.structural = true;
        continue;
      }
      const id = event.path[0];
      if (typeof id !== 'string') continue;
      if (event.target instanceof Y.Text) {
        this.contentChanged.add(id);
        continue;
      }
      this.touched.add(id);
      this.structural = true;
      if ([...event.keys.keys()].some((k) => k !== 'path')) this.contentChanged.add(id);
    }
  };

  private onFoldersEvent = (): void => {
    this.structural = true;
  };

  private onAfterTransaction = (transaction: Y.Transaction): void => {
    if (!this.structural && this.contentChanged.size === 0) return;
    const fileEvents: ChangeEvent[] = [];
    const created = new Set<string>();
    let folderCreates: string[] = [];
    let folderDeletes: string[] = [];
    if (this.structural) {
      const before = new Map<string, Indexed>();
      for (const id of this.touched) {
        const old = this.indexed.get(id);
        if (old) before.set(id, old);
        this.reindex(id);
      }
      const oldFolders = this.folderSet;
      const oldVisible = new Map([...this.byPath].map(([path, id]) => [id, path]));
      this.rebuildPaths();
      const newVisible = new Map([...this.byPath].map(([path, id]) => [id, path]));
      for (const id of new Set([...this.touched, ...oldVisible.keys()])) {
        const was = oldVisible.get(id);
        const now = newVisible.get(id);
        if (was === undefined && now !== undefined) {
          fileEvents.push({ type: 'create', path: now, kind: this.indexed.get(id)!.kind });
          created.add(id);
        } else if (was !== undefined && now === undefined) {
          fileEvents.push({ type: 'delete', path: was });
        } else if (was !== undefined && now !== undefined && was !== now) {
          fileEvents.push({ type: 'rename', from: was, to: now });
        }
      }
      folderCreates = [...this.folderSet].filter((p) => !oldFolders.has(p)).sort();
      folderDeletes = [...oldFolders]
        .filter((p) => !this.folderSet.has(p))
        .sort()
        .reverse();
    }
    for (const id of this.contentChanged) {
      const path = this.indexed.get(id)?.path;
      if (path !== undefined && !created.has(id) && this.byPath.get(path) === id)
        fileEvents.push({ type: 'update', path });
    }
    this.touched.clear();
    this.contentChanged.clear();
    this.structural = false;
    const events: ChangeEvent[] = [
      ...folderCreates.map((path): ChangeEvent => ({ type: 'folder-create', path })),
      ...fileEvents,
      ...folderDeletes.map((path): ChangeEvent => ({ type: 'folder-delete', path })),
    ];
    if (events.length) this.emit({ events, local: transaction.local });
  };

  private emit(batch: ChangeBatch): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(batch);
      } catch (err) {
        // One failing listener must not stop the others or break the Yjs transaction.
        console.error('Workspace change listener failed', err);
      }
    }
  }
}

/** Replace a Y.Text's content, touching only the changed middle (keeps cursors and concurrent edits elsewhere). */
function replaceText(ytext: Y.Text, next: string): void {
  const prev = ytext.toString();
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  // Never split a surrogate pair: Yjs would store half a character.
  if (start > 0 && isHighSurrogate(prev.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < max - start && prev.charCodeAt(prev.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  if (end > 0 && isLowSurrogate(prev.charCodeAt(prev.length - end))) end--;
  if (prev.length - start - end > 0) ytext.delete(start, prev.length - start - end);
  if (next.length - start - end > 0) ytext.insert(start, next.slice(start, next.length - end));
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The file model's public shape. The project is a Yjs document (the single
 * source of truth for file contents, ready for collaboration); binary files
 * live in a content-addressed store with only their hash in the document.
 * Nothing here knows about Monaco or any UI.
 */
export type FileKind = 'text' | 'binary';

export interface FileInfo {
  /** Stable id: survives renames and moves. */
  id: string;
  /** Project-relative path, `/`-separated, no leading slash, e.g. `src/main.ts`. */
  path: string;
  kind: FileKind;
}

export type ChangeEvent =
  | { type: 'create'; path: string; kind: FileKind }
  | { type: 'update'; path: string }
  | { type: 'delete'; path: string }
  | { type: 'rename'; from: string; to: string }
  | { type: 'folder-create'; path: string }
  | { type: 'folder-delete'; path: string };

export interface ChangeBatch {
  events: ChangeEvent[];
  /** True when the change came from this tab's own calls (false: another tab, or a remote peer). */
  local: boolean;
}

/** A project shared live: the room it syncs with, whenever it is open. */
export interface ProjectLive {
  /** Room id on the collaboration server. */
  room: string;
  /** This browser's access token for the room. */
  token: string;
  role: 'edit' | 'read';
  /** The collaboration server's HTTP base URL. */
  server: string;
  /** The room's read-only token, kept by the owner (and editors who were given it) to share it. */
  readToken?: string;
}

export interface ProjectMeta {
  id: string;
  title: string;
  /** Template the project was created from, if any. */
  template?: string;
  createdAt: number;
  updatedAt: number;
  /** Set while the project is shared live (see src/collab). */
  live?: ProjectLive;
}

export type SaveState =
  { state: 'saved'; at: number } | { state: 'saving' } | { state: 'error'; message: string; quota: boolean };

/** What the bundler needs from a project: read-only access plus change events. `Workspace` implements it. */
export interface ProjectFiles {
  list(): FileInfo[];
  /** Folders that exist (explicit ones and every parent of a file), no leading slash. */
  folders(): string[];
  exists(path: string): boolean;
  /** The file's kind, or undefined if there is no such file. */
  kindOf(path: string): FileKind | undefined;
  readText(path: string): string | undefined;
  readBinary(path: string): Promise<Uint8Array | undefined>;
  onChange(listener: (batch: ChangeBatch) => void): () => void;
}

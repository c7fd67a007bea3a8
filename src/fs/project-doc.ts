/**
 * The Y.Doc schema of a Cove project (one document per project):
 *
 * - `doc.getMap('files')`: fileId -> Y.Map {
 *     path: string            project path, e.g. `src/main.ts` (no leading slash)
 *     kind: 'text' | 'binary'
 *     text?: Y.Text           text files: the content, LF line endings
 *     hash?: string           binary files: sha-256 hex of the bytes in the BlobStore
 *     size?: number           binary files: byte length
 *   }
 * - `doc.getMap('folders')`: folderId -> path, for explicit folders (so empty folders survive).
 *   Parents of files exist implicitly and need no entry.
 *
 * Entries are keyed by stable random ids: a rename or move changes only `path`, so concurrent
 * edits to the content survive it (keying by path would turn a rename into delete + create).
 */
import * as Y from 'yjs';
import type { FileKind } from './types';

export const FILES_KEY = 'files';
export const FOLDERS_KEY = 'folders';

export type FileEntry = Y.Map<unknown>;

export function filesMap(doc: Y.Doc): Y.Map<FileEntry> {
  return doc.getMap<FileEntry>(FILES_KEY);
}

export function foldersMap(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(FOLDERS_KEY);
}

export function entryPath(entry: FileEntry): string | undefined {
  const p = entry.get('path');
  return typeof p === 'string' ? p : undefined;
}

export function entryKind(entry: FileEntry): FileKind | undefined {
  const k = entry.get('kind');
  return k === 'text' || k === 'binary' ? k : undefined;
}

export function entryText(entry: FileEntry): Y.Text | undefined {
  const t = entry.get('text');
  return t instanceof Y.Text ? t : undefined;
}

/** A random id for files and folders: 12 lowercase base36 characters. */
export function randomId(length = 12): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += (b % 36).toString(36);
  return out;
}

/** Text is stored with LF line endings only. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

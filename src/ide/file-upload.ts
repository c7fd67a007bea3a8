/**
 * Files from the computer into the project (the tree's "Upload files" button, or a drop from the
 * OS): text or binary by extension, read in full first, then written as one change, so a failed
 * read or a conflict writes nothing and an upload of thousands of files is one update.
 */
import { basename, joinPath } from '../shared/paths';
import { isBinaryPath } from './services/templates';

/** A file picked or dropped, with its path relative to the folder it goes into (`a.txt`, `dir/b.png`). */
export interface IncomingFile {
  path: string;
  file: Blob;
}

/** Bigger files are refused: they would have to live in memory and in every tab's copy of the project. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface UploadTarget {
  exists(path: string): boolean;
  isFolder(path: string): boolean;
  writeFiles(files: Record<string, string | Uint8Array>): Promise<void>;
}

export interface UploadResult {
  written: string[];
  /** Files not written, each with the reason in plain words. */
  skipped: { path: string; reason: string }[];
}

/** Text when the extension is not a binary one and the bytes are UTF-8 without NULs; bytes otherwise. */
export function decodeUpload(path: string, bytes: Uint8Array): string | Uint8Array {
  if (isBinaryPath(path)) return bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? bytes : text;
  } catch {
    return bytes;
  }
}

/**
 * Upload `files` into `folder` ('' is the root). Existing files are replaced only if
 * `confirmReplace` agrees; everything else that cannot be written is reported in `skipped`.
 */
export async function uploadFiles(
  target: UploadTarget,
  folder: string,
  files: readonly IncomingFile[],
  confirmReplace: (paths: string[]) => Promise<boolean>,
): Promise<UploadResult> {
  const skipped: UploadResult['skipped'] = [];
  const accepted = new Map<string, Blob>();
  for (const { path, file } of files) {
    let full: string;
    try {
      full = joinPath(folder, path);
    } catch (err) {
      skipped.push({ path, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (file.size > MAX_UPLOAD_BYTES) skipped.push({ path: full, reason: 'larger than 50 MB' });
    else if (target.isFolder(full)) skipped.push({ path: full, reason: 'a folder with that name exists' });
    else accepted.set(full, file);
  }
  const existing = [...accepted.keys()].filter((p) => target.exists(p));
  if (existing.length && !(await confirmReplace(existing))) {
    for (const p of existing) {
      accepted.delete(p);
      skipped.push({ path: p, reason: 'already exists' });
    }
  }
  const contents: Record<string, string | Uint8Array> = {};
  for (const [path, file] of accepted) {
    try {
      contents[path] = decodeUpload(path, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      skipped.push({ path, reason: `could not be read (${err instanceof Error ? err.message : String(err)})` });
    }
  }
  const written = Object.keys(contents);
  if (written.length) await target.writeFiles(contents);
  return { written, skipped };
}

/** One line for a notice: "Uploaded 3 files to src." plus what was skipped. */
export function describeUpload(folder: string, { written, skipped }: UploadResult): string {
  const where = folder ? ` to ${folder}` : '';
  const done =
    written.length === 1
      ? `Uploaded ${basename(written[0])}${where}.`
      : written.length
        ? `Uploaded ${written.length} files${where}.`
        : 'Nothing was uploaded.';
  if (!skipped.length) return done;
  const first = skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`);
  const more = skipped.length > 3 ? ` and ${skipped.length - 3} more` : '';
  return `${done} Skipped ${first.join(', ')}${more}.`;
}

/** The files of a drop from the OS, walking dropped folders (paths keep the folder name). */
export async function filesFromDrop(data: DataTransfer): Promise<IncomingFile[]> {
  const entries = [...data.items]
    .filter((i) => i.kind === 'file')
    .map((i) => i.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return [...data.files].map((file) => ({ path: file.name, file }));
  const out: IncomingFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
      out.push({ path, file });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call: read until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (!batch.length) break;
      for (const child of batch) await walk(child, path);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}

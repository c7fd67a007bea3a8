/**
 * A folder's files from the browser, three ways: a dropped folder (`webkitGetAsEntry`), the File
 * System Access API's directory picker, or an `<input webkitdirectory>`. The first two skip
 * `node_modules/` and `.git/` without walking into them; the input lists everything, so those are
 * filtered afterwards (by `importProjectFolder`).
 */
import type { IncomingFile } from './file-upload';
import { skipOnImport } from './project-transfer';

export interface PickedFolder {
  name: string;
  /** Paths relative to the folder. */
  files: IncomingFile[];
  skipped: { path: string; reason: string }[];
}

/** The folder as reported by whatever skipped it: `node_modules/`, `a/.git/`. */
function skipFolder(path: string): string | undefined {
  return skipOnImport(`${path}/x`);
}

// The File System Access API is not in TypeScript's DOM library yet; only what is used here.
interface DirectoryHandle {
  kind: 'directory';
  name: string;
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
}
interface FileHandle {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
}
type DirectoryPicker = (options?: { mode?: 'read' }) => Promise<DirectoryHandle>;

/** True where the browser has `showDirectoryPicker` (Chromium); elsewhere use the input. */
export function hasDirectoryPicker(): boolean {
  return typeof (window as unknown as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** Asks for a folder with `showDirectoryPicker`; undefined when the user cancels. */
export async function pickFolder(): Promise<PickedFolder | undefined> {
  const picker = (window as unknown as { showDirectoryPicker: DirectoryPicker }).showDirectoryPicker;
  let handle: DirectoryHandle;
  try {
    handle = await picker({ mode: 'read' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') return undefined;
    throw err;
  }
  const out: PickedFolder = { name: handle.name, files: [], skipped: [] };
  const walk = async (dir: DirectoryHandle, prefix: string) => {
    for await (const child of dir.values()) {
      const path = prefix + child.name;
      if (child.kind === 'file') out.files.push({ path, file: await child.getFile() });
      else {
        const reason = skipFolder(path);
        if (reason) out.skipped.push({ path: `${path}/`, reason });
        else await walk(child, `${path}/`);
      }
    }
  };
  await walk(handle, '');
  return out;
}

/** The files an `<input webkitdirectory>` gave, relative to the folder picked. */
export function folderFromInput(list: FileList): PickedFolder | undefined {
  const files = [...list];
  if (!files.length) return undefined;
  const name = files[0].webkitRelativePath.split('/')[0];
  return {
    name,
    files: files.map((file) => ({ path: file.webkitRelativePath.slice(name.length + 1), file })),
    skipped: [],
  };
}

/**
 * What was dropped: one folder, or one file (a .zip or .json to import). Must be called in the
 * drop event itself: the items are emptied once the handler returns.
 */
export function readDrop(transfer: DataTransfer): { folder: Promise<PickedFolder> } | { file: File } | undefined {
  const items = [...transfer.items].filter((i) => i.kind === 'file');
  if (items.length !== 1) return undefined;
  const entry = items[0].webkitGetAsEntry();
  if (entry?.isDirectory) return { folder: walkEntry(entry as FileSystemDirectoryEntry) };
  const file = items[0].getAsFile();
  return file ? { file } : undefined;
}

async function walkEntry(root: FileSystemDirectoryEntry): Promise<PickedFolder> {
  const out: PickedFolder = { name: root.name, files: [], skipped: [] };
  const walk = async (dir: FileSystemDirectoryEntry, prefix: string) => {
    for (const child of await readAllEntries(dir)) {
      const path = prefix + child.name;
      if (child.isFile) {
        const file = await new Promise<File>((resolve, reject) => (child as FileSystemFileEntry).file(resolve, reject));
        out.files.push({ path, file });
      } else if (child.isDirectory) {
        const reason = skipFolder(path);
        if (reason) out.skipped.push({ path: `${path}/`, reason });
        else await walk(child as FileSystemDirectoryEntry, `${path}/`);
      }
    }
  };
  await walk(root, '');
  return out;
}

/** `readEntries` returns a folder's entries in batches (100 in Chromium) until it returns none. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

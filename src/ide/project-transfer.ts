/**
 * Project export and import: a .zip (see src/fs/zip.ts), a FileSystemTree JSON (see
 * src/fs/file-system-tree-json.ts for the encoding), or a folder's files. Import always creates a
 * new project; nothing is stored when the input is bad.
 */
import { fromFileSystemTree, toFileSystemTree } from '../fs/file-system-tree';
import { fileSystemTreeFromJson, fileSystemTreeToJson } from '../fs/file-system-tree-json';
import type { ProjectFiles, ProjectMeta } from '../fs/types';
import type { ProjectStore } from '../fs/projects';
import { DEFAULT_ZIP_LIMITS, unzipFiles, zipProject, ZipError } from '../fs/zip';
import { normalizePath } from '../shared/paths';
import { decodeUpload, type IncomingFile } from './file-upload';

/** Larger files are refused before reading them: the whole file must fit in memory. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
/** Limits for a folder import, the same as for a zip's contents. */
export const MAX_FOLDER_FILE_BYTES = DEFAULT_ZIP_LIMITS.maxFileBytes;
export const MAX_FOLDER_FILES = DEFAULT_ZIP_LIMITS.maxEntries;

export class ProjectImportError extends Error {}

/** The project's files as export JSON, and a file name for it. */
export async function exportProjectJson(
  files: ProjectFiles,
  title: string,
): Promise<{ fileName: string; json: string }> {
  return { fileName: `${fileNameFor(title)}.json`, json: fileSystemTreeToJson(await toFileSystemTree(files)) };
}

/** The project's files as a .zip, and a file name for it. */
export async function exportProjectZip(
  files: ProjectFiles,
  title: string,
  now: Date | number,
): Promise<{ fileName: string; bytes: Uint8Array }> {
  return { fileName: `${fileNameFor(title)}.zip`, bytes: await zipProject(files, now) };
}

/** Makes the browser download `text` (or bytes) as a file. */
export function downloadText(fileName: string, text: string | Uint8Array, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob by now; give it a moment before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * What an import leaves out, whatever its form: installed packages and version-control history
 * (the project's package.json says what to install; the history has no place in a project).
 */
export function skipOnImport(path: string): string | undefined {
  const parts = path.split('/');
  if (parts.includes('node_modules')) return 'node_modules/ is skipped (dependencies are installed from package.json)';
  if (parts.includes('.git')) return '.git/ is skipped';
  return undefined;
}

export interface ImportResult {
  meta: ProjectMeta;
  /** Files left out, with why. */
  skipped: { path: string; reason: string }[];
}

type ImportFile = Pick<File, 'name' | 'size' | 'text' | 'arrayBuffer'>;

/** A new project from a .zip or a FileSystemTree JSON (as exported); its title is the file's name. */
export async function importProjectFile(store: Pick<ProjectStore, 'create'>, file: ImportFile): Promise<ImportResult> {
  if (file.size > MAX_IMPORT_BYTES)
    throw new ProjectImportError(`"${file.name}" is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Zip files start with a local header ("PK\3\4"), or an end record when empty ("PK\5\6").
  const isZip = /\.zip$/i.test(file.name) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] < 8);
  const { files, skipped } = isZip ? readZip(file.name, bytes) : readJson(file.name, bytes);
  if (!Object.keys(files).length) throw new ProjectImportError(`"${file.name}" has no files in it.`);
  return { meta: await store.create({ title: titleFromFileName(file.name), files }), skipped };
}

function readZip(name: string, bytes: Uint8Array) {
  try {
    const result = unzipFiles(bytes, { skip: skipOnImport });
    const files: Record<string, string | Uint8Array> = {};
    for (const [path, data] of Object.entries(result.files)) files[path] = decodeUpload(path, data);
    return { files, skipped: result.skipped };
  } catch (err) {
    if (err instanceof ZipError) throw new ProjectImportError(`"${name}": ${err.message}`);
    throw err;
  }
}

function readJson(name: string, bytes: Uint8Array) {
  try {
    const text = new TextDecoder().decode(bytes);
    return { files: fromFileSystemTree(fileSystemTreeFromJson(text)), skipped: [] };
  } catch (err) {
    throw new ProjectImportError(
      `"${name}" is not a Cove project export: ${(err as Error).message.replace(/\.$/, '')}.`,
    );
  }
}

/**
 * A new project from a folder's files (paths relative to the folder), titled with the folder's
 * name. `node_modules/` and `.git/` are left out (the folder walkers skip them before reading).
 */
export async function importProjectFolder(
  store: Pick<ProjectStore, 'create'>,
  folder: { name: string; files: readonly IncomingFile[]; skipped?: { path: string; reason: string }[] },
): Promise<ImportResult> {
  const skipped = [...(folder.skipped ?? [])];
  const accepted: IncomingFile[] = [];
  let total = 0;
  for (const entry of folder.files) {
    const reason = skipOnImport(entry.path) ?? (/(^|\/)\.DS_Store$/.test(entry.path) ? 'macOS metadata' : undefined);
    if (reason) {
      skipped.push({ path: entry.path, reason });
      continue;
    }
    if (entry.file.size > MAX_FOLDER_FILE_BYTES)
      throw new ProjectImportError(`"${entry.path}" is larger than ${MAX_FOLDER_FILE_BYTES / 1024 / 1024} MB.`);
    total += entry.file.size;
    accepted.push(entry);
  }
  if (accepted.length > MAX_FOLDER_FILES)
    throw new ProjectImportError(
      `"${folder.name}" has ${accepted.length} files; at most ${MAX_FOLDER_FILES} can be imported.`,
    );
  if (total > MAX_IMPORT_BYTES)
    throw new ProjectImportError(`"${folder.name}" holds more than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  if (!accepted.length) throw new ProjectImportError(`"${folder.name}" has no files to import.`);
  const files: Record<string, string | Uint8Array> = {};
  for (const { path, file } of accepted) {
    let clean: string;
    try {
      clean = normalizePath(path);
    } catch (err) {
      throw new ProjectImportError(`"${path}": ${(err as Error).message}`);
    }
    files[clean] = decodeUpload(clean, new Uint8Array(await file.arrayBuffer()));
  }
  return { meta: await store.create({ title: folder.name.trim() || 'Imported project', files }), skipped };
}

/** One line about what an import left out, or undefined when it left nothing out. */
export function describeSkipped(skipped: readonly { path: string; reason: string }[]): string | undefined {
  if (!skipped.length) return undefined;
  return `Not imported: ${[...new Set(skipped.map((s) => s.reason))].join('; ')}.`;
}

/** A title as a file name: characters no file system allows become "-". */
export function fileNameFor(title: string): string {
  // eslint-disable-next-line no-control-regex
  const name = title.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  return name || 'project';
}

export function titleFromFileName(name: string): string {
  return name.replace(/\.(json|zip)$/i, '').trim() || 'Imported project';
}

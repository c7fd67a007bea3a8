/**
 * Project export and import as FileSystemTree JSON (see src/fs/file-system-tree-json.ts for the
 * encoding). Import always creates a new project; nothing is stored when the file is bad.
 */
import { fromFileSystemTree, toFileSystemTree } from '../fs/file-system-tree';
import { fileSystemTreeFromJson, fileSystemTreeToJson } from '../fs/file-system-tree-json';
import type { ProjectFiles, ProjectMeta } from '../fs/types';
import type { ProjectStore } from '../fs/projects';

/** Larger files are refused before reading them: the whole JSON must fit in memory as text. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export class ProjectImportError extends Error {}

/** The project's files as export JSON, and a file name for it. */
export async function exportProjectJson(
  files: ProjectFiles,
  title: string,
): Promise<{ fileName: string; json: string }> {
  return { fileName: `${fileNameFor(title)}.json`, json: fileSystemTreeToJson(await toFileSystemTree(files)) };
}

/** Makes the browser download `text` as a file. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
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

/** A new project from an export file (or any FileSystemTree JSON); its title is the file's name. */
export async function importProjectFile(
  store: Pick<ProjectStore, 'create'>,
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<ProjectMeta> {
  if (file.size > MAX_IMPORT_BYTES)
    throw new ProjectImportError(`"${file.name}" is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  let files: Record<string, string | Uint8Array>;
  try {
    files = fromFileSystemTree(fileSystemTreeFromJson(await file.text()));
  } catch (err) {
    throw new ProjectImportError(
      `"${file.name}" is not a Cove project export: ${(err as Error).message.replace(/\.$/, '')}.`,
    );
  }
  if (!Object.keys(files).length) throw new ProjectImportError(`"${file.name}" has no files in it.`);
  return store.create({ title: titleFromFileName(file.name), files });
}

/** A title as a file name: characters no file system allows become "-". */
export function fileNameFor(title: string): string {
  // eslint-disable-next-line no-control-regex
  const name = title.replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-').replace(/^[\s.]+|[\s.]+$/g, '');
  return name || 'project';
}

export function titleFromFileName(name: string): string {
  return name.replace(/\.json$/i, '').trim() || 'Imported project';
}

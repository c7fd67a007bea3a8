/**
 * Import and export in the `@webcontainer/api` FileSystemTree shape (nested
 * `{ name: { directory } | { file: { contents } } }`), the de-facto format for handing a
 * project to other tools.
 */
import type { DirectoryNode, FileNode, FileSystemTree } from '@webcontainer/api';
import { normalizePath } from '../shared/paths';
import type { ProjectFiles } from './types';

export class FileSystemTreeError extends Error {}

/** The project as a FileSystemTree: text as strings, binary files as Uint8Array, empty folders as `{ directory: {} }`. */
export async function toFileSystemTree(files: ProjectFiles): Promise<FileSystemTree> {
  const root: FileSystemTree = {};
  const folder = (path: string): FileSystemTree => {
    let node = root;
    for (const name of path ? path.split('/') : []) {
      const child = (node[name] ??= { directory: {} });
      if (!('directory' in child)) throw new FileSystemTreeError(`"${path}" is both a file and a folder`);
      node = child.directory;
    }
    return node;
  };
  for (const path of files.folders()) folder(path);
  for (const info of files.list()) {
    const slash = info.path.lastIndexOf('/');
    const parent = folder(slash < 0 ? '' : info.path.slice(0, slash));
    const contents = info.kind === 'text' ? files.readText(info.path) : await files.readBinary(info.path);
    if (contents === undefined)
      throw new FileSystemTreeError(`Could not read "${info.path}" (binary content missing from storage?)`);
    parent[info.path.slice(slash + 1)] = { file: { contents } };
  }
  return root;
}

/**
 * Flatten a FileSystemTree to `path -> contents`. Throws a FileSystemTreeError naming the
 * offending path for anything that is not a plain file or folder (symlinks are not supported).
 * Empty folders have no entry in the result.
 */
export function fromFileSystemTree(tree: unknown): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = {};
  const walk = (node: unknown, prefix: string) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      throw new FileSystemTreeError(
        `${prefix ? `"${prefix}"` : 'The tree'}: a folder must be an object of named entries`,
      );
    }
    for (const [name, child] of Object.entries(node)) {
      const where = prefix ? `${prefix}/${name}` : name;
      if (!name || name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
        throw new FileSystemTreeError(`"${where}": invalid file name`);
      }
      let path: string;
      try {
        path = normalizePath(where);
      } catch (err) {
        throw new FileSystemTreeError(`"${where}": ${(err as Error).message}`);
      }
      if (typeof child !== 'object' || child === null)
        throw new FileSystemTreeError(`"${path}": expected { file } or { directory }`);
      const hasFile = 'file' in child;
      const hasDirectory = 'directory' in child;
      if (hasFile === hasDirectory)
        throw new FileSystemTreeError(`"${path}": expected exactly one of { file } or { directory }`);
      if (hasDirectory) {
        walk((child as DirectoryNode).directory, path);
        continue;
      }
      const file = (child as { file: unknown }).file;
      if (typeof file !== 'object' || file === null)
        throw new FileSystemTreeError(`"${path}": "file" must be an object`);
      if ('symlink' in file) throw new FileSystemTreeError(`"${path}": symlinks are not supported`);
      const contents = (file as Partial<FileNode['file']>).contents;
      if (typeof contents === 'string' || contents instanceof Uint8Array) out[path] = contents;
      else throw new FileSystemTreeError(`"${path}": contents must be a string or a Uint8Array`);
    }
  };
  walk(tree, '');
  return out;
}

/**
 * A FileSystemTree as a JSON file (project export and import).
 *
 * JSON has no bytes, and a FileSystemTree's `contents` is a string (written as UTF-8 text) or a
 * Uint8Array. So the exported JSON is a valid FileSystemTree with every `contents` a string:
 * - a text file is `{ "file": { "contents": "<the text>" } }`, exactly as in any FileSystemTree;
 * - a binary file is `{ "file": { "contents": "<base64 of the bytes>", "encoding": "base64" } }`.
 *   The extra `encoding` field (the name Node's fs uses) keeps binary files lossless, whatever
 *   their bytes, and the file kind stable (a binary file never comes back as text).
 * Import accepts that, plus any plain FileSystemTree JSON with string contents (all text).
 */
import type { FileSystemTree } from '@webcontainer/api';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { FileSystemTreeError } from './file-system-tree';

/** The JSON text of a tree whose binary contents are Uint8Arrays (as `toFileSystemTree` makes it). */
export function fileSystemTreeToJson(tree: FileSystemTree): string {
  return JSON.stringify(encodeFolder(tree), null, 2) + '\n';
}

/**
 * Parses exported JSON back to a FileSystemTree with binary contents as Uint8Arrays. Throws a
 * FileSystemTreeError with a plain-words message for text that is not JSON or not a tree of
 * this shape; the caller then runs `fromFileSystemTree` for path checks.
 */
export function fileSystemTreeFromJson(text: string): FileSystemTree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new FileSystemTreeError(`The file is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(parsed)) throw new FileSystemTreeError('The file is not a FileSystemTree: expected a JSON object');
  return decodeFolder(parsed, '');
}

type JsonTree = Record<string, { directory: JsonTree } | { file: { contents: string; encoding?: 'base64' } }>;

function encodeFolder(tree: FileSystemTree): JsonTree {
  const out: JsonTree = {};
  for (const [name, node] of Object.entries(tree)) {
    if ('directory' in node) out[name] = { directory: encodeFolder(node.directory) };
    else if ('file' in node && 'contents' in node.file) {
      const contents = node.file.contents;
      out[name] = {
        file: typeof contents === 'string' ? { contents } : { contents: toBase64(contents), encoding: 'base64' },
      };
    } else throw new FileSystemTreeError(`"${name}": symlinks are not supported`);
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeFolder(json: Record<string, unknown>, prefix: string): FileSystemTree {
  const out: FileSystemTree = {};
  for (const [name, node] of Object.entries(json)) {
    const where = prefix ? `${prefix}/${name}` : name;
    if (!isObject(node)) throw new FileSystemTreeError(`"${where}": expected { file } or { directory }`);
    if ('directory' in node && !('file' in node)) {
      if (!isObject(node.directory)) throw new FileSystemTreeError(`"${where}": a folder must be an object`);
      out[name] = { directory: decodeFolder(node.directory, where) };
      continue;
    }
    const file = node.file;
    // Anything else (both keys, neither, a symlink) is left for fromFileSystemTree to name.
    if (!isObject(file) || 'directory' in node || !('contents' in file)) {
      out[name] = node as unknown as FileSystemTree[string];
      continue;
    }
    const { contents, encoding } = file;
    if (typeof contents !== 'string') throw new FileSystemTreeError(`"${where}": contents must be a string`);
    if (encoding === undefined) out[name] = { file: { contents } };
    else if (encoding === 'base64') {
      if (contents.length % 4 !== 0 || !BASE64.test(contents))
        throw new FileSystemTreeError(`"${where}": contents are not valid base64`);
      out[name] = { file: { contents: fromBase64(contents) } };
    } else throw new FileSystemTreeError(`"${where}": unknown encoding ${JSON.stringify(encoding)}`);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Projects as .zip files. Writing uses fflate's `zipSync`. Reading walks the central directory
 * here (fflate's `unzipSync` trusts the sizes an archive declares and its streaming `Unzip`
 * guesses where entries end) and inflates each entry with fflate's streaming `Inflate`, counting
 * the bytes as they come out, so a zip bomb is stopped at the cap whatever its headers claim.
 * Entry names are checked before anything is inflated: a name that leaves the folder (zip slip)
 * refuses the whole archive.
 */
import { Inflate, zipSync, type Zippable } from 'fflate';
import { normalizePath } from '../shared/paths';
import type { ProjectFiles } from './types';

export class ZipError extends Error {}

export interface ZipLimits {
  /** All files together, uncompressed. */
  maxTotalBytes: number;
  maxFileBytes: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxFileBytes: 50 * 1024 * 1024,
  maxEntries: 20_000,
};

/** Already-compressed formats are stored as they are: deflating them again only costs time. */
const STORED = /\.(png|jpe?g|gif|webp|avif|ico|woff2?|zip|gz|tgz|br|mp3|mp4|webm|ogg|wasm)$/i;

/**
 * A zip of `files` (paths as keys, `/`-separated; text is written as UTF-8), every entry dated
 * `mtime`. `folders` adds entries for folders that would otherwise be lost (empty ones).
 */
export function zipFiles(
  files: Record<string, string | Uint8Array>,
  options: { mtime: Date | number; folders?: readonly string[] },
): Uint8Array {
  // The DOS date in a zip cannot say anything before 1980.
  const mtime = Math.max(+options.mtime, Date.UTC(1980, 0, 2));
  const entries: Zippable = {};
  const encoder = new TextEncoder();
  for (const folder of options.folders ?? []) entries[`${folder}/`] = [new Uint8Array(0), { mtime }];
  for (const [path, contents] of Object.entries(files)) {
    const data = typeof contents === 'string' ? encoder.encode(contents) : contents;
    entries[path] = [data, { mtime, level: STORED.test(path) ? 0 : 6 }];
  }
  return zipSync(entries);
}

/** The project's files as a zip; empty folders are kept as folder entries. */
export async function zipProject(files: ProjectFiles, mtime: Date | number): Promise<Uint8Array> {
  const contents: Record<string, string | Uint8Array> = {};
  for (const info of files.list()) {
    const data = info.kind === 'text' ? files.readText(info.path) : await files.readBinary(info.path);
    if (data === undefined) throw new ZipError(`Could not read "${info.path}" (binary content missing from storage?)`);
    contents[info.path] = data;
  }
  const folders = files.folders();
  const empty = folders.filter((f) => !folders.some((o) => o.startsWith(`${f}/`)) && !hasFileIn(contents, f));
  return zipFiles(contents, { mtime, folders: empty });
}

function hasFileIn(files: Record<string, unknown>, folder: string): boolean {
  return Object.keys(files).some((p) => p.startsWith(`${folder}/`));
}

export interface UnzipResult {
  /** Project path -> bytes. */
  files: Record<string, Uint8Array>;
  /** The one top-level folder every entry was in, removed from the paths (as "Download ZIP" adds one). */
  strippedFolder?: string;
  /** Entries left out, with why: `__MACOSX/`, `.DS_Store`, symlinks, and whatever `skip` names. */
  skipped: { path: string; reason: string }[];
}

/**
 * The files in a zip. Throws a ZipError (and returns nothing) for an archive that is not a zip,
 * is damaged, encrypted, has a name leaving the folder, or inflates past the limits.
 * `skip` sees the final paths (after the top-level folder is stripped) and returns a reason to leave one out.
 */
export function unzipFiles(
  bytes: Uint8Array,
  options: { limits?: ZipLimits; skip?: (path: string) => string | undefined } = {},
): UnzipResult {
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  const skipped: UnzipResult['skipped'] = [];
  const kept: { path: string; entry: CentralEntry }[] = [];
  for (const entry of readCentralDirectory(bytes, limits)) {
    const name = entry.name.replace(/\\/g, '/');
    checkName(name);
    if (name.endsWith('/')) continue; // a folder; its files make it again
    const parts = name.split('/').filter((s) => s && s !== '.');
    if (parts[0] === '__MACOSX' || parts[parts.length - 1] === '.DS_Store') {
      skipped.push({ path: name, reason: 'macOS metadata' });
      continue;
    }
    if (entry.symlink) {
      skipped.push({ path: name, reason: 'symbolic links are not supported' });
      continue;
    }
    if (entry.flags & 1) throw new ZipError(`"${name}" is encrypted; encrypted zips are not supported.`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError(`"${name}" uses compression method ${entry.method}; only stored and deflate are supported.`);
    let path: string;
    try {
      path = normalizePath(name);
    } catch (err) {
      throw new ZipError(`"${name}": ${(err as Error).message}`);
    }
    kept.push({ path, entry });
  }

  const top = kept[0]?.path.split('/')[0];
  const strip = kept.length > 0 && kept.every(({ path }) => path.startsWith(`${top}/`));
  const files: Record<string, Uint8Array> = {};
  let total = 0;
  for (const { path: full, entry } of kept) {
    const path = strip ? full.slice(top.length + 1) : full;
    const reason = options.skip?.(path);
    if (reason) {
      skipped.push({ path, reason });
      continue;
    }
    if (Object.hasOwn(files, path)) throw new ZipError(`"${path}" is in the zip twice.`);
    const data = inflateEntry(bytes, entry, path, limits, limits.maxTotalBytes - total);
    total += data.length;
    files[path] = data;
  }
  return { files, strippedFolder: strip ? top : undefined, skipped };
}

/** Zip slip: absolute names and `..` segments would write outside the folder being extracted to. */
function checkName(name: string): void {
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..'))
    throw new ZipError(`The zip is refused: the entry "${name}" points outside the project folder.`);
}

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  symlink: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const need = (at: number, length: number) => {
    if (at < 0 || at + length > bytes.length) throw new ZipError('The zip is damaged or truncated.');
  };

  // The end record is the last 22 bytes, unless an archive comment (up to 64 KiB) follows it.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('This is not a zip file (no zip directory found at its end).');
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw new ZipError('Multi-part (spanned) zips are not supported.');
  if (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const at = u64(eocd - 12);
    need(at, 56);
    if (u32(at) !== ZIP64_EOCD) throw new ZipError('The zip is damaged (bad zip64 record).');
    count = u64(at + 32);
    offset = u64(at + 48);
  }
  if (count > limits.maxEntries)
    throw new ZipError(`The zip has ${count} entries; at most ${limits.maxEntries} are allowed.`);

  const entries: CentralEntry[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0, at = offset; i < count; i++) {
    need(at, 46);
    if (u32(at) !== CENTRAL) throw new ZipError('The zip is damaged (bad directory entry).');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    need(at + 46, nameLength + extraLength);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localOffset = u32(at + 42);
    // Zip64: the real values of the fields set to 0xffffffff follow in extra field 1, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; e += 4 + u16(e + 2)) {
      if (u16(e) !== 1) continue;
      const field = [e + 4, e + 12, e + 20];
      if (size === 0xffffffff) size = u64(field.shift()!);
      if (compressedSize === 0xffffffff) compressedSize = u64(field.shift()!);
      if (localOffset === 0xffffffff) localOffset = u64(field.shift()!);
    }
    const unixMode = u32(at + 38) >>> 16;
    entries.push({
      // Names are UTF-8 when flag 11 says so, and in practice often without it (macOS); else Latin-1.
      name: decodeName(nameBytes, utf8),
      flags,
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize,
      size,
      localOffset,
      symlink: u16(at + 4) >> 8 === 3 && (unixMode & 0o170000) === 0o120000,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;

  function decodeName(name: Uint8Array, decoder: TextDecoder): string {
    try {
      return decoder.decode(name);
    } catch {
      return String.fromCharCode(...name);
    }
  }
}

function inflateEntry(
  bytes: Uint8Array,
  entry: CentralEntry,
  path: string,
  limits: ZipLimits,
  left: number,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL)
    throw new ZipError(`The zip is damaged (no local header for "${path}").`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError(`The zip is damaged or truncated ("${path}" runs past its end).`);
  const compressed = bytes.subarray(start, end);

  const cap = Math.min(limits.maxFileBytes, left);
  const tooBig = () =>
    cap === limits.maxFileBytes
      ? new ZipError(`"${path}" is larger than ${mb(limits.maxFileBytes)} uncompressed.`)
      : new ZipError(`The zip holds more than ${mb(limits.maxTotalBytes)} uncompressed.`);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (compressed.length > cap) throw tooBig();
    data = new Uint8Array(compressed); // a copy, and a plain Uint8Array even when given a Buffer
  } else {
    const chunks: Uint8Array[] = [];
    let length = 0;
    let done = false;
    const inflate = new Inflate((chunk, final) => {
      length += chunk.length;
      if (length > cap) throw tooBig();
      chunks.push(chunk);
      done ||= final;
    });
    // Small input steps bound what one step can expand to (deflate's ratio is at most ~1:1032).
    const step = 16 * 1024;
    try {
      for (let i = 0; i < compressed.length; i += step)
        inflate.push(compressed.subarray(i, i + step), i + step >= compressed.length);
      if (!compressed.length) inflate.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof ZipError) throw err;
      throw new ZipError(`The zip is damaged ("${path}" does not inflate: ${(err as Error).message}).`);
    }
    if (!done) throw new ZipError(`The zip is damaged ("${path}" is cut short).`);
    data = new Uint8Array(length);
    let o = 0;
    for (const chunk of chunks) data.set(chunk, (o += chunk.length) - chunk.length);
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc)
    throw new ZipError(`The zip is damaged ("${path}" does not match its checksum).`);
  return data;
}

function mb(bytes: number): string {
  return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
}

let crcTable: Uint32Array | undefined;

function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

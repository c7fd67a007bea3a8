/**
 * Unpacks an npm tarball (gzip'd tar) into files keyed by their path inside the package. Like
 * npm, the first path segment (`package/`, sometimes another name) is dropped, only regular files
 * are kept, and entries with `..` segments are skipped so no path escapes the package folder.
 */
import { unpackTar } from 'modern-tar';
import { NpmError } from '../shared/npm';

/** Throws NpmError `corrupt-tarball` (message without the package: the caller adds it). */
export async function unpackTarball(gz: Uint8Array): Promise<Map<string, Uint8Array>> {
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new NpmError('corrupt-tarball', 'it is not gzip data');
  }
  let tar: Uint8Array;
  try {
    const stream = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    tar = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new NpmError('corrupt-tarball', `its gzip data is damaged (${errorMessage(error)})`);
  }
  let entries;
  try {
    // Lenient like node-tar: a missing end-of-archive marker is fine; truncated files are checked below.
    entries = await unpackTar(tar);
  } catch (error) {
    throw new NpmError('corrupt-tarball', `its tar data is damaged (${errorMessage(error)})`);
  }
  const files = new Map<string, Uint8Array>();
  for (const { header, data } of entries) {
    if ((header.type ?? 'file') !== 'file' || !data) continue;
    const path = packagePath(header.name);
    if (path === undefined) continue;
    if (data.length !== header.size) {
      throw new NpmError('corrupt-tarball', `it is truncated (${header.name} is incomplete)`);
    }
    files.set(path, data);
  }
  return files;
}

/**
 * The path of a tar entry inside the package: segments normalised, the first one dropped;
 * undefined for the top folder itself and for anything with a `..` segment.
 */
export function packagePath(entryName: string): string | undefined {
  const segments = entryName.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return undefined;
  return segments.length > 1 ? segments.slice(1).join('/') : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

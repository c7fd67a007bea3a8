/**
 * Snapshot share links: the whole project in the URL fragment, so sharing needs no server.
 *
 * The format is a fixed contract (documented in the README; `v: 1` links must open forever):
 * `<app URL>#share=<payload>`, where `<payload>` is base64url without padding (RFC 4648 §5) of
 * the gzip (RFC 1952) of the UTF-8 JSON
 * `{"v": 1, "files": {"<path>": "<text>" | {"base64": "<standard base64>"}}, "open"?: "<path>", "title"?: "<string>"}`.
 *
 * Decoding is strict: anything malformed, truncated or of another version throws a
 * ShareLinkError saying what is wrong, so the caller creates nothing.
 */
import { fromBase64, toBase64 } from 'lib0/buffer';
import { normalizePath, parentFolders } from '../shared/paths';

export const SHARE_FRAGMENT_KEY = 'share';
export const SHARE_FORMAT_VERSION = 1;
/** Decompressed JSON larger than this is refused while streaming (a small link can inflate enormously). */
export const MAX_SHARE_JSON_BYTES = 50 * 1024 * 1024;
/** Titles longer than this are cut (the project list and the header show them). */
const MAX_TITLE_LENGTH = 200;

export class ShareLinkError extends Error {}

export interface SharedProject {
  files: Record<string, string | Uint8Array>;
  /** The file shown first. */
  open?: string;
  title?: string;
}

type JsonFile = string | { base64: string };
interface ShareJson {
  v: 1;
  files: Record<string, JsonFile>;
  open?: string;
  title?: string;
}

/** `appUrl` (any fragment dropped) + `#share=<payload>` for these files. */
export async function encodeShareLink(appUrl: string, project: SharedProject): Promise<string> {
  const url = new URL(appUrl);
  url.hash = '';
  return `${url.href}#${SHARE_FRAGMENT_KEY}=${await encodeSharePayload(project)}`;
}

export async function encodeSharePayload(project: SharedProject): Promise<string> {
  const files: Record<string, JsonFile> = {};
  for (const [path, contents] of Object.entries(project.files))
    files[checkPath(path)] = typeof contents === 'string' ? contents : { base64: toBase64(contents) };
  const json: ShareJson = { v: SHARE_FORMAT_VERSION, files };
  if (project.open !== undefined) json.open = project.open;
  if (project.title !== undefined) json.title = project.title;
  const gzipped = await pipeBytes(new TextEncoder().encode(JSON.stringify(json)), new CompressionStream('gzip'));
  return toBase64(gzipped).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The payload of a `#share=…` fragment (`location.hash`), or undefined if the fragment is something else. */
export function sharePayloadOfHash(hash: string): string | undefined {
  const prefix = `#${SHARE_FRAGMENT_KEY}=`;
  return hash.startsWith(prefix) ? hash.slice(prefix.length) : undefined;
}

/** The project in a share link's payload. Throws a ShareLinkError for anything that is not a valid v1 link. */
export async function decodeSharePayload(payload: string): Promise<SharedProject> {
  const gzipped = decodeBase64Url(payload);
  if (gzipped.length < 18 || gzipped[0] !== 0x1f || gzipped[1] !== 0x8b)
    throw new ShareLinkError('The share link is damaged: its data is not gzip-compressed.');
  const bytes = await gunzipLimited(gzipped);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareLinkError('The share link is damaged: its content is not UTF-8 text.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ShareLinkError(`The share link is damaged: its content is not valid JSON (${(err as Error).message}).`);
  }
  return parseShareJson(json);
}

function parseShareJson(json: unknown): SharedProject {
  if (!isObject(json)) throw new ShareLinkError('The share link is damaged: its content is not a JSON object.');
  if (json.v !== SHARE_FORMAT_VERSION) {
    if (typeof json.v === 'number')
      throw new ShareLinkError(
        `This share link uses format version ${json.v}, which this version of Cove cannot open (it opens version ${SHARE_FORMAT_VERSION}).`,
      );
    throw new ShareLinkError('The share link is damaged: it has no format version ("v").');
  }
  if (!isObject(json.files)) throw new ShareLinkError('The share link is damaged: "files" must be an object.');
  const files: Record<string, string | Uint8Array> = {};
  for (const [path, contents] of Object.entries(json.files)) files[checkPath(path)] = decodeContents(path, contents);
  const paths = Object.keys(files);
  if (!paths.length) throw new ShareLinkError('The share link has no files in it.');
  const all = new Set(paths);
  for (const path of paths)
    for (const parent of parentFolders(path))
      if (all.has(parent))
        throw new ShareLinkError(`The share link is damaged: "${parent}" is both a file and a folder.`);
  const project: SharedProject = { files };
  if (json.open !== undefined) {
    if (typeof json.open !== 'string' || !all.has(json.open))
      throw new ShareLinkError(`The share link is damaged: "open" names no file of the project.`);
    project.open = json.open;
  }
  if (json.title !== undefined) {
    if (typeof json.title !== 'string')
      throw new ShareLinkError('The share link is damaged: "title" must be a string.');
    const title = json.title.trim().slice(0, MAX_TITLE_LENGTH);
    if (title) project.title = title;
  }
  return project;
}

/** Paths must already be in the project's normal form (`src/a.ts`): no `/` at the start, no `.`, `..` or `//`. */
function checkPath(path: string): string {
  let normal: string;
  try {
    normal = normalizePath(path);
  } catch (err) {
    throw new ShareLinkError(`The share link has a bad file path ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
  if (normal !== path)
    throw new ShareLinkError(
      `The share link has a bad file path ${JSON.stringify(path)}: paths are relative to the project, "/"-separated, without "." or "..".`,
    );
  return path;
}

const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeContents(path: string, contents: unknown): string | Uint8Array {
  if (typeof contents === 'string') return contents;
  if (isObject(contents) && Object.keys(contents).length === 1 && typeof contents.base64 === 'string') {
    const b64 = contents.base64;
    if (b64.length % 4 === 0 && STANDARD_BASE64.test(b64)) return fromBase64(b64);
    throw new ShareLinkError(`The share link is damaged: "${path}" is not valid base64.`);
  }
  throw new ShareLinkError(`The share link is damaged: "${path}" must be a text or {"base64": "…"}.`);
}

function decodeBase64Url(payload: string): Uint8Array {
  // A length of 4n+1 cannot come from any byte string.
  if (!payload || !/^[A-Za-z0-9_-]*$/.test(payload) || payload.length % 4 === 1)
    throw new ShareLinkError('The share link is damaged: its data is not base64url text.');
  return fromBase64(payload.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (payload.length % 4)) % 4));
}

/** Gunzips in a stream, counting: stops as soon as the output passes MAX_SHARE_JSON_BYTES. */
async function gunzipLimited(gzipped: Uint8Array): Promise<Uint8Array> {
  const reader = new Blob([gzipped as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_SHARE_JSON_BYTES) {
        void reader.cancel().catch(() => undefined);
        throw new ShareLinkError(
          `The share link's project is larger than ${MAX_SHARE_JSON_BYTES / 1024 / 1024} MB once unpacked: it is not opened.`,
        );
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ShareLinkError) throw err;
    throw new ShareLinkError(
      'The share link is incomplete or damaged: its compressed data is cut off or corrupt. Was the whole link copied?',
    );
  }
  return concat(chunks, total);
}

async function pipeBytes(bytes: Uint8Array, transform: GenericTransformStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

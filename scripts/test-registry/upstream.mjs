// @ts-check
// Talking to the real registry the test registry mirrors. Its URL comes from
// npm's own configuration at run time, so no host name is ever written in the
// repository and a machine's mirror or proxy registry is honoured.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What npm itself sends for installs; the registry may still answer with the full form. */
export const ABBREVIATED_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

/** @type {Promise<string> | undefined} */
let registryUrl;

/**
 * `npm config get registry`, with a trailing slash. Asked once per process.
 * @returns {Promise<string>}
 */
export function upstreamRegistry() {
  registryUrl ??= run(NPM, ['config', 'get', 'registry'], { encoding: 'utf8' }).then(({ stdout }) => {
    const url = new URL(stdout.trim());
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  });
  return registryUrl;
}

/**
 * The packument path segment as registries expect it: `@scope%2fname`.
 * @param {string} name
 */
export function escapeName(name) {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/**
 * GET with a timeout and a couple of retries on network errors and 5xx, as
 * npm does; a test run should not fail on one dropped connection.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<Response>}
 */
async function getWithRetry(url, headers) {
  /** @type {unknown} */
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 250 * attempt));
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
      if (res.status < 500) return res;
      lastError = new Error(`${url} answered ${res.status}`);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}

/**
 * The upstream packument's body, or undefined when upstream says 404.
 * @param {string} registry the upstream registry URL, ending with `/`
 * @param {string} name
 * @returns {Promise<Buffer | undefined>}
 */
export async function fetchUpstreamPackument(registry, name) {
  const url = registry + escapeName(name);
  const res = await getWithRetry(url, { accept: ABBREVIATED_ACCEPT });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`upstream packument ${name}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * A tarball's bytes straight from the URL in the upstream packument.
 * @param {string} url
 * @returns {Promise<Buffer>}
 */
export async function fetchUpstreamTarball(url) {
  const res = await getWithRetry(url, { accept: 'application/octet-stream' });
  if (!res.ok) throw new Error(`upstream tarball ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/**
 * @typedef {{ id: string, name: string, version: string, filename: string, integrity: string }} PackResult
 */

/**
 * `npm pack <spec...> --pack-destination <dir> --json` in one npm process:
 * npm fetches through its own cache and configuration (auth, proxies, CA).
 * @param {string[]} specs exact `name@version` specs
 * @param {string} destination
 * @returns {Promise<PackResult[]>}
 */
export async function npmPack(specs, destination) {
  if (specs.length === 0) return [];
  const args = ['pack', ...specs, '--pack-destination', destination, '--json', '--ignore-scripts'];
  const { stdout } = await run(NPM, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // npm prints the JSON array last; older versions may print notices before it.
  const json = stdout.slice(stdout.indexOf('['));
  return /** @type {PackResult[]} */ (JSON.parse(json));
}

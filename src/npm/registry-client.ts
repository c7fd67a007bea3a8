/**
 * The npm registry protocol as the browser speaks it: abbreviated packuments (memoised, one
 * request per name however many ask) and tarballs (streamed, verified before unpacking).
 * Requests carry only an `Accept` header: any other header forces a CORS preflight.
 */
import { NpmError, type Packument, type VersionManifest } from '../shared/npm';
import { checkIntegrity, sha512Integrity } from './integrity';
import { packumentUrl, registryFor, type RegistryConfig } from './registry-config';
import { createRequestPool, readBody, RequestFailure, type RequestPoolOptions } from './request-pool';
import { unpackTarball } from './tarball';
import type { PackageContents, Registry } from './types';

export const PACKUMENT_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';

export interface RegistryClientOptions {
  config: RegistryConfig;
  fetch?: typeof fetch;
  concurrency?: number;
  retries?: number;
  timeoutMs?: number;
  backoffMs?: RequestPoolOptions['backoffMs'];
}

/** Old packages may have capitals; anything else outside npm's name alphabet cannot be a package. */
const PACKAGE_NAME = /^(@[a-zA-Z0-9][\w.~-]*\/)?[a-zA-Z0-9~_-][\w.~-]*$/;

export function createRegistryClient(options: RegistryClientOptions): Registry {
  const { config } = options;
  const pool = createRequestPool(options);
  const packuments = new Map<string, SharedTask<Packument>>();

  async function fetchPackument(name: string, signal: AbortSignal): Promise<Packument> {
    const registry = registryFor(config, name);
    const url = packumentUrl(registry, name);
    try {
      return await pool.run(
        url,
        { headers: { Accept: PACKUMENT_ACCEPT } },
        async ({ response, progress }) => {
          if (response.status === 404) {
            throw new NpmError('unknown-package', `Package '${name}' does not exist in the registry ${registry}`, name);
          }
          if (!response.ok) {
            throw new NpmError(
              'registry-unreachable',
              `The npm registry at ${registry} refused the request for '${name}' (HTTP ${response.status})`,
              name,
            );
          }
          return parsePackument(name, registry, await readBody(response, progress));
        },
        signal,
      );
    } catch (error) {
      throw asRegistryError(error, `Cannot reach the npm registry at ${registry} (asking for '${name}')`, name);
    }
  }

  return {
    packument(name, signal) {
      if (!PACKAGE_NAME.test(name)) {
        return Promise.reject(new NpmError('unknown-package', `'${name}' is not a valid npm package name`, name));
      }
      let task = packuments.get(name);
      if (!task) {
        const created = sharedTask((s) => fetchPackument(name, s), `Cancelled: the packument of '${name}'`);
        // A failed or abandoned request is forgotten, so the next install asks again.
        created.onFailure(() => {
          if (packuments.get(name) === created) packuments.delete(name);
        });
        packuments.set(name, created);
        task = created;
      }
      return task.join(signal);
    },

    async tarball(url, integrity, signal, onBytes) {
      const label = labelFromTarballUrl(url);
      let reported = 0; // Bytes already reported, so a retry does not count them twice.
      let gz: Uint8Array;
      try {
        gz = await pool.run(
          url,
          {},
          async ({ response, progress }) => {
            if (response.status === 404) {
              throw new NpmError(
                'unknown-package',
                `The tarball of ${label} is not in the registry: ${url} (HTTP 404)`,
              );
            }
            if (!response.ok) {
              throw new NpmError(
                'registry-unreachable',
                `The registry refused the tarball of ${label}: ${url} (HTTP ${response.status})`,
              );
            }
            let received = 0;
            return readBody(response, (chunk) => {
              progress();
              received += chunk.length;
              if (received > reported) {
                onBytes?.(received - reported);
                reported = received;
              }
            });
          },
          signal,
        );
      } catch (error) {
        throw asRegistryError(error, `Cannot download ${label} from ${url}`);
      }

      let verified: string;
      if (integrity) {
        const check = await checkIntegrity(gz, integrity);
        if (!check.ok) {
          throw new NpmError(
            'integrity-mismatch',
            `Integrity check failed for ${label} (${url}): expected ${check.expected} but the download has ${check.actual}`,
          );
        }
        verified = integrity.trim();
      } else {
        verified = await sha512Integrity(gz);
      }

      let files: Map<string, Uint8Array>;
      try {
        files = await unpackTarball(gz);
      } catch (error) {
        if (error instanceof NpmError) {
          throw new NpmError(error.code, `The tarball of ${label} (${url}) is corrupt: ${error.message}`);
        }
        throw error;
      }
      const { name, version } = readIdentity(files, label, url);
      return { name, version, integrity: verified, files } satisfies PackageContents;
    },
  };
}

function parsePackument(name: string, registry: string, bytes: Uint8Array): Packument {
  const invalid = (why: string) =>
    new NpmError(
      'registry-unreachable',
      `The npm registry at ${registry} answered the request for '${name}' with an invalid packument (${why})`,
      name,
    );
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalid('not JSON');
  }
  if (!isRecord(data)) throw invalid('not an object');
  if (!isRecord(data.versions)) {
    if (isRecord(data.time) && data.time.unpublished) {
      throw new NpmError('unknown-package', `Package '${name}' was unpublished from the registry ${registry}`, name);
    }
    throw invalid('no versions');
  }
  const distTags = data['dist-tags'] ?? {};
  if (!isRecord(distTags) || !Object.values(distTags).every((v) => typeof v === 'string')) {
    throw invalid('bad dist-tags');
  }
  const versions: Record<string, VersionManifest> = {};
  for (const [version, manifest] of Object.entries(data.versions)) {
    // A version without a tarball cannot be installed; the rest of the package still can.
    if (!isRecord(manifest) || !isRecord(manifest.dist) || typeof manifest.dist.tarball !== 'string') continue;
    versions[version] = {
      ...(manifest as unknown as VersionManifest),
      name: typeof manifest.name === 'string' ? manifest.name : name,
      version: typeof manifest.version === 'string' ? manifest.version : version,
    };
  }
  return {
    name: typeof data.name === 'string' ? data.name : name,
    'dist-tags': distTags as Record<string, string>,
    versions,
    ...(typeof data.modified === 'string' ? { modified: data.modified } : {}),
  };
}

function readIdentity(files: Map<string, Uint8Array>, label: string, url: string): { name: string; version: string } {
  const corrupt = (why: string) =>
    new NpmError('corrupt-tarball', `The tarball of ${label} (${url}) is corrupt: ${why}`);
  const bytes = files.get('package.json');
  if (!bytes) throw corrupt('it has no package.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw corrupt('its package.json is not JSON');
  }
  if (!isRecord(manifest) || typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw corrupt('its package.json has no name and version');
  }
  return { name: manifest.name, version: manifest.version };
}

/** NpmErrors pass through; a failure after retries becomes `registry-unreachable` with its reason. */
function asRegistryError(error: unknown, context: string, packageName?: string): NpmError {
  if (error instanceof NpmError) return error;
  const reason =
    error instanceof RequestFailure ? error.reason : error instanceof Error ? error.message : String(error);
  return new NpmError('registry-unreachable', `${context}: ${reason}`, packageName);
}

/** `<registry>/@s/n/-/n-1.2.3.tgz` -> `@s/n@1.2.3`, for messages; the URL itself if it does not look like that. */
export function labelFromTarballUrl(url: string): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
  const match = /\/((?:@[^/]+\/)?[^/]+)\/-\/([^/]+)\.tgz$/.exec(path);
  if (!match) return url;
  const name = match[1];
  const base = name.slice(name.lastIndexOf('/') + 1);
  const file = match[2];
  return file.startsWith(`${base}-`) ? `${name}@${file.slice(base.length + 1)}` : name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface SharedTask<T> {
  /** Waits for the shared result; leaving (abort) cancels the request once nobody else waits. */
  join(signal?: AbortSignal): Promise<T>;
  onFailure(callback: () => void): void;
}

/** One request shared by every caller; it is aborted only when all callers with signals have left. */
function sharedTask<T>(start: (signal: AbortSignal) => Promise<T>, cancelMessage: string): SharedTask<T> {
  const controller = new AbortController();
  const failureCallbacks: (() => void)[] = [];
  let settled = false;
  let waiters = 0;
  const promise = start(controller.signal);
  promise.then(
    () => (settled = true),
    () => {
      settled = true;
      failureCallbacks.forEach((f) => f());
    },
  );
  return {
    onFailure: (callback) => failureCallbacks.push(callback),
    join(signal) {
      if (settled || !signal) {
        // A caller that cannot leave keeps the request alive for good.
        if (!settled) waiters = Infinity;
        return promise;
      }
      if (signal.aborted) return Promise.reject(new NpmError('cancelled', cancelMessage));
      waiters++;
      return new Promise<T>((resolve, reject) => {
        const leave = () => {
          reject(new NpmError('cancelled', cancelMessage));
          if (--waiters === 0 && !settled) {
            failureCallbacks.forEach((f) => f()); // Forget it now, before anyone else joins.
            controller.abort();
          }
        };
        signal.addEventListener('abort', leave, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
      });
    },
  };
}

// The collaboration server's settings: one table names each setting, its
// environment variable, its default and how a value is checked, so the
// environment and programmatic options go through the same validation.

/** Settings a caller may pass; every one is optional (defaults below). */
export interface CollabOptions {
  /** TCP port of the standalone server (0 = any free port). */
  port?: number;
  host?: string;
  /** SQLite file holding every room; `:memory:` keeps rooms only for the process's life (tests). */
  data?: string;
  /** HMAC key for room tokens; when unset, one is generated and kept beside `data`. */
  secret?: string;
  /** `redis://` or `rediss://` URL: instances sharing it keep their clients in sync. */
  redisUrl?: string;
  /** Largest Yjs message (a project's first sync is one message: ~17 MB for 2,000 files). */
  maxMessageBytes?: number;
  /** Largest binary file (image, font) a room may hold. */
  maxBlobBytes?: number;
  /** Most bytes of binary files one room may hold. */
  maxRoomBlobBytes?: number;
  maxConnectionsPerIp?: number;
  tokenTtlDays?: number;
  /** Origins allowed to call the HTTP API and open WebSockets; empty = any. */
  allowedOrigins?: string[];
  /** Take the client address from X-Forwarded-For (the last hop, which our proxy appended). */
  trustProxy?: boolean;
  /** Rooms one client address may create per minute. */
  roomsPerMinute?: number;
  /** Path the HTTP API and WebSocket live under: `/` standalone, `/__cove/collab` inside Vite. */
  basePath?: string;
}

/** Settings after defaults and validation (the secret is resolved separately: it may need the disk). */
export interface CollabConfig {
  port: number;
  host: string;
  data: string;
  secret: string | undefined;
  redisUrl: string | undefined;
  maxMessageBytes: number;
  maxBlobBytes: number;
  maxRoomBlobBytes: number;
  maxConnectionsPerIp: number;
  tokenTtlDays: number;
  allowedOrigins: string[];
  trustProxy: boolean;
  roomsPerMinute: number;
  /** Normalised: `''` for the root, otherwise `/a/b` without a trailing slash. */
  basePath: string;
}

export class CollabConfigError extends Error {
  override name = 'CollabConfigError';
}

interface Field<T> {
  /** Environment variable, or undefined for settings only code can pass. */
  env?: string;
  default: T;
  /** Never echoed in error messages. */
  secret?: true;
  /** Accepts the typed option or the raw environment string; throws a message saying what is expected. */
  parse(value: unknown): T;
}

type Fields = { [K in keyof CollabConfig]: Field<CollabConfig[K]> };

const MiB = 1024 * 1024;

const FIELDS: Fields = {
  port: { env: 'COVE_COLLAB_PORT', default: 1234, parse: integer(0, 65_535) },
  host: { env: 'COVE_COLLAB_HOST', default: '127.0.0.1', parse: nonEmptyString },
  data: { env: 'COVE_COLLAB_DATA', default: '.cove-collab/rooms.sqlite', parse: nonEmptyString },
  secret: { env: 'COVE_COLLAB_SECRET', default: undefined, secret: true, parse: optional(secretString) },
  redisUrl: { env: 'COVE_COLLAB_REDIS_URL', default: undefined, parse: optional(redisUrl) },
  maxMessageBytes: { env: 'COVE_COLLAB_MAX_MESSAGE_BYTES', default: 32 * MiB, parse: integer(1024, 2 ** 31 - 1) },
  maxBlobBytes: { env: 'COVE_COLLAB_MAX_BLOB_BYTES', default: 32 * MiB, parse: integer(1, 2 ** 31 - 1) },
  maxRoomBlobBytes: { env: 'COVE_COLLAB_MAX_ROOM_BLOB_BYTES', default: 256 * MiB, parse: integer(1, 2 ** 48) },
  maxConnectionsPerIp: { env: 'COVE_COLLAB_MAX_CONNECTIONS_PER_IP', default: 32, parse: integer(1, 1_000_000) },
  tokenTtlDays: { env: 'COVE_COLLAB_TOKEN_TTL_DAYS', default: 30, parse: positiveNumber(36_500) },
  allowedOrigins: { env: 'COVE_COLLAB_ALLOWED_ORIGINS', default: [], parse: originList },
  trustProxy: { env: 'COVE_COLLAB_TRUST_PROXY', default: false, parse: flag },
  roomsPerMinute: { env: 'COVE_COLLAB_ROOMS_PER_MINUTE', default: 60, parse: integer(1, 1_000_000) },
  basePath: { default: '', parse: basePath },
};

/** Options from environment variables; an empty variable counts as unset. */
export function optionsFromEnv(env: Record<string, string | undefined>): CollabOptions {
  const options: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FIELDS) as [keyof CollabConfig, Field<unknown>][]) {
    const raw = field.env ? env[field.env] : undefined;
    if (raw !== undefined && raw.trim() !== '') options[key] = parseField(key, field, raw, field.env);
  }
  return options as CollabOptions;
}

/** Defaults filled in and every value checked; throws CollabConfigError naming the bad setting. */
export function resolveConfig(options: CollabOptions = {}): CollabConfig {
  const config: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FIELDS) as [keyof CollabConfig, Field<unknown>][]) {
    const value = options[key as keyof CollabOptions];
    config[key] = value === undefined ? field.default : parseField(key, field, value, `option ${key}`);
  }
  return config as unknown as CollabConfig;
}

function parseField(key: string, field: Field<unknown>, value: unknown, label: string | undefined): unknown {
  try {
    return field.parse(value);
  } catch (err) {
    const got = field.secret ? '' : ` (got ${JSON.stringify(value)})`;
    throw new CollabConfigError(`${label ?? key} ${(err as Error).message}${got}`);
  }
}

function integer(min: number, max: number) {
  return (value: unknown): number => {
    const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

function positiveNumber(max: number) {
  return (value: unknown): number => {
    const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new Error(`must be a number above 0 and at most ${max}`);
    }
    return n;
  };
}

function nonEmptyString(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error('must be a non-empty string');
  return value.trim();
}

function optional<T>(parse: (value: unknown) => T) {
  return (value: unknown): T | undefined => (value === undefined || value === '' ? undefined : parse(value));
}

/** Short keys are guessable; 32 characters of anything random is plenty for HMAC-SHA256. */
function secretString(value: unknown): string {
  if (typeof value !== 'string' || value.length < 32) throw new Error('must be at least 32 characters');
  return value;
}

function redisUrl(value: unknown): string {
  const text = nonEmptyString(value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('must be a URL such as redis://127.0.0.1:6379');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('must start with redis:// or rediss://');
  if (!url.hostname) throw new Error('must name a host');
  return text;
}

function originList(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items)) throw new Error('must be a comma-separated list of origins');
  const origins: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw new Error('must list origins as strings');
    const text = item.trim().replace(/\/+$/, '');
    if (!text) continue;
    let origin: string;
    try {
      origin = new URL(text).origin;
    } catch {
      throw new Error(`must list origins such as https://cove.example (bad entry ${JSON.stringify(item)})`);
    }
    if (origin !== text) throw new Error(`must list bare origins, without a path (bad entry ${JSON.stringify(item)})`);
    origins.push(origin);
  }
  return origins;
}

function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === '1' || text === 'true') return true;
    if (text === '0' || text === 'false') return false;
  }
  throw new Error('must be 1 or 0');
}

function basePath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) throw new Error('must start with /');
  if (/[?#]/.test(value)) throw new Error('must be a plain path');
  return value.replace(/\/+$/, '');
}

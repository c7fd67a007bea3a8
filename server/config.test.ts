import { mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CollabConfigError, optionsFromEnv, resolveConfig } from './config';
import { resolveSecret, secretFileFor } from './secret-file';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(resolveConfig()).toEqual({
      port: 1234,
      host: '127.0.0.1',
      data: '.cove-collab/rooms.sqlite',
      secret: undefined,
      redisUrl: undefined,
      maxMessageBytes: 32 * 1024 * 1024,
      maxBlobBytes: 32 * 1024 * 1024,
      maxRoomBlobBytes: 256 * 1024 * 1024,
      maxConnectionsPerIp: 32,
      tokenTtlDays: 30,
      allowedOrigins: [],
      trustProxy: false,
      roomsPerMinute: 60,
      basePath: '',
    });
  });

  it('reads every setting from the environment; empty variables count as unset', () => {
    const options = optionsFromEnv({
      COVE_COLLAB_PORT: '4999',
      COVE_COLLAB_HOST: '0.0.0.0',
      COVE_COLLAB_DATA: '/var/lib/cove/rooms.sqlite',
      COVE_COLLAB_SECRET: 's'.repeat(32),
      COVE_COLLAB_REDIS_URL: 'redis://127.0.0.1:6390',
      COVE_COLLAB_MAX_MESSAGE_BYTES: '2048',
      COVE_COLLAB_MAX_BLOB_BYTES: '4096',
      COVE_COLLAB_MAX_ROOM_BLOB_BYTES: '65536',
      COVE_COLLAB_MAX_CONNECTIONS_PER_IP: '4',
      COVE_COLLAB_TOKEN_TTL_DAYS: '0.5',
      COVE_COLLAB_ALLOWED_ORIGINS: ' https://cove.example/ , http://app.localhost:5173 ',
      COVE_COLLAB_TRUST_PROXY: '1',
      COVE_COLLAB_ROOMS_PER_MINUTE: '',
    });
    expect(resolveConfig(options)).toMatchObject({
      port: 4999,
      host: '0.0.0.0',
      data: '/var/lib/cove/rooms.sqlite',
      redisUrl: 'redis://127.0.0.1:6390',
      maxMessageBytes: 2048,
      maxBlobBytes: 4096,
      maxRoomBlobBytes: 65536,
      maxConnectionsPerIp: 4,
      tokenTtlDays: 0.5,
      allowedOrigins: ['https://cove.example', 'http://app.localhost:5173'],
      trustProxy: true,
      roomsPerMinute: 60,
    });
  });

  it('names the bad setting and what it expects', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ COVE_COLLAB_PORT: 'abc' }, /COVE_COLLAB_PORT must be a whole number from 0 to 65535 \(got "abc"\)/],
      [{ COVE_COLLAB_PORT: '70000' }, /COVE_COLLAB_PORT/],
      [{ COVE_COLLAB_MAX_MESSAGE_BYTES: '-5' }, /COVE_COLLAB_MAX_MESSAGE_BYTES/],
      [{ COVE_COLLAB_MAX_BLOB_BYTES: '0' }, /COVE_COLLAB_MAX_BLOB_BYTES must be a whole number/],
      [{ COVE_COLLAB_MAX_ROOM_BLOB_BYTES: '1e9' }, /COVE_COLLAB_MAX_ROOM_BLOB_BYTES/],
      [{ COVE_COLLAB_TOKEN_TTL_DAYS: '0' }, /COVE_COLLAB_TOKEN_TTL_DAYS must be a number above 0/],
      [{ COVE_COLLAB_REDIS_URL: 'http://x' }, /COVE_COLLAB_REDIS_URL must start with redis:/],
      [{ COVE_COLLAB_ALLOWED_ORIGINS: 'https://a.example/path' }, /without a path/],
      [{ COVE_COLLAB_ALLOWED_ORIGINS: 'not a url' }, /COVE_COLLAB_ALLOWED_ORIGINS/],
      [{ COVE_COLLAB_TRUST_PROXY: 'yes' }, /COVE_COLLAB_TRUST_PROXY must be 1 or 0/],
    ];
    for (const [env, message] of bad) {
      expect(() => optionsFromEnv(env)).toThrow(CollabConfigError);
      expect(() => optionsFromEnv(env)).toThrow(message);
    }
    expect(() => resolveConfig({ maxConnectionsPerIp: 0 })).toThrow(/option maxConnectionsPerIp/);
    expect(() => resolveConfig({ basePath: 'collab' })).toThrow(/option basePath must start with \//);
    expect(resolveConfig({ basePath: '/__cove/collab/' }).basePath).toBe('/__cove/collab');
  });

  it('never repeats a secret in an error', () => {
    expect(() => optionsFromEnv({ COVE_COLLAB_SECRET: 'hunter2' })).toThrow(/at least 32 characters$/);
  });
});

describe('token key file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is generated once beside the SQLite file, private, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cove-secret-'));
    dirs.push(dir);
    const data = join(dir, 'nested', 'rooms.sqlite');
    const first = resolveSecret(undefined, data);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(secretFileFor(data)).mode & 0o777).toBe(0o600);
    expect(resolveSecret(undefined, data)).toBe(first);
    chmodSync(secretFileFor(data), 0o644);
    expect(resolveSecret(undefined, data)).toBe(first);
    expect(statSync(secretFileFor(data)).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFileFor(data), 'utf8').trim()).toBe(first);
    expect(resolveSecret('configured-secret-configured-secret', data)).toBe('configured-secret-configured-secret');
  });
});

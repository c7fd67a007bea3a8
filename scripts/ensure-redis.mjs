// Finds the redis-server the collaboration tests start (two server instances share rooms
// through it), installing Debian's `redis-server` with apt-get when we are root and it is missing.
import { existsSync } from 'node:fs';
import { ensureDebianBinary } from './apt-install.mjs';

const CANDIDATES = [process.env.COVE_TEST_REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];

export function findRedisServer() {
  return CANDIDATES.filter(Boolean).find((p) => existsSync(p));
}

export function ensureRedisServer() {
  return ensureDebianBinary({
    candidates: CANDIDATES,
    pkg: 'redis-server',
    purpose: 'the collaboration tests run two servers that share rooms through Redis',
    hint: 'COVE_TEST_REDIS_SERVER',
  });
}

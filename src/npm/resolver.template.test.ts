/**
 * The react-ts template against real npm, hermetically: both resolve from the local test registry
 * (offline, its warm cache), and must agree byte for byte on package-lock.json. Cove must also
 * not read more package metadata than npm does (every packument is a round trip in a browser).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { startTestRegistry } from '../../scripts/test-registry/server.mjs';
import { serializeLockfile } from './lockfile';
import { createRegistryClient } from './registry-client';
import { resolveTree } from './resolver';
import type { Registry } from './types';

it('resolves the react-ts template to npm’s own lockfile, reading no more packuments than npm', async () => {
  const registry = await startTestRegistry({ offline: true });
  const dir = await mkdtemp(join(tmpdir(), 'cove-resolve-template-'));
  try {
    const manifest = JSON.parse(
      await readFile(new URL('../../templates/react-ts/package.json', import.meta.url), 'utf8'),
    );
    const client = createRegistryClient({ config: { registry: registry.url, scopes: {} } });
    const asked = new Set<string>();
    const counting: Pick<Registry, 'packument'> = {
      packument: (name, signal) => {
        asked.add(name);
        return client.packument(name, signal);
      },
    };
    const { lockfile } = await resolveTree({ manifest, registry: counting });

    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    registry.clearRequests();
    // Async: the registry answers from this process, so a synchronous spawn would deadlock.
    await promisify(execFile)(
      'npm',
      [
        'install',
        '--package-lock-only',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--omit-lockfile-registry-resolved=false',
        `--registry=${registry.url}`,
        `--cache=${join(dir, '.npm')}`,
        `--userconfig=${join(dir, '.npmrc')}`,
      ],
      { cwd: dir, timeout: 120_000 },
    );
    const npmAsked = new Set(registry.requests.filter((r) => !r.path.endsWith('.tgz')).map((r) => r.path));
    expect(serializeLockfile(lockfile)).toBe(await readFile(join(dir, 'package-lock.json'), 'utf8'));
    expect(asked.size).toBeLessThanOrEqual(npmAsked.size);
  } finally {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 150_000);

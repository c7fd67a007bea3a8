/**
 * The resolver against real npm: the same manifest resolved by `npm install --package-lock-only`
 * and by resolveTree (both from the registry in this machine's npm configuration) must give the
 * same tree, and real `npm ci` must install the lockfile Cove wrote. Needs the network.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NpmError, type Lockfile, type Packument, type ProjectManifest } from '../shared/npm';
import { parseLockfile, serializeLockfile } from './lockfile';
import { resolveTree } from './resolver';
import type { Registry } from './types';

const manifest: ProjectManifest = {
  name: 'cove-npm-check',
  version: '1.0.0',
  dependencies: { 'is-odd': '3.0.1', 'is-number': '7.0.0', react: '18.3.1', 'react-dom': '18.3.1' },
  devDependencies: { '@types/react': '18.3.27' },
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempProject(lock?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cove-npm-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  if (lock) writeFileSync(join(dir, 'package-lock.json'), lock);
  return dir;
}

function npm(dir: string, args: string[]): void {
  try {
    execFileSync('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: 'pipe',
      timeout: 150_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`npm ${args.join(' ')} failed (is the npm registry reachable?):\n${stderr}`, { cause: error });
  }
}

/** Packuments from the registry npm itself is configured with, a few requests at a time. */
function npmConfiguredRegistry(): Pick<Registry, 'packument'> {
  const base = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/+$/, '');
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async packument(name: string): Promise<Packument> {
      while (active >= 8) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        const url = `${base}/${name.replace('/', '%2f')}`;
        const accept = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
        const response = await fetch(url, { headers: { accept } }).catch((cause: unknown) => {
          throw new Error(`Cannot reach the npm registry from npm's configuration (asking for ${name})`, { cause });
        });
        if (response.status === 404) throw new NpmError('unknown-package', `No package '${name}'`, name);
        if (!response.ok) throw new Error(`The npm registry answered HTTP ${response.status} for ${name}`);
        return (await response.json()) as Packument;
      } finally {
        active--;
        waiting.shift()?.();
      }
    },
  };
}

/** The parts of each entry that make the tree: where, what, and how it is flagged and linked. */
function treeShape(lock: Lockfile): Record<string, unknown> {
  const keys = [
    'name',
    'version',
    'resolved',
    'integrity',
    'dev',
    'optional',
    'devOptional',
    'peer',
    'dependencies',
    'optionalDependencies',
    'peerDependencies',
    'peerDependenciesMeta',
    'bin',
    'engines',
    'os',
    'cpu',
    'hasInstallScript',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    out[path] = Object.fromEntries(keys.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k]]));
  }
  return out;
}

describe('resolveTree against real npm', () => {
  it('gives the same tree as npm install, and npm ci installs the lockfile it writes', async () => {
    const npmDir = tempProject();
    npm(npmDir, ['install', '--package-lock-only', '--omit-lockfile-registry-resolved=false']);
    const npmLock = parseLockfile(readFileSync(join(npmDir, 'package-lock.json'), 'utf8'));

    const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
    const { lockfile, warnings } = await resolveTree({
      manifest,
      registry: npmConfiguredRegistry(),
      engineVersions: { node: process.version, npm: npmVersion },
    });
    expect(warnings).toEqual([]);
    expect(Object.keys(lockfile.packages).sort()).toEqual(Object.keys(npmLock.packages).sort());
    expect(lockfile.packages['node_modules/is-odd/node_modules/is-number']?.version).toBe('6.0.0');
    expect(treeShape(lockfile)).toEqual(treeShape(npmLock));

    const ciDir = tempProject(serializeLockfile(lockfile));
    npm(ciDir, ['ci']);
    for (const [path, entry] of Object.entries(lockfile.packages)) {
      if (!path) continue;
      const installed = JSON.parse(readFileSync(join(ciDir, path, 'package.json'), 'utf8')) as { version: string };
      expect(`${path}@${installed.version}`).toBe(`${path}@${entry.version}`);
    }
  }, 300_000);
});

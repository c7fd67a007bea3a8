import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestRegistry, type TestRegistry } from './server.mjs';
import { packumentPath, tarballPath } from './cache.mjs';
import { warmTestRegistry } from './warm.mjs';

const ABBREVIATED = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*';
const run = promisify(execFile);

let registry: TestRegistry;
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cove-test-registry-'));
  temps.push(dir);
  return dir;
}

async function packument(base: string, path: string, accept = ABBREVIATED) {
  const res = await fetch(base + path, { headers: { accept } });
  return { res, doc: res.ok ? await res.json() : undefined };
}

function sri(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

async function tarballMatches(url: string, integrity: string): Promise<boolean> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return sri(new Uint8Array(await res.arrayBuffer())) === integrity;
}

beforeAll(async () => {
  // Only what these tests read; a no-op once the shared cache is warm.
  await warmTestRegistry({
    tarballs: ['react@18.3.1', '@types/react@18.3.27', 'is-odd@3.0.1', 'is-number@7.0.0', 'is-number@6.0.0'],
    closures: [],
    templatesDir: null,
  });
  registry = await startTestRegistry({ port: 0 });
}, 120_000);

afterAll(async () => {
  await registry?.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('test registry', () => {
  it('listens on a free port and gives a URL ending with /', () => {
    expect(registry.port).toBeGreaterThan(0);
    expect(registry.url).toBe(`http://127.0.0.1:${registry.port}/`);
  });

  it('serves the abbreviated packument with tarballs pointing at itself', async () => {
    const { res, doc } = await packument(registry.url, 'react');
    expect(res.headers.get('content-type')).toBe('application/vnd.npm.install-v1+json');
    expect(doc['dist-tags'].latest).toBeTruthy();
    const v = doc.versions['18.3.1'];
    expect(v.dependencies).toEqual({ 'loose-envify': '^1.1.0' });
    expect(v.dist.tarball).toBe(`${registry.url}react/-/react-18.3.1.tgz`);
    expect(v.dist.integrity).toMatch(/^sha512-/);
    // Abbreviated means abbreviated: no readme-ish fields per version.
    expect(v.description).toBeUndefined();
    expect(Object.keys(doc.versions).length).toBeGreaterThan(100);
  });

  it('serves the full packument as application/json without the install Accept header', async () => {
    const { res, doc } = await packument(registry.url, 'react', 'application/json');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(doc.versions['18.3.1'].description).toContain('React');
    expect(doc.versions['18.3.1'].dist.tarball).toBe(`${registry.url}react/-/react-18.3.1.tgz`);
  });

  it("serves tarball bytes whose sha512 is the packument's dist.integrity", async () => {
    const { doc } = await packument(registry.url, 'react');
    const { tarball, integrity } = doc.versions['18.3.1'].dist;
    const res = await fetch(tarball);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes[0]).toBe(0x1f); // gzip
    expect(sri(bytes)).toBe(integrity);
  });

  it('answers 404 {"error":"Not found"} for unknown packages and versions', async () => {
    for (const path of ['cove-no-such-package-xq7', 'react/-/react-0.0.0-nope.tgz', 'react/9.9.9', '-/whoami']) {
      const res = await fetch(registry.url + path, { headers: { accept: ABBREVIATED } });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'Not found' });
    }
  });

  it('answers npm ping', async () => {
    const res = await fetch(`${registry.url}-/ping`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it('sends CORS headers and answers preflights', async () => {
    const get = await fetch(`${registry.url}is-odd`, { headers: { origin: 'http://app.localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await fetch(`${registry.url}is-odd`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'npm-command',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-allow-headers')).toContain('npm-command');
    const missing = await fetch(`${registry.url}cove-no-such-package-xq7`);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves scoped packages at every URL form npm and browsers use', async () => {
    const forms = ['@types%2freact', '@types%2Freact', '@types/react'];
    const docs = await Promise.all(forms.map((f) => packument(registry.url, f)));
    for (const { res } of docs) expect(res.status).toBe(200);
    const { tarball, integrity } = docs[0].doc.versions['18.3.27'].dist;
    expect(tarball).toBe(`${registry.url}@types/react/-/react-18.3.27.tgz`);
    for (const { doc } of docs) expect(doc.versions['18.3.27'].dist.tarball).toBe(tarball);
    expect(await tarballMatches(tarball, integrity)).toBe(true);
    expect(await tarballMatches(`${registry.url}@types%2freact/-/react-18.3.27.tgz`, integrity)).toBe(true);
  });

  it('corruptTarball makes the integrity check fail until restore', async () => {
    const { doc } = await packument(registry.url, 'is-number');
    const { tarball, integrity } = doc.versions['7.0.0'].dist;
    registry.corruptTarball('is-number', '7.0.0');
    try {
      expect(await tarballMatches(tarball, integrity)).toBe(false);
      // Only that version is corrupted.
      const other = doc.versions['6.0.0'].dist;
      expect(await tarballMatches(other.tarball, other.integrity)).toBe(true);
    } finally {
      registry.restore();
    }
    expect(await tarballMatches(tarball, integrity)).toBe(true);
  });

  it('logs requests with method, path and Accept', async () => {
    registry.clearRequests();
    await fetch(`${registry.url}@types%2freact`, { headers: { accept: ABBREVIATED } });
    await fetch(`${registry.url}is-odd`, { method: 'HEAD' });
    expect(registry.requests).toEqual([
      { method: 'GET', path: '/@types%2freact', accept: ABBREVIATED },
      { method: 'HEAD', path: '/is-odd', accept: '*/*' },
    ]);
    registry.clearRequests();
    expect(registry.requests).toEqual([]);
  });

  it('real npm installs from it, nesting is-number@6 under is-odd', async () => {
    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0' }));
    const args = ['install', '--registry', registry.url, '--cache', join(project, '.npm-cache')];
    args.push('--ignore-scripts', '--no-audit', '--no-fund', 'is-odd@3.0.1', 'is-number@7.0.0');
    await run('npm', args, { cwd: project });
    const version = (path: string) => JSON.parse(readFileSync(join(project, path, 'package.json'), 'utf8')).version;
    expect(version('node_modules/is-odd')).toBe('3.0.1');
    expect(version('node_modules/is-number')).toBe('7.0.0');
    expect(version('node_modules/is-odd/node_modules/is-number')).toBe('6.0.0');
  }, 60_000);
});

describe('test registry caching', () => {
  it('offline with an empty cache, everything is a 404', async () => {
    const offline = await startTestRegistry({ cacheDir: tempDir(), offline: true });
    try {
      expect((await fetch(`${offline.url}is-odd`)).status).toBe(404);
      expect((await fetch(`${offline.url}is-odd/-/is-odd-3.0.1.tgz`)).status).toBe(404);
    } finally {
      await offline.close();
    }
  });

  it('fetches missing packuments and tarballs on demand, caches them, then serves them offline', async () => {
    // Mirror the warm registry, so this test needs no network.
    const cacheDir = tempDir();
    const mirror = await startTestRegistry({ cacheDir, upstream: registry.url });
    registry.clearRequests();
    const { doc } = await packument(mirror.url, 'is-odd');
    const { tarball, integrity } = doc.versions['3.0.1'].dist;
    expect(tarball.startsWith(mirror.url)).toBe(true);
    expect(await tarballMatches(tarball, integrity)).toBe(true);
    expect(existsSync(packumentPath(cacheDir, 'is-odd'))).toBe(true);
    expect(existsSync(tarballPath(cacheDir, 'is-odd', '3.0.1'))).toBe(true);
    // Upstream 404s are remembered: asked twice, upstream sees one request.
    for (let i = 0; i < 2; i++) expect((await fetch(`${mirror.url}cove-no-such-package-xq7`)).status).toBe(404);
    expect(registry.requests.filter((r) => r.path === '/cove-no-such-package-xq7')).toHaveLength(1);
    await mirror.close();

    const offline = await startTestRegistry({ cacheDir, offline: true });
    try {
      const again = await packument(offline.url, 'is-odd');
      expect(again.doc.versions['3.0.1'].dist.integrity).toBe(integrity);
      expect(await tarballMatches(again.doc.versions['3.0.1'].dist.tarball, integrity)).toBe(true);
    } finally {
      await offline.close();
    }
  });

  it('refuses to mirror itself', async () => {
    const probe = await startTestRegistry({ cacheDir: tempDir(), offline: true });
    const port = probe.port;
    await probe.close();
    await expect(
      startTestRegistry({ port, cacheDir: tempDir(), upstream: `http://127.0.0.1:${port}/` }),
    ).rejects.toThrow(/upstream registry is this test registry/);
  });
});

// The README's first command: `npm run dev` must serve the IDE and the preview origins.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestRegistry } from './test-registry/server.mjs';

const PORT = 5287;
let dev: ChildProcess;
let output = '';
let registry: Awaited<ReturnType<typeof startTestRegistry>>;

function get(path: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; bytes: Buffer }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: PORT, path, headers: { host, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  // The dev server's registry pass-through goes to the local test registry here.
  registry = await startTestRegistry({ offline: true });
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(PORT), COVE_DEV_REGISTRY_UPSTREAM: registry.url };
  delete env.VITE_COVE_NPM_REGISTRY;
  dev = spawn('npm', ['run', 'dev'], { env, detached: true });
  dev.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  dev.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`http://app.localhost:${PORT}/`)) {
    if (Date.now() > deadline) throw new Error(`npm run dev did not print the IDE URL:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 40_000);

afterAll(async () => {
  if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
  await registry.close();
});

test('npm run dev prints the IDE URL and serves the IDE on app.localhost', async () => {
  expect(output).toContain(`Cove IDE: http://app.localhost:${PORT}/`);
  const ide = await get('/', `app.localhost:${PORT}`);
  expect(ide.status).toBe(200);
  expect(ide.body).toContain('/src/ide/main.tsx');
});

test('localhost redirects to the IDE address, keeping the path', async () => {
  const res = await get('/p/abcd1234', `localhost:${PORT}`);
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe(`http://app.localhost:${PORT}/p/abcd1234`);
});

test('a preview origin serves its service worker and, for any page, the bootstrap page', async () => {
  const host = `p-abcd1234.app.localhost:${PORT}`;
  const sw = await get('/cove-sw.js', host);
  expect(sw.status).toBe(200);
  expect(sw.headers['content-type']).toMatch(/javascript/);
  expect(sw.body).toContain('cove:connect');
  const page = await get('/some/page', host, { 'sec-fetch-mode': 'navigate' });
  expect(page.status).toBe(200);
  expect(page.body).toContain('cove-boot-status');
  const missing = await get('/src/main.ts', host, { 'sec-fetch-mode': 'no-cors' });
  expect(missing.status).toBe(404);
}, 30_000);

test('the IDE origin passes npm registry requests through, tarball URLs included (mirrors without CORS work)', async () => {
  const host = `app.localhost:${PORT}`;
  const packument = await get('/__cove/npm-registry/is-number', host, {
    accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*',
  });
  expect(packument.status).toBe(200);
  const doc = JSON.parse(packument.body) as {
    versions: Record<string, { dist: { tarball: string; integrity: string } }>;
  };
  const dist = doc.versions['7.0.0'].dist;
  const tarball = new URL(dist.tarball);
  expect(tarball.host).toBe(host);
  expect(tarball.pathname.startsWith('/__cove/npm-registry/')).toBe(true);
  const bytes = await get(tarball.pathname, host);
  expect(bytes.status).toBe(200);
  expect(`sha512-${createHash('sha512').update(bytes.bytes).digest('base64')}`).toBe(dist.integrity);
  expect((await get('/__cove/npm-registry/cove-no-such-package', host)).status).toBe(404);
}, 30_000);

// The README's first command: `npm run dev` must serve the IDE and the preview origins.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';

const PORT = 5287;
let dev: ChildProcess;
let output = '';

function get(path: string, host: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, path, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dev = spawn('npm', ['run', 'dev'], { env: { ...process.env, PORT: String(PORT) }, detached: true });
  dev.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  dev.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`http://app.localhost:${PORT}/`)) {
    if (Date.now() > deadline) throw new Error(`npm run dev did not print the IDE URL:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 40_000);

afterAll(() => {
  if (dev.pid) process.kill(-dev.pid, 'SIGTERM');
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

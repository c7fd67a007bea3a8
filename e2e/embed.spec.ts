/**
 * Embed mode (`/embed`) and its SDK: every embed option has a visible effect, and the SDK drives an
 * embed from a page on another origin (`sdk.app.localhost`, same site, so the preview's service
 * worker still runs there). Format of the options and the protocol: README "Embedding".
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { editorShows, editorText } from './fixtures';

const port = Number(process.env.E2E_PORT ?? 4173);
const app = `http://app.localhost:${port}`;

const files = {
  'index.html':
    '<!doctype html>\n<html><body><h1 id="title">Embedded</h1>' +
    '<script type="module" src="/src/main.ts"></script></body></html>\n',
  'src/main.ts': "console.log('embed says hi');\ndocument.querySelector('#title')!.setAttribute('data-ran', 'yes');\n",
  'about.html': '<!doctype html>\n<html><body><h1 id="about">About page</h1></body></html>\n',
};

function shareHash(project: object = { v: 1, files, title: 'Embed test' }): string {
  return '#share=' + gzipSync(Buffer.from(JSON.stringify(project), 'utf8')).toString('base64url');
}

const previewOf = (page: Page) => page.frameLocator('iframe[title="Preview"]');

test('default: split view with editor and preview, no explorer, no console; Open in Cove opens the project', async ({
  page,
  context,
}) => {
  await page.goto(`${app}/embed${shareHash()}`);
  await expect(previewOf(page).locator('#title[data-ran="yes"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.embed-editor')).toBeVisible();
  await expect(page.getByRole('tree')).toHaveCount(0);
  await expect(page.locator('.embed-console')).toHaveCount(0);
  await expect(page).toHaveURL(/\/embed#share=/); // the address stays the embed's
  await expect(page.locator('.app-header, .status-bar')).toHaveCount(0);

  const link = page.getByRole('link', { name: /Open in Cove/ });
  await expect(link).toHaveAttribute('href', new RegExp(`^${app}/#share=`));
  const [full] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(full).toHaveURL(/\/p\/[a-z0-9]+$/, { timeout: 30_000 });
  await expect(full.getByLabel('Project title')).toHaveValue('Embed test');
  await expect(full.getByRole('tree').getByRole('treeitem', { name: 'about.html' })).toBeVisible();
});

test('view=preview hides the editor; view=editor hides the preview and file= picks the file shown', async ({
  page,
}) => {
  await page.goto(`${app}/embed?view=preview${shareHash()}`);
  await expect(previewOf(page).locator('#title')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.embed-editor')).toHaveCount(0);

  await page.goto(`${app}/embed?view=editor&file=about.html${shareHash()}`);
  await expect(page.locator('.embed-editor')).toBeVisible();
  await editorShows(page, 'about.html');
  await expect(page.locator('iframe[title="Preview"]')).toHaveCount(0);
});

test('theme=dark and theme=light set the theme', async ({ page }) => {
  await page.goto(`${app}/embed?theme=dark${shareHash()}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto(`${app}/embed?theme=light${shareHash()}`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('readonly=1 shows a badge and the editor takes no typing', async ({ page }) => {
  await page.goto(`${app}/embed?view=editor&file=src/main.ts&readonly=1${shareHash()}`);
  await expect(page.getByText('Read-only', { exact: true })).toBeVisible({ timeout: 30_000 });
  await editorShows(page, 'src/main.ts');
  const before = await editorText(page);
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.type('typed');
  await expect(page.locator('.monaco-editor-overlaymessage')).toContainText('embedded project is read-only');
  expect(await editorText(page)).toBe(before);
});

test('explorer=1 shows the file tree; console=1 shows the console with the page output', async ({ page }) => {
  await page.goto(`${app}/embed?explorer=1&console=1${shareHash()}`);
  await expect(page.getByRole('tree').getByRole('treeitem', { name: 'about.html' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.embed-console')).toContainText('embed says hi', { timeout: 30_000 });
});

test('load=click shows a poster and starts nothing heavy before the click', async ({ page }) => {
  await page.goto(`${app}/embed?load=click${shareHash()}`);
  await expect(page.getByRole('heading', { name: 'Embed test' })).toBeVisible();
  const run = page.getByRole('button', { name: /Run project/ });
  await expect(run).toBeVisible();
  await page.waitForTimeout(500);
  expect(page.workers()).toHaveLength(0); // no bundler worker, so no esbuild-wasm
  await expect(page.locator('iframe[title="Preview"]')).toHaveCount(0);
  await run.click();
  await expect(previewOf(page).locator('#title[data-ran="yes"]')).toBeVisible({ timeout: 30_000 });
  expect(page.workers().length).toBeGreaterThan(0);
});

/** A host page on another origin of the same site, serving what the tests need. */
async function startHost(): Promise<{ server: Server; origin: string }> {
  const lazyPage = `<!doctype html><html><body style="margin:0">
<div id="spacer" style="height:3000px">Scroll down</div>
<iframe id="lazy" style="width:800px;height:400px;border:0" src="${app}/embed?load=lazy${shareHash()}"></iframe>
</body></html>`;
  const sdkPage = `<!doctype html><html><body>
<div id="embed"></div>
<script type="module">
  import * as sdk from '${app}/sdk.js';
  window.sdk = sdk;
  window.sdkLoaded = true;
</script></body></html>`;
  // The documented example, pointed at the app under test.
  const examplePage = readFileSync('examples/embed.html', 'utf8').replaceAll('http://app.localhost:4173', app);
  const pages: Record<string, string> = { '/lazy': lazyPage, '/sdk': sdkPage, '/example': examplePage };
  const server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((ok) => server.listen(0, 'localhost', ok));
  return { server, origin: `http://sdk.app.localhost:${(server.address() as AddressInfo).port}` };
}

let host: { server: Server; origin: string };
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => {
  await new Promise((ok) => host.server.close(ok));
});

test('load=lazy loads once the embed scrolls into view', async ({ page }) => {
  await page.goto(`${host.origin}/lazy`);
  const embed = page.frameLocator('#lazy');
  await expect(embed.getByText('The project loads when it scrolls into view.')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(embed.getByText('The project loads when it scrolls into view.')).toBeVisible();
  await page.locator('#lazy').scrollIntoViewIfNeeded();
  await expect(embed.frameLocator('iframe[title="Preview"]').locator('#title[data-ran="yes"]')).toBeVisible({
    timeout: 30_000,
  });
});

test('the SDK drives an embed from another origin: files, preview, events, errors, destroy', async ({ page }) => {
  const sdkResponse = page.waitForResponse(`${app}/sdk.js`);
  await page.goto(`${host.origin}/sdk`);
  const res = await sdkResponse;
  expect(res.headers()['access-control-allow-origin']).toBe('*');
  expect(res.headers()['content-type']).toMatch(/javascript/);
  await page.waitForFunction(() => (window as unknown as { sdkLoaded?: boolean }).sdkLoaded);

  await page.evaluate(
    async ({ files, app }) => {
      const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      w.events = { ready: 0, change: [], console: [], compiled: 0, error: [] };
      const vm = await w.sdk.embedProject(
        'embed',
        { files, title: 'From the SDK', open: 'src/main.ts' },
        { appUrl: app, height: 500, console: true },
      );
      w.vm = vm;
      vm.on('ready', () => w.events.ready++);
      vm.on('change', (e: { paths: string[] }) => w.events.change.push(...e.paths));
      vm.on('console', (e: { args: string[] }) => w.events.console.push(e.args.join(' ')));
      vm.on('compiled', () => w.events.compiled++);
      vm.on('error', (e: { message: string }) => w.events.error.push(e.message));
    },
    { files, app },
  );
  const embed = page.frameLocator('#embed');
  const preview = embed.frameLocator('iframe[title="Preview"]');
  await expect(preview.locator('#title[data-ran="yes"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('iframe#embed')).toHaveCSS('height', '500px');
  // `ready` is sticky: the listener added after embedProject resolved still heard it, once.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { events: { ready: number } }).events.ready))
    .toBe(1);

  const call = <T>(fn: string, ...args: unknown[]) =>
    page.evaluate(
      async ({ fn, args }) => {
        const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        const path = fn.split('.');
        const target = path.length > 1 ? w.vm[path[0]] : w.vm;
        try {
          return { ok: true, value: await target[path[path.length - 1]](...args) };
        } catch (err) {
          return { ok: false, name: (err as Error).name, code: (err as { code?: string }).code };
        }
      },
      { fn, args },
    ) as Promise<{ ok: true; value: T } | { ok: false; name: string; code: string }>;

  expect(await call('getFiles')).toEqual({ ok: true, value: files });

  // applyFsDiff changes the preview and reports the change.
  await expect(
    call('applyFsDiff', {
      create: {
        'src/main.ts':
          "console.log('changed by sdk');\ndocument.querySelector('#title')!.textContent = 'SDK was here';\n",
      },
      destroy: ['about.html'],
    }),
  ).resolves.toEqual({ ok: true });
  await expect(preview.locator('#title')).toHaveText('SDK was here', { timeout: 30_000 });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { events: { change: string[] } }).events.change))
    .toEqual(expect.arrayContaining(['src/main.ts', 'about.html']));
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { events: { console: string[] } }).events.console))
    .toContain('changed by sdk');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { events: { compiled: number } }).events.compiled))
    .toBeGreaterThan(0);
  const after = await call<Record<string, string>>('getFiles');
  expect(after.ok && Object.keys(after.value).sort()).toEqual(['index.html', 'src/main.ts']);

  // openFile: the editor shows it; an unknown file is a typed not-found error.
  await call('applyFsDiff', { create: { 'notes.md': '# Notes\n' }, destroy: [] });
  expect(await call('openFile', 'notes.md')).toEqual({ ok: true });
  await expect(embed.getByRole('tab', { name: /notes\.md/ })).toBeVisible();
  expect(await call('openFile', 'missing.ts')).toEqual({ ok: false, name: 'CoveSdkError', code: 'not-found' });

  // The preview's URL.
  expect(await call('preview.getUrl')).toEqual({ ok: true, value: '/' });
  await call('applyFsDiff', { create: { 'about.html': files['about.html'] }, destroy: [] });
  expect(await call('preview.setUrl', '/about.html')).toEqual({ ok: true });
  await expect(preview.locator('#about')).toHaveText('About page', { timeout: 30_000 });
  expect(await call('preview.getUrl')).toEqual({ ok: true, value: '/about.html' });
  expect(await call('preview.setUrl', 'https://evil.example/')).toEqual({
    ok: false,
    name: 'CoveSdkError',
    code: 'invalid',
  });

  // An uncaught error in the preview is an `error` event.
  await call('applyFsDiff', { create: { 'src/main.ts': "throw new Error('boom from the sdk test');\n" }, destroy: [] });
  await call('preview.setUrl', '/');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { events: { error: string[] } }).events.error))
    .toEqual(expect.arrayContaining([expect.stringContaining('boom from the sdk test')]));

  // destroy: the iframe goes, later calls reject with destroyed.
  await page.evaluate(() => (window as unknown as { vm: { destroy(): void } }).vm.destroy());
  await expect(page.locator('iframe#embed')).toHaveCount(0);
  expect(await call('getFiles')).toEqual({ ok: false, name: 'CoveSdkError', code: 'destroyed' });
});

test('from a page of another site the preview runs without a service worker, and the SDK still drives it', async ({
  page,
}) => {
  // 127.0.0.1 is another site than app.localhost: the browser refuses the preview's service worker there.
  const crossSite = host.origin.replace('sdk.app.localhost', '127.0.0.1');
  await page.goto(`${crossSite}/sdk`);
  await page.waitForFunction(() => (window as unknown as { sdkLoaded?: boolean }).sdkLoaded);
  await page.evaluate(
    async ({ files, app }) => {
      const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      w.vm = await w.sdk.embedProject('embed', { files, title: 'Across sites', open: 'src/main.ts' }, { appUrl: app });
    },
    { files, app },
  );
  const embed = page.frameLocator('#embed');
  const preview = embed.frameLocator('iframe[title="Preview"]');
  await expect(preview.locator('#title[data-ran="yes"]')).toBeVisible({ timeout: 30_000 });
  await expect(embed.getByText(/Bundled preview \(no service worker/)).toBeVisible();

  await page.evaluate(() =>
    (window as unknown as { vm: { applyFsDiff(d: object): Promise<void> } }).vm.applyFsDiff({
      create: { 'src/main.ts': "document.querySelector('#title')!.textContent = 'Driven across sites';\n" },
      destroy: [],
    }),
  );
  await expect(preview.locator('#title')).toHaveText('Driven across sites', { timeout: 30_000 });
  const names = await page.evaluate(async () =>
    Object.keys(await (window as unknown as { vm: { getFiles(): Promise<object> } }).vm.getFiles()),
  );
  expect(names).toContain('src/main.ts');
});

test('the SDK refuses an embed that answers from another origin than appUrl', async ({ page }) => {
  await page.goto(`${host.origin}/sdk`);
  await page.waitForFunction(() => (window as unknown as { sdkLoaded?: boolean }).sdkLoaded);
  // appUrl names a different origin than the page the frame actually loads (via the localhost redirect).
  const result = await page.evaluate(async (p) => {
    const w = window as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const vm = w.sdk.embedProject('embed', { files: { 'index.html': 'x' } }, { appUrl: `http://localhost:${p}/` });
    const timeout = new Promise((ok) => setTimeout(() => ok('no handshake'), 4000));
    return Promise.race([
      vm.then(
        () => 'connected',
        (e: Error) => e.name,
      ),
      timeout,
    ]);
  }, port);
  expect(result).toBe('no handshake');
});

test('the documented example page works', async ({ page }) => {
  await page.goto(`${host.origin}/example`);
  const log = page.locator('#log');
  await expect(log).toContainText('ready', { timeout: 30_000 });
  const preview = page.frameLocator('iframe#playground').frameLocator('iframe[title="Preview"]');
  await expect(preview.locator('#title')).toHaveText('Hello', { timeout: 30_000 });
  await expect(log).toContainText('console.log the preview is running');
  await page.getByRole('button', { name: 'Change the heading' }).click();
  await expect(preview.locator('#title')).toHaveText('Changed by the SDK', { timeout: 30_000 });
  await expect(log).toContainText('change src/main.ts');
  await page.getByRole('button', { name: 'Show /about.html' }).click();
  await expect(log).toContainText('preview at /about.html');
  await page.getByRole('button', { name: 'Destroy' }).click();
  await expect(page.locator('iframe#playground')).toHaveCount(0);
});

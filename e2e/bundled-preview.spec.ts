import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { startEmbedder, type Embedder } from './embedder';
import { openFile, preview, replaceEditorText } from './fixtures';

// The preview without a service worker: the project bundled into one document, run in a sandboxed
// `srcdoc` frame with an opaque origin. Forced with `?preview=bundled`, and chosen by itself when the
// IDE is embedded in a page of another site (where the browser refuses the service worker).

const LIGHT_BG = 'rgb(247, 248, 251)'; // templates/vanilla-ts/src/style.css, --bg

async function imageShown(img: Locator): Promise<boolean> {
  return img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);
}

/** The default example renders completely: counter, CSS, images. */
async function expectDefaultExample(frame: FrameLocator): Promise<void> {
  const counter = frame.locator('#counter');
  await expect(counter).toHaveText('count is 0', { timeout: 60_000 });
  await counter.click();
  await expect(counter).toHaveText('count is 1');
  await expect(frame.locator('html')).toHaveCSS('background-color', LIGHT_BG);
  await expect.poll(() => imageShown(frame.locator('img.logo'))).toBe(true);
  // A file of public/, named by its URL in the project's own markup.
  await expect.poll(() => imageShown(frame.locator('footer img'))).toBe(true);
}

async function expectBundledFrame(frameElement: Locator): Promise<void> {
  const sandbox = (await frameElement.getAttribute('sandbox')) ?? '';
  expect(sandbox.split(/\s+/)).toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-same-origin');
  expect(await frameElement.getAttribute('srcdoc')).toBeTruthy();
}

test('forced with ?preview=bundled, the default example runs, logs, and follows edits', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/?preview=bundled');
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+/);
  const pane = page.getByRole('region', { name: 'Preview' });
  await expect(pane.getByText(/Bundled preview \(no service worker: forced/)).toBeVisible({ timeout: 30_000 });

  await expectDefaultExample(preview(page));
  await expectBundledFrame(page.locator('iframe[title="Preview"]'));

  await openFile(page, 'src/main.ts');
  await replaceEditorText(
    page,
    `import './style.css';\nconsole.log('hello from the bundled preview', { deep: 42 });\n` +
      `setTimeout(() => { throw new Error('bundled boom'); });\n` +
      `document.querySelector('#app')!.innerHTML = '<h1 id="edited">Edited, bundled</h1>';\n`,
  );
  await expect(preview(page).locator('#edited')).toHaveText('Edited, bundled');
  await expect(preview(page).locator('html')).toHaveCSS('background-color', LIGHT_BG);
  await page.getByRole('tab', { name: /Console/ }).click();
  const log = page.getByRole('log');
  await expect(log).toContainText('hello from the bundled preview');
  await expect(log).toContainText('bundled boom');

  // A compile error shows in the preview's overlay, and goes away when fixed.
  await replaceEditorText(page, `const = ;\n`);
  await expect(preview(page).getByRole('alert')).toContainText('src/main.ts:1', { timeout: 20_000 });
  await replaceEditorText(page, `document.body.innerHTML = '<p id="fixed">fixed</p>';\n`);
  await expect(preview(page).locator('#fixed')).toHaveText('fixed');

  // A link to another page of the project is bundled by the IDE (the frame cannot leave about:srcdoc).
  await replaceEditorText(page, `document.body.innerHTML = '<a id="go" href="/index.html?page=2">next</a>';\n`);
  await preview(page).locator('#go').click();
  await expect(page.getByRole('textbox', { name: 'Preview URL' })).toHaveValue('/index.html?page=2');
  await expect(preview(page).locator('#go')).toBeVisible();
  // The thrown error above is the page's own, on purpose.
  expect(errors.filter((e) => !e.includes('bundled boom'))).toEqual([]);
});

test('the same default example renders the same way through the service worker', async ({ page }) => {
  await page.goto('/?preview=service-worker');
  await expectDefaultExample(preview(page));
  const frame = page.locator('iframe[title="Preview"]');
  expect(await frame.getAttribute('sandbox')).toContain('allow-same-origin');
  expect(await frame.getAttribute('srcdoc')).toBeNull();
  await expect(page.getByText(/Bundled preview/)).toHaveCount(0);
});

test('the reload button rebuilds the bundled page', async ({ page }) => {
  await page.goto('/?preview=bundled');
  const counter = preview(page).locator('#counter');
  await expect(counter).toHaveText('count is 0', { timeout: 60_000 });
  await counter.click();
  await expect(counter).toHaveText('count is 1');
  await page.getByRole('button', { name: 'Reload preview' }).click();
  await expect(counter).toHaveText('count is 0');
});

test('a React template with npm packages renders and counts, bundled', async ({ page }) => {
  await page.goto('/projects?preview=bundled');
  await page.getByRole('button', { name: 'New project from template React + TypeScript' }).click();
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await expect(page.getByText(/Bundled preview \(no service worker: forced/)).toBeVisible();
  const frame = preview(page);
  await expect(frame.getByRole('heading', { name: 'Hello, world!' })).toBeVisible({ timeout: 60_000 });
  const button = frame.getByRole('button', { name: /count is/ });
  await button.click();
  await expect(button).toHaveText('count is 1');
  await frame.getByRole('textbox').fill('Cove');
  await expect(frame.getByRole('heading', { name: 'Hello, Cove!' })).toBeVisible();
});

let embedder: Embedder;

test.beforeAll(async ({ baseURL }) => {
  embedder = await startEmbedder(baseURL!);
});

test.afterAll(() => embedder.close());

async function openEmbedded(page: Page, path = '/'): Promise<FrameLocator> {
  await page.goto(embedder.url(path));
  return page.frameLocator('iframe[title="Cove"]');
}

test('embedded in a page of another site, the preview runs bundled by itself', async ({ page }) => {
  const ide = await openEmbedded(page);
  await expect(ide.getByRole('tree')).toBeVisible({ timeout: 30_000 });
  const pane = ide.getByRole('region', { name: 'Preview' });
  await expect(pane.getByText(/Bundled preview \(no service worker: .*service worker/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(pane.getByRole('heading', { name: 'The preview cannot run here' })).toHaveCount(0);
  await expectDefaultExample(ide.frameLocator('iframe[title="Preview"]'));
  await expectBundledFrame(ide.locator('iframe[title="Preview"]'));
});

test('embedded in a page of another site, a React project installs its packages and runs bundled', async ({ page }) => {
  const ide = await openEmbedded(page, '/projects');
  await ide.getByRole('button', { name: 'New project from template React + TypeScript' }).click();
  await expect(ide.getByText(/Bundled preview \(no service worker: /)).toBeVisible({ timeout: 30_000 });
  const frame = ide.frameLocator('iframe[title="Preview"]');
  await expect(frame.getByRole('heading', { name: 'Hello, world!' })).toBeVisible({ timeout: 60_000 });
  const button = frame.getByRole('button', { name: /count is/ });
  await button.click();
  await expect(button).toHaveText('count is 1');
});

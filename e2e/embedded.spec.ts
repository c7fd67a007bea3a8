import { expect, test } from '@playwright/test';
import { startEmbedder, type Embedder } from './embedder';

// Cove embedded in a page of another site (e2e/embedder.ts).
let embedder: Embedder;

test.beforeAll(async ({ baseURL }) => {
  embedder = await startEmbedder(baseURL!);
});

test.afterAll(() => embedder.close());

test('embedded in another site, the IDE still loads and says why the preview runs without a service worker', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(embedder.url());
  const ide = page.frameLocator('iframe[title="Cove"]');

  // The browser denies the cross-site frame its storage: the IDE runs in memory, and says so.
  await expect(ide.getByRole('tree')).toBeVisible({ timeout: 30_000 });
  await expect(ide.getByRole('treeitem', { name: 'index.html', exact: true })).toBeVisible();
  await expect(ide.getByText(/does not let Cove store anything/)).toBeVisible();

  // The browser refuses the preview's service worker: the preview runs bundled instead, and says why.
  const pane = ide.getByRole('region', { name: 'Preview' });
  await expect(pane.getByText(/^Bundled preview \(no service worker: /)).toBeVisible({ timeout: 30_000 });
  await expect(pane.getByText(/refused the preview's service worker/)).toBeVisible();
  await expect(pane.getByRole('heading', { name: 'The preview cannot run here' })).toHaveCount(0);
  await expect(ide.frameLocator('iframe[title="Preview"]').locator('#counter')).toBeVisible({ timeout: 60_000 });

  expect(errors).toEqual([]);
});

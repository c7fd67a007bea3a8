import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

// Cove embedded in a page of another site. The embedding page is served for real by a server on
// 127.0.0.1 (a different site from app.localhost): a page fulfilled by `page.route` counts as a
// public page to Chromium, whose Local Network Access checks then block the IDE's loopback frame.
let server: Server;
let embedderUrl: string;

test.beforeAll(async ({ baseURL }) => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><title>Another site</title>` +
        `<iframe title="Cove" src="${baseURL}/" style="width:1200px;height:800px"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  embedderUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('embedded in another site, the IDE still loads and says why the preview runs without a service worker', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(embedderUrl);
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

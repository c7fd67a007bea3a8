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

test('embedded in another site, the IDE still loads and says why the preview cannot run', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(embedderUrl);
  const ide = page.frameLocator('iframe[title="Cove"]');

  // The browser denies the cross-site frame its storage: the IDE runs in memory, and says so.
  await expect(ide.getByRole('tree')).toBeVisible({ timeout: 30_000 });
  await expect(ide.getByRole('treeitem', { name: 'index.html', exact: true })).toBeVisible();
  await expect(ide.getByText(/does not let Cove store anything/)).toBeVisible();

  // The preview pane says in plain words that the preview cannot run, and why.
  const pane = ide.getByRole('region', { name: 'Preview' });
  await expect(pane.getByRole('heading', { name: 'The preview cannot run here' })).toBeVisible({ timeout: 30_000 });
  await expect(pane.getByRole('status')).toContainText('needs a service worker');
  await expect(pane.getByRole('status')).toContainText(/refused the preview's service worker/);
  await expect(pane.getByRole('status')).toContainText(/embedded in a page of another site/);

  // The nested preview page itself explains too (for "Open in new window" and screen readers).
  const nested = ide.frameLocator('iframe[title="Preview"]');
  await expect(nested.locator('body')).toContainText('The preview cannot run in this browser window');
  await expect(nested.locator('body')).toContainText(/service worker/);

  expect(errors).toEqual([]);
});

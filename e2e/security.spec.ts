import { expect, test } from '@playwright/test';
import { openDefaultProject } from './fixtures';

test('the preview runs on its own origin, sandboxed, and cannot reach the IDE', async ({ page }) => {
  const id = await openDefaultProject(page);
  const iframe = page.locator('iframe[title="Preview"]');
  const sandbox = (await iframe.getAttribute('sandbox')) ?? '';
  expect(sandbox).toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-top-navigation');
  const frame = page.frames().find((f) => f.url().includes(`p-${id}.`));
  expect(frame, 'preview frame on the project origin').toBeTruthy();
  const ideOrigin = new URL(page.url()).origin;
  const previewOrigin = new URL(frame!.url()).origin;
  expect(previewOrigin).not.toBe(ideOrigin);

  const probe = await frame!.evaluate(async () => {
    let parentDocument = 'readable';
    try {
      void window.parent.document.title;
    } catch {
      parentDocument = 'blocked';
    }
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    let topNavigation = 'allowed';
    try {
      window.top!.location.href = 'about:blank';
    } catch {
      topNavigation = 'blocked';
    }
    return { parentDocument, dbs, topNavigation };
  });
  expect(probe.parentDocument).toBe('blocked');
  expect(probe.topNavigation).toBe('blocked');
  const ideDbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(ideDbs.length).toBeGreaterThan(0);
  for (const name of ideDbs) expect(probe.dbs).not.toContain(name);
  await expect(page).toHaveURL(new RegExp(`/p/${id}`));
});

test('messages from the preview that do not come from its frame are ignored', async ({ page }) => {
  await openDefaultProject(page);
  // A message posted by the IDE's own window is not from the preview frame: no console entry may appear.
  await page.evaluate(() =>
    window.postMessage(
      { cove: 1, type: 'console', level: 'log', args: [{ t: 'string', s: 'forged message' }], time: 0 },
      '*',
    ),
  );
  await page.getByRole('tab', { name: /Console/ }).click();
  await page.waitForTimeout(300);
  await expect(page.getByRole('log')).not.toContainText('forged message');
});

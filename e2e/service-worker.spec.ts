import { expect, test } from '@playwright/test';
import { openDefaultProject, preview } from './fixtures';

test('a stopped service worker recovers on the next load', async ({ page, context }) => {
  await openDefaultProject(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.getByRole('button', { name: 'Reload preview' }).click();
  await expect(preview(page).locator('#counter')).toHaveText(/count is 0/, { timeout: 30_000 });
  // And once more, stopping it while the page stays open, then navigating inside the preview.
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.getByRole('textbox', { name: 'Preview URL' }).fill('/');
  await page.getByRole('textbox', { name: 'Preview URL' }).press('Enter');
  await expect(preview(page).locator('#counter')).toBeVisible({ timeout: 30_000 });
});

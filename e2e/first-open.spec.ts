import { expect, test } from '@playwright/test';
import { openDefaultProject, preview, treeItem } from './fixtures';

test('a browser with no projects opens the default example, running in the preview', async ({ page }) => {
  await openDefaultProject(page);
  await expect(treeItem(page, 'src')).toBeVisible();
  await expect(treeItem(page, 'index.html')).toBeVisible();
  const frame = preview(page);
  // The counter module runs and reacts.
  const counter = frame.locator('#counter');
  await expect(counter).toHaveText(/count is 0/);
  await counter.click();
  await expect(counter).toHaveText(/count is 1/);
  // The imported image and the public/ image decode (served by the service worker as real bytes).
  const images = frame.locator('img');
  expect(await images.count()).toBeGreaterThan(0);
  for (const img of await images.all()) {
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
  // The stylesheet applied (its custom property is visible), the JSON rendered, CSS modules hashed their classes.
  const accent = await frame.locator('html').evaluate((el) => getComputedStyle(el).getPropertyValue('--accent').trim());
  expect(accent).toBe('#646cff');
  const features = frame.locator('section li');
  expect(await features.count()).toBeGreaterThan(1);
  const sectionClass = (await frame.locator('section').first().getAttribute('class')) ?? '';
  expect(sectionClass).not.toBe('');
  expect(sectionClass).not.toBe('card');
  await expect(frame.locator('footer')).toContainText('development');
});

test('localhost redirects to the IDE address that previews are same-site with', async ({ page }) => {
  const port = new URL(test.info().project.use.baseURL!).port;
  await page.goto(`http://localhost:${port}/`);
  await expect(page).toHaveURL(new RegExp(`^http://app\\.localhost:${port}/p/`));
});

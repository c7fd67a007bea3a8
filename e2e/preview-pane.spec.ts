import { expect, test } from '@playwright/test';
import { openDefaultProject, openFile, preview, replaceEditorText, treeItem } from './fixtures';

test('a CSS edit restyles the preview without reloading it', async ({ page }) => {
  await openDefaultProject(page);
  const frame = page.frames().find((f) => /\/\/p-[a-z0-9]+\./.test(f.url()))!;
  // State that a reload would lose: a click on the counter and a marker on window.
  await preview(page).locator('#counter').click();
  await expect(preview(page).locator('#counter')).toHaveText(/count is 1/);
  await frame.evaluate(() => ((window as unknown as { __kept: number }).__kept = 42));
  await openFile(page, 'src/style.css');
  await replaceEditorText(page, `h1 { color: rgb(1, 2, 3); }\n`);
  await expect
    .poll(() =>
      preview(page)
        .locator('h1')
        .evaluate((h) => getComputedStyle(h).color),
    )
    .toBe('rgb(1, 2, 3)');
  expect(await frame.evaluate(() => (window as unknown as { __kept?: number }).__kept)).toBe(42);
  await expect(preview(page).locator('#counter')).toHaveText(/count is 1/);
});

test('the URL bar navigates inside the preview, and reload keeps the page', async ({ page }) => {
  await openDefaultProject(page);
  // New files go into the folder of the selected tree item: select a root-level file first.
  await treeItem(page, 'index.html').click();
  await page.getByRole('button', { name: 'New file' }).click();
  const input = page.getByRole('textbox', { name: /name/i });
  await input.fill('about.html');
  await input.press('Enter');
  await replaceEditorText(page, `<!doctype html><title>About</title><h1 id="about">About page</h1>\n`);
  const url = page.getByRole('textbox', { name: 'Preview URL' });
  await url.fill('/about.html');
  await url.press('Enter');
  await expect(preview(page).locator('#about')).toHaveText('About page');
  await page.getByRole('button', { name: 'Reload preview' }).click();
  await expect(preview(page).locator('#about')).toHaveText('About page');
  await expect(url).toHaveValue('/about.html');
});

test('"Open in new window" shows the running project in a window of its own', async ({ page, context }) => {
  const id = await openDefaultProject(page);
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('button', { name: 'Open in new window' }).click(),
  ]);
  await expect(popup).toHaveURL(new RegExp(`//p-${id}\\.`));
  await expect(popup.locator('#counter')).toHaveText(/count is 0/, { timeout: 30_000 });
});

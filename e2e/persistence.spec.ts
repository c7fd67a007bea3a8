import { expect, test } from '@playwright/test';
import { editorText, openDefaultProject, openFile, preview, replaceEditorText } from './fixtures';

test('reload keeps every file, including an edit made just before it', async ({ page }) => {
  const id = await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  await replaceEditorText(page, `document.body.innerHTML = '<p id="kept">kept across reloads</p>';\n`);
  await expect(preview(page).locator('#kept')).toBeVisible();
  // The durability promise: on disk within a few hundred milliseconds.
  await page.waitForTimeout(400);
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/p/${id}`));
  await expect(preview(page).locator('#kept')).toHaveText('kept across reloads');
  await openFile(page, 'src/main.ts');
  expect(await editorText(page)).toContain('kept across reloads');
  // Other files are untouched.
  await openFile(page, 'index.html');
  expect(await editorText(page)).toContain('/src/main.ts');
});

test('two tabs editing the same project converge and corrupt nothing', async ({ page, context }) => {
  const id = await openDefaultProject(page);
  const other = await context.newPage();
  await other.goto(`/p/${id}`);
  await expect(preview(other).locator('#counter')).toBeVisible({ timeout: 30_000 });
  await openFile(page, 'src/main.ts');
  await openFile(other, 'src/main.ts');
  await replaceEditorText(page, `document.body.innerHTML = '<p id="who">first tab</p>';\n`);
  await expect(preview(other).locator('#who')).toHaveText('first tab');
  await expect.poll(() => editorText(other)).toContain('first tab');
  await replaceEditorText(other, `document.body.innerHTML = '<p id="who">second tab</p>';\n`);
  await expect(preview(page).locator('#who')).toHaveText('second tab');
  await page.waitForTimeout(400);
  await other.close();
  await page.reload();
  await openFile(page, 'src/main.ts');
  const text = await editorText(page);
  expect(text).toContain('second tab');
  expect(text).not.toContain('first tab');
});

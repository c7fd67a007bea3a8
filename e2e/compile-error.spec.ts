import { expect, test } from '@playwright/test';
import { openDefaultProject, openFile, preview, replaceEditorText } from './fixtures';

test('a compile error shows the overlay and the problems list; fixing it recovers', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  await replaceEditorText(page, `const broken = ;\ndocument.body.innerHTML = '<p id="fixed">fixed</p>';\n`);
  const overlay = preview(page).getByRole('alert');
  await expect(overlay).toContainText('src/main.ts:1');
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: /Problems/ });
  await expect(problems.getByRole('listitem').first()).toContainText('src/main.ts:1');
  await replaceEditorText(page, `const fine = 1;\ndocument.body.innerHTML = '<p id="fixed">fixed ' + fine + '</p>';\n`);
  await expect(preview(page).locator('#fixed')).toHaveText('fixed 1');
  await expect(preview(page).getByRole('alert')).toHaveCount(0);
  await expect(problems.getByRole('listitem').filter({ hasText: 'src/main.ts' })).toHaveCount(0);
});

test('a missing import names the file and the import', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  await replaceEditorText(page, `import { nope } from './does-not-exist';\nconsole.log(nope);\n`);
  await expect(preview(page).getByRole('alert')).toContainText('does-not-exist');
});

test('clicking a problem opens its file at its line and column', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/counter.ts');
  await replaceEditorText(page, `export function setupCounter(): void {}\nconst x = ;\n`);
  await page.getByRole('tab', { name: /Problems/ }).click();
  const item = page
    .getByRole('list', { name: /Problems/ })
    .getByRole('listitem')
    .filter({ hasText: 'src/counter.ts:2' });
  await expect(item).toBeVisible();
  await openFile(page, 'index.html');
  await item.getByRole('button').click();
  await expect(page.getByRole('tab', { name: /counter\.ts/, selected: true })).toBeVisible();
  await expect(page.getByText('Ln 2, Col 11')).toBeVisible();
});

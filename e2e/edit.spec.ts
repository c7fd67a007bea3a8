import { expect, test } from '@playwright/test';
import { editorText, openDefaultProject, openFile, preview, replaceEditorText, treeItem } from './fixtures';

test('an edit in Monaco updates the preview', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  const original = await editorText(page);
  expect(original).toContain('import');
  await replaceEditorText(
    page,
    `document.querySelector('#app')!.innerHTML = '<h1 id="edited">Edited in Monaco</h1><button id="counter">count is 0</button>';\n`,
  );
  await expect(preview(page).locator('#edited')).toHaveText('Edited in Monaco');
});

test('a new file imported from another appears in the preview', async ({ page }) => {
  await openDefaultProject(page);
  // New files go into the folder of the selected tree item: select a root-level file first.
  await treeItem(page, 'index.html').click();
  await page.getByRole('button', { name: 'New file' }).click();
  const input = page.getByRole('textbox', { name: /name/i });
  await input.fill('src/extra message.ts');
  await input.press('Enter');
  await expect(page.getByRole('tab', { name: /extra message\.ts/ })).toBeVisible();
  await replaceEditorText(page, `export const extra: string = 'Hello from a new file';\n`);
  await openFile(page, 'src/main.ts');
  await replaceEditorText(
    page,
    `import { extra } from './extra message';\ndocument.querySelector('#app')!.innerHTML = '<p id="extra">' + extra + '</p><button id="counter">count is 0</button>';\n`,
  );
  await expect(preview(page).locator('#extra')).toHaveText('Hello from a new file');
});

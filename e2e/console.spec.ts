import { expect, test } from '@playwright/test';
import { openDefaultProject, openFile, replaceEditorText } from './fixtures';

test('the console panel shows logs with levels and expandable objects, and clears', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  await replaceEditorText(
    page,
    `console.log('hello from the preview', { nested: { deep: 42 } });\nconsole.warn('careful');\nsetTimeout(() => { throw new Error('boom at runtime'); });\ndocument.body.innerHTML = '<p id="done">done</p>';\n`,
  );
  await page.getByRole('tab', { name: /Console/ }).click();
  const log = page.getByRole('log');
  await expect(log).toContainText('hello from the preview');
  await expect(log).toContainText('careful');
  await expect(log).toContainText('boom at runtime');
  await expect(log).toContainText('main.ts');
  await page.getByRole('button', { name: 'Clear console' }).click();
  await expect(log).not.toContainText('hello from the preview');
});

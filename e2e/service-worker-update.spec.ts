import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDefaultProject, openFile, preview, replaceEditorText } from './fixtures';

// A deploy of a new version: the server's `/cove-sw.js` changes under a running preview.
const swFile = join(process.env.COVE_DIST ?? 'dist', 'cove-sw.js');

test('a new service worker version replaces the old one and the preview keeps working', async ({ page }) => {
  const original = readFileSync(swFile, 'utf8');
  try {
    await openDefaultProject(page);
    const frame = page.frames().find((f) => /\/\/p-[a-z0-9]+\./.test(f.url()))!;
    writeFileSync(swFile, `${original}\n// next version ${Date.now()}\n`);
    const replaced = await frame.evaluate(async () => {
      const reg = (await navigator.serviceWorker.getRegistration('/'))!;
      const before = navigator.serviceWorker.controller;
      const changed = new Promise<boolean>((resolve) => {
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
        setTimeout(() => resolve(false), 15_000);
      });
      await reg.update();
      return (await changed) && navigator.serviceWorker.controller !== before;
    });
    expect(replaced).toBe(true);
    // The new worker has no port yet: the next load must reconnect on its own.
    await page.getByRole('button', { name: 'Reload preview' }).click();
    await expect(preview(page).locator('#counter')).toHaveText(/count is 0/, { timeout: 30_000 });
    await openFile(page, 'src/main.ts');
    await replaceEditorText(page, `document.body.innerHTML = '<p id="after">after the update</p>';\n`);
    await expect(preview(page).locator('#after')).toHaveText('after the update');
  } finally {
    writeFileSync(swFile, original);
  }
});

import { expect, type FrameLocator, type Page } from '@playwright/test';

/** Opens the IDE at `/` (a browser with no projects gets the default example) and waits for the preview. */
export async function openDefaultProject(page: Page): Promise<string> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+/);
  await expect(page.getByRole('tree')).toBeVisible();
  await expect(preview(page).locator('#counter')).toBeVisible({ timeout: 30_000 });
  return new URL(page.url()).pathname.split('/')[2];
}

export function preview(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Preview"]');
}

export function treeItem(page: Page, name: string) {
  return page.getByRole('tree').getByRole('treeitem', { name, exact: true });
}

/** Opens a file from the tree, expanding the folders on its path. */
export async function openFile(page: Page, path: string): Promise<void> {
  const parts = path.split('/');
  for (const folder of parts.slice(0, -1)) {
    const item = treeItem(page, folder);
    if ((await item.getAttribute('aria-expanded')) === 'false') await item.click();
  }
  await treeItem(page, parts[parts.length - 1]).click();
  await expect(page.getByRole('tab', { name: new RegExp(escapeRegExp(parts[parts.length - 1])) })).toBeVisible();
  if (!/\.(png|jpe?g|gif|webp|ico|woff2?|ttf|otf)$/i.test(path)) await editorShows(page, path);
}

/** Waits until Monaco (a lazily loaded chunk) shows `path`. */
export async function editorShows(page: Page, path: string): Promise<void> {
  await page.waitForFunction(
    (p) => {
      const uri = document.querySelector('.monaco-editor[data-uri]')?.getAttribute('data-uri');
      return !!uri && decodeURIComponent(uri) === `file:///${p}`;
    },
    path,
    { timeout: 20_000 },
  );
}

/** Replaces the whole text of the editor as a person would: select all, then type (inserted as one edit). */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const editor = page.locator('.monaco-editor textarea').first();
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

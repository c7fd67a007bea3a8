import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { openDefaultProject, preview, treeItem } from './fixtures';

type JsonTree = Record<string, { directory: JsonTree } | { file: { contents: string; encoding?: string } }>;

const templateFile = (path: string) => readFile(new URL(`../templates/${path}`, import.meta.url));

/** Clicks "Export project" and returns the downloaded file's name and text. */
async function exportProject(page: Page): Promise<{ name: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export project' }).click();
  const download = await downloading;
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

async function goHome(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Cove' }).first().click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import project' }).click();
  await (await choosing).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

const projectRows = (page: Page) => page.getByRole('list', { name: 'Projects' }).getByRole('listitem');
const projectIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[2];

test('export downloads the project as FileSystemTree JSON; importing it makes an identical new project', async ({
  page,
}) => {
  const firstId = await openDefaultProject(page);
  const exported = await exportProject(page);
  expect(exported.name).toBe('Vanilla TypeScript.json');
  const tree = JSON.parse(exported.text) as JsonTree;

  const dir = (t: JsonTree, name: string) => (t[name] as { directory: JsonTree }).directory;
  const file = (t: JsonTree, name: string) => (t[name] as { file: { contents: string; encoding?: string } }).file;
  expect(file(tree, 'index.html').contents).toBe((await templateFile('vanilla-ts/index.html')).toString('utf8'));
  expect(file(dir(tree, 'src'), 'main.ts')).toEqual({
    contents: (await templateFile('vanilla-ts/src/main.ts')).toString('utf8'),
  });
  const icon = file(dir(tree, 'public'), 'icon.png');
  expect(icon.encoding).toBe('base64');
  expect(Buffer.from(icon.contents, 'base64').equals(await templateFile('vanilla-ts/public/icon.png'))).toBe(true);

  await goHome(page);
  await expect(projectRows(page)).toHaveCount(1);
  await importFile(page, exported.name, exported.text);

  // A new project opens (the original is untouched), with the same files, running in the preview.
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  expect(projectIdOf(page)).not.toBe(firstId);
  await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('Vanilla TypeScript');
  await expect(treeItem(page, 'index.html')).toBeVisible();
  await treeItem(page, 'public').click();
  await expect(treeItem(page, 'icon.png')).toBeVisible();
  const frame = preview(page);
  await expect(frame.locator('#counter')).toHaveText(/count is 0/, { timeout: 30_000 });
  const img = frame.locator('img[src="/icon.png"]');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  expect((await exportProject(page)).text).toBe(exported.text);

  await goHome(page);
  await expect(projectRows(page)).toHaveCount(2);
});

test('importing a broken file says why and creates nothing', async ({ page }) => {
  await openDefaultProject(page);
  await goHome(page);
  await expect(projectRows(page)).toHaveCount(1);

  await importFile(page, 'broken.json', '{"index.html": {"file": {"contents": "<p>cut off');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not import the project' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('"broken.json" is not a Cove project export: The file is not valid JSON');

  await importFile(
    page,
    'bad-tree.json',
    JSON.stringify({ src: { directory: { 'a.ts': { file: { contents: 5 } } } } }),
  );
  await expect(alert).toContainText('"src/a.ts": contents must be a string');

  await importFile(page, 'bad-bytes.json', '{"a.png": {"file": {"contents": "not base64!", "encoding": "base64"}}}');
  await expect(alert).toContainText('"a.png": contents are not valid base64');

  await expect(page).toHaveURL(/\/projects$/);
  await page.reload();
  await expect(projectRows(page)).toHaveCount(1);
});

test('the home view lists, creates, duplicates, renames and deletes projects', async ({ page }) => {
  await openDefaultProject(page);
  await goHome(page);
  await expect(projectRows(page)).toHaveCount(1);
  await expect(projectRows(page).first()).toContainText('Vanilla TypeScript');

  // New project from the second template: it opens and runs.
  await page.getByRole('button', { name: 'New project from template TSX without dependencies' }).click();
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await expect(treeItem(page, 'src')).toBeVisible();
  const todos = preview(page);
  await expect(todos.getByRole('heading', { name: 'Todos' })).toBeVisible({ timeout: 30_000 });
  await expect(todos.getByText('Add a todo below')).toBeVisible();
  await todos.getByRole('textbox', { name: 'New todo' }).fill('Write the e2e test');
  await todos.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(todos.getByText('Write the e2e test')).toBeVisible();
  const original = await exportProject(page);

  await goHome(page);
  await expect(projectRows(page)).toHaveCount(2);
  // Most recently changed first.
  await expect(projectRows(page).first()).toContainText('TSX without dependencies');

  // Duplicate: a copy with the same files.
  await page.getByRole('button', { name: 'Duplicate TSX without dependencies', exact: true }).click();
  await expect(projectRows(page)).toHaveCount(3);
  const copyLink = page.getByRole('link', { name: 'TSX without dependencies (copy)' });
  await copyLink.click();
  await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('TSX without dependencies (copy)');
  await expect(preview(page).getByRole('heading', { name: 'Todos' })).toBeVisible({ timeout: 30_000 });
  expect((await exportProject(page)).text).toBe(original.text);

  // Rename the copy; the new title stays after a reload.
  await goHome(page);
  await page.getByRole('button', { name: 'Rename TSX without dependencies (copy)' }).click();
  const titleInput = page.getByRole('textbox', { name: 'New title for TSX without dependencies (copy)' });
  await titleInput.fill('My todo app');
  await titleInput.press('Enter');
  await expect(page.getByRole('link', { name: 'My todo app', exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'My todo app', exact: true })).toBeVisible();
  await expect(projectRows(page)).toHaveCount(3);

  // Delete asks first; cancelling keeps the project, confirming removes it.
  await page.getByRole('button', { name: 'Delete My todo app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete project?' });
  await expect(dialog).toContainText('"My todo app" and all its files will be deleted');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(projectRows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Delete My todo app' }).click();
  await dialog.getByRole('button', { name: 'Delete project' }).click();
  await expect(page.getByRole('link', { name: 'My todo app', exact: true })).toBeHidden();
  await expect(projectRows(page)).toHaveCount(2);
  await page.reload();
  await expect(projectRows(page)).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'TSX without dependencies', exact: true })).toBeVisible();
});

test('the theme toggle switches to dark and stays dark after a reload', async ({ page }) => {
  await page.goto('/projects');
  await expect(page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  // The choice beats the system preference, and follows into a project.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.goto('/');
  await expect(page.getByRole('tree')).toBeVisible();
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

/** Project export as .zip and import of a .zip or a folder, through the real UI. */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { openDefaultProject, preview, treeItem } from './fixtures';
import { exportTree } from './npm-fixtures';

const templateFile = (path: string) => readFile(new URL(`../templates/${path}`, import.meta.url));
const projectRows = (page: Page) => page.getByRole('list', { name: 'Projects' }).getByRole('listitem');
const importAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Could not import the project' });

async function downloadZip(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download zip' }).click();
  const download = await downloading;
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

async function goHome(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Cove' }).first().click();
  await expect(page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
}

async function importZip(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import project' }).click();
  await (await choosing).setFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
}

/** Every file of a FileSystemTree JSON export, path -> contents (base64 for binary files). */
function flatten(tree: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, node] of Object.entries(tree) as [string, { directory?: object; file?: { contents: string } }][]) {
    if (node.directory) Object.assign(out, flatten(node.directory as Record<string, unknown>, `${prefix}${name}/`));
    else out[prefix + name] = node.file!.contents;
  }
  return out;
}

test('the project downloads as a zip with every file, and the zip imports as an identical new project', async ({
  page,
}) => {
  const firstId = await openDefaultProject(page);
  const tree = flatten(await exportTree(page));
  const { name, bytes } = await downloadZip(page);
  expect(name).toBe('Vanilla TypeScript.zip');

  const entries = unzipSync(bytes);
  const files = Object.keys(entries).filter((p) => !p.endsWith('/'));
  expect(files.sort()).toEqual(Object.keys(tree).sort());
  expect(files).toContain('public/icon.png');
  expect(Buffer.from(entries['public/icon.png']).equals(await templateFile('vanilla-ts/public/icon.png'))).toBe(true);
  expect(Buffer.from(entries['index.html']).equals(await templateFile('vanilla-ts/index.html'))).toBe(true);
  expect(Buffer.from(entries['src/main.ts']).toString('utf8')).toBe(tree['src/main.ts']);

  await goHome(page);
  await importZip(page, name, bytes);
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  expect(new URL(page.url()).pathname).not.toContain(firstId);
  await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('Vanilla TypeScript');
  await expect(preview(page).locator('#counter')).toHaveText(/count is 0/, { timeout: 30_000 });
  // Same files, same bytes (binary files stay binary: the JSON has them as base64).
  expect(flatten(await exportTree(page))).toEqual(tree);
});

test('a zip with one top-level folder imports without it; a zip slip is refused and creates nothing', async ({
  page,
}) => {
  await openDefaultProject(page);
  await goHome(page);
  await expect(projectRows(page)).toHaveCount(1);

  const text = (s: string) => new TextEncoder().encode(s);
  const evil = zipSync({ 'ok/index.html': text('<p>ok</p>'), 'ok/../../evil.txt': text('evil') });
  await importZip(page, 'evil.zip', evil);
  await expect(importAlert(page)).toContainText(
    '"evil.zip": The zip is refused: the entry "ok/../../evil.txt" points outside the project folder.',
  );
  await importZip(page, 'not-a-zip.zip', text('hello'));
  await expect(importAlert(page)).toContainText('"not-a-zip.zip": This is not a zip file');
  await expect(page).toHaveURL(/\/projects$/);
  await page.reload();
  await expect(projectRows(page)).toHaveCount(1);

  const zip = zipSync({
    'my-app-main/': new Uint8Array(0),
    'my-app-main/index.html': text('<h1 id="hello">Hello from a zip</h1>'),
    'my-app-main/src/util.ts': text('export const x = 1;\n'),
    '__MACOSX/my-app-main/._index.html': text('junk'),
  });
  await importZip(page, 'my-app-main.zip', zip);
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('my-app-main');
  await expect(preview(page).locator('#hello')).toHaveText('Hello from a zip', { timeout: 30_000 });
  expect(flatten(await exportTree(page))).toEqual({
    'index.html': '<h1 id="hello">Hello from a zip</h1>',
    'src/util.ts': 'export const x = 1;\n',
  });
  await expect(treeItem(page, 'my-app-main')).toHaveCount(0);
});

test('a folder imports as a new project without node_modules and .git', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'cove-folder-'));
  try {
    const root = join(dir, 'my-site');
    for (const sub of ['src', 'node_modules/left-pad', '.git']) await mkdir(join(root, sub), { recursive: true });
    const png = await templateFile('vanilla-ts/public/icon.png');
    await writeFile(join(root, 'index.html'), '<h1 id="site">Folder site</h1><img src="/logo.png">');
    await writeFile(join(root, 'logo.png'), png);
    await writeFile(join(root, 'src/a.ts'), 'export {};\n');
    await writeFile(join(root, 'node_modules/left-pad/index.js'), 'module.exports = 1;');
    await writeFile(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');

    await openDefaultProject(page);
    await goHome(page);
    await page.getByLabel('Folder to import').setInputFiles(root);
    await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
    await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('my-site');
    await expect(page.getByText(/Not imported: node_modules\/ is skipped.*\.git\/ is skipped/)).toBeVisible();
    await expect(preview(page).locator('#site')).toHaveText('Folder site', { timeout: 30_000 });
    expect(flatten(await exportTree(page))).toEqual({
      'index.html': '<h1 id="site">Folder site</h1><img src="/logo.png">',
      'logo.png': png.toString('base64'),
      'src/a.ts': 'export {};\n',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a zip dropped on the home view imports as a new project', async ({ page }) => {
  await openDefaultProject(page);
  await goHome(page);
  const zip = zipSync({ 'index.html': new TextEncoder().encode('<p id="dropped">dropped</p>') });
  await page.evaluate((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.zip', { type: 'application/zip' }));
    const target = document.querySelector('.home-main')!;
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, Array.from(zip));
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await expect(page.getByRole('textbox', { name: 'Project title' })).toHaveValue('dropped');
  await expect(preview(page).locator('#dropped')).toHaveText('dropped', { timeout: 30_000 });
});

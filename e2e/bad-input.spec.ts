/**
 * Bad input: each case must give a clear message or just work, and never corrupt or lose files.
 * (Two tabs on one project: persistence.spec.ts; syntax errors and missing imports: compile-error.spec.ts.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { editorText, openDefaultProject, openFile, preview, replaceEditorText, treeItem } from './fixtures';

/** The preview iframe's frame, to run `fetch` on the preview origin (through its service worker). */
function previewFrame(page: Page): Frame {
  const frame = page.frames().find((f) => /^http:\/\/p-[a-z0-9]+\./.test(f.url()));
  if (!frame) throw new Error('No preview frame');
  return frame;
}

/** Length and SHA-256 of what the preview serves at `url`: the bytes the project holds. */
async function servedDigest(page: Page, url: string): Promise<{ status: number; length: number; sha256: string }> {
  return previewFrame(page).evaluate(async (u) => {
    const res = await fetch(u, { cache: 'no-store' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return {
      status: res.status,
      length: bytes.length,
      sha256: [...hash].map((b) => b.toString(16).padStart(2, '0')).join(''),
    };
  }, url);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Types a name into the tree's inline "New file" / "New folder" input. */
async function createInTree(page: Page, kind: 'file' | 'folder', name: string): Promise<void> {
  await page.getByRole('button', { name: kind === 'file' ? 'New file' : 'New folder', exact: true }).click();
  const input = page.getByRole('textbox', { name: kind === 'file' ? 'New file name' : 'New folder name' });
  await input.fill(name);
  await input.press('Enter');
  await expect(input).toHaveCount(0);
}

/**
 * Replaces the editor's text with a real clipboard paste (one edit). `keyboard.insertText` is typing to
 * Monaco: it runs each character through the typing rules, one edit per character.
 */
async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/** Picks files with the tree's "Upload files" button, as a person would in the OS file chooser. */
async function uploadWithButton(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload files' }).click();
  await (await chooser).setFiles(files);
}

test('deleting a file that main.ts imports names both in the overlay and Problems; creating it again recovers', async ({
  page,
}) => {
  await openDefaultProject(page);
  await treeItem(page, 'counter.ts').click();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('src/counter.ts');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(treeItem(page, 'counter.ts')).toHaveCount(0);

  const overlay = preview(page).getByRole('alert');
  await expect(overlay).toContainText('./counter');
  await expect(overlay).toContainText('src/main.ts');
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: /Problems/ });
  await expect(problems.getByRole('listitem').filter({ hasText: './counter' })).toContainText('src/main.ts');

  // The selection was src/counter.ts, so "New file" goes into src.
  await createInTree(page, 'file', 'counter.ts');
  await expect(page.getByRole('tab', { name: /counter\.ts/ })).toBeVisible();
  // One line: Monaco's bracket auto-closing would add a "}" to a typed multi-line block.
  await replaceEditorText(
    page,
    `export function setupCounter(button: HTMLButtonElement): void { button.textContent = 'recreated'; }\n`,
  );
  await expect(preview(page).locator('#counter')).toHaveText('recreated');
  await expect(preview(page).getByRole('alert')).toHaveCount(0);
  await expect(problems.getByRole('listitem').filter({ hasText: './counter' })).toHaveCount(0);
});

test('a binary file opens in an info view with the image, and its bytes stay unchanged', async ({ page }) => {
  await openDefaultProject(page);
  const original = readFileSync(new URL('../templates/vanilla-ts/public/icon.png', import.meta.url));
  await openFile(page, 'public/icon.png');
  const image = page.getByRole('img', { name: 'Preview of icon.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByText(/Binary file · \d+ B · 32 × 32 · image\/png/)).toBeVisible();
  await expect(page.getByTestId('editor')).toBeHidden();
  // No bytes rendered as text anywhere in the editor area (a PNG starts with "\x89PNG").
  const pane = await page.locator('.editor-pane').innerText();
  expect(pane).not.toMatch(/PNG|IHDR|\ufffd/);

  // Viewing it, switching away and back, and reloading the preview changes nothing.
  await openFile(page, 'src/main.ts');
  await page.getByRole('tab', { name: /icon\.png/ }).click();
  await expect(image).toBeVisible();
  await page.getByRole('button', { name: 'Reload preview' }).click();
  const footerIcon = preview(page).locator('footer img');
  await expect.poll(() => footerIcon.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
  expect(await servedDigest(page, '/icon.png')).toEqual({
    status: 200,
    length: original.length,
    sha256: sha256(original),
  });
});

test('a 5 MB text file: uploads, opens read-only with a notice, persists exactly, the preview keeps working', async ({
  page,
}) => {
  await openDefaultProject(page);
  const line = (i: number) => `line ${String(i).padStart(7, '0')} ünïcödé ${'x'.repeat(40)}\n`;
  let big = '';
  for (let i = 0; big.length < 5 * 1024 * 1024; i++) big += line(i);
  big = big.slice(0, 5 * 1024 * 1024 - 1) + '\n';
  const bytes = Buffer.from(big, 'utf8');

  await treeItem(page, 'public').click();
  await uploadWithButton(page, [{ name: 'big.txt', mimeType: 'text/plain', buffer: bytes }]);
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded big.txt to public.' })).toBeVisible();
  await expect(treeItem(page, 'big.txt')).toBeVisible();
  // The upload opens the file: read-only, and it says why.
  await expect(page.getByRole('tab', { name: /big\.txt/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'larger than 2 MB' })).toContainText('read-only');
  await expect.poll(() => editorText(page)).toContain('line 0000000 ünïcödé');
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.type('typed');
  expect(await editorText(page)).not.toContain('typed');

  // The UI stays responsive: an edit elsewhere reaches the preview at once.
  const started = Date.now();
  await openFile(page, 'src/main.ts');
  await replaceEditorText(page, `document.body.innerHTML = '<p id="alive">alive</p>';\n`);
  await expect(preview(page).locator('#alive')).toHaveText('alive');
  expect(Date.now() - started).toBeLessThan(10_000);
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  expect(await servedDigest(page, '/big.txt')).toEqual({ status: 200, length: bytes.length, sha256: sha256(bytes) });

  await page.reload();
  await expect(preview(page).locator('#alive')).toHaveText('alive', { timeout: 30_000 });
  expect(await servedDigest(page, '/big.txt')).toEqual({ status: 200, length: bytes.length, sha256: sha256(bytes) });
});

test('2,000 files in a folder: the tree shows them, opens one, and they all survive a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await openDefaultProject(page);
  const files = Array.from({ length: 2000 }, (_, i) => ({
    name: `item-${String(i).padStart(4, '0')}.txt`,
    mimeType: 'text/plain',
    buffer: Buffer.from(`file number ${i}\n`),
  }));
  await treeItem(page, 'index.html').click(); // a root file: "New folder" goes to the root
  await createInTree(page, 'folder', 'data');
  await uploadWithButton(page, files);
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded 2000 files to data.' })).toBeVisible({
    timeout: 30_000,
  });
  const rows = page.getByRole('tree').locator('[role="treeitem"][data-path^="data/"]');
  await expect(rows).toHaveCount(2000);
  await treeItem(page, 'item-1234.txt').click();
  await expect(page.getByRole('tab', { name: /item-1234\.txt/ })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('file number 1234');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  await page.reload();
  await expect(preview(page).locator('#counter')).toBeVisible({ timeout: 30_000 });
  const data = treeItem(page, 'data');
  if ((await data.getAttribute('aria-expanded')) === 'false') await data.click();
  await expect(rows).toHaveCount(2000);
  await treeItem(page, 'item-1999.txt').click();
  await expect.poll(() => editorText(page)).toContain('file number 1999');
  expect(await servedDigest(page, '/data/item-0007.txt')).toMatchObject({
    status: 200,
    sha256: sha256('file number 7\n'),
  });
});

test('names with spaces, accents and emoji: create, import, rename, reload', async ({ page }) => {
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts'); // selects src/main.ts: new files go into src
  await createInTree(page, 'file', 'my file.ts');
  await replaceEditorText(page, `export const spaced = 'spaced';\n`);
  await createInTree(page, 'file', 'données/ünï cödé.ts');
  await expect(treeItem(page, 'données')).toBeVisible();
  await replaceEditorText(page, `export const x = 'ünï';\n`);
  await treeItem(page, 'main.ts').click();
  await createInTree(page, 'file', '🎉 party.ts');
  await replaceEditorText(page, `export const party = '🎉';\n`);

  const main = (unicode: string) =>
    `import { spaced } from './my file';\nimport { x } from '${unicode}';\nimport { party } from './🎉 party';\n` +
    'document.body.innerHTML = `<p id="names">${spaced} ${x} ${party}</p>`;\n';
  await openFile(page, 'src/main.ts');
  await replaceEditorText(page, main('./données/ünï cödé'));
  await expect(preview(page).locator('#names')).toHaveText('spaced ünï 🎉');

  // Rename the accented file (F2 in the tree) and follow it in the import.
  await treeItem(page, 'ünï cödé.ts').click();
  await page.keyboard.press('F2');
  const rename = page.getByRole('textbox', { name: 'Rename ünï cödé.ts' });
  await rename.fill('ñame 名前.ts');
  await rename.press('Enter');
  await expect(treeItem(page, 'ñame 名前.ts')).toBeVisible();
  await expect(treeItem(page, 'ünï cödé.ts')).toHaveCount(0);
  await expect(preview(page).getByRole('alert')).toContainText('ünï cödé');
  await page.getByRole('tab', { name: /main\.ts/ }).click();
  await replaceEditorText(page, main('./données/ñame 名前'));
  await expect(preview(page).locator('#names')).toHaveText('spaced ünï 🎉');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  await page.reload();
  await expect(preview(page).locator('#names')).toHaveText('spaced ünï 🎉', { timeout: 30_000 });
  for (const name of ['my file.ts', 'données', 'ñame 名前.ts', '🎉 party.ts']) {
    const item = treeItem(page, name);
    if (name === 'ñame 名前.ts' && !(await item.isVisible())) await treeItem(page, 'données').click();
    await expect(item).toBeVisible();
  }
  await openFile(page, 'src/données/ñame 名前.ts');
  expect(await editorText(page)).toContain(`export const x = 'ünï';`);
});

test('a full storage quota says "Not saved", keeps the edit, and saves it once there is room', async ({
  page,
  context,
  baseURL,
}) => {
  // Chromium fixes an origin's quota when its storage is first used, so the override (DevTools'
  // "simulate custom storage quota") comes before the IDE opens: 1.5 MB, room for the example only.
  const origin = new URL(baseURL!).origin;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1_500_000 });
  await openDefaultProject(page);
  await openFile(page, 'src/main.ts');
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  // Random text (IndexedDB compresses what it stores, so repeated characters would fit), 1.6 MB.
  const filler = `/*\n${randomBytes(1_200_000)
    .toString('base64')
    .replace(/.{100}/g, '$&\n')}\n*/\n`;
  await pasteIntoEditor(page, `document.body.innerHTML = '<p id="quota">first</p>';\n${filler}`);
  const status = page.getByTestId('save-status');
  await expect(status).toHaveText('Not saved: storage is full');
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved: storage is full.' })).toBeVisible();
  // Nothing is lost: the editor and the preview still have the edit.
  await page.keyboard.press('ControlOrMeta+Home');
  await expect.poll(() => editorText(page)).toContain(`<p id="quota">first</p>`);
  await expect(preview(page).locator('#quota')).toHaveText('first');

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.type('// second\n');
  await expect(status).toHaveText('Saved');
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toHaveCount(0);

  await page.reload();
  await expect(preview(page).locator('#quota')).toHaveText('first', { timeout: 30_000 });
  await openFile(page, 'src/main.ts');
  const text = await editorText(page);
  expect(text).toContain('// second');
  expect(text).toContain(`<p id="quota">first</p>`);
  expect((await servedDigest(page, '/src/main.ts')).status).toBe(200);
});

test('files dropped from the computer onto a folder are uploaded; an existing file is replaced only if confirmed', async ({
  page,
}) => {
  await openDefaultProject(page);
  const drop = async (target: string, name: string, text: string) => {
    const dataTransfer = await page.evaluateHandle(
      ([n, t]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([t], n, { type: 'text/plain' }));
        return dt;
      },
      [name, text],
    );
    await treeItem(page, target).dispatchEvent('dragover', { dataTransfer });
    await treeItem(page, target).dispatchEvent('drop', { dataTransfer });
  };
  await drop('src', 'notes.md', '# dropped\n');
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded notes.md to src.' })).toBeVisible();
  await expect(treeItem(page, 'notes.md')).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# dropped');

  // Same name again: asks first; "Cancel" keeps the file as it was.
  await drop('src', 'notes.md', '# replaced\n');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('"src/notes.md" already exists');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing was uploaded.' })).toBeVisible();
  expect(await editorText(page)).toContain('# dropped');
  await drop('src', 'notes.md', '# replaced\n');
  await page.getByRole('dialog').getByRole('button', { name: 'Replace' }).click();
  await expect.poll(() => editorText(page)).toContain('# replaced');
});

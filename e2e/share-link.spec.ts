/**
 * Snapshot share links (format in README "Share links"): links made in Node with zlib open in the
 * browser with exactly their files, the link Cove makes decodes in Node, and bad links change nothing.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { editorShows, openDefaultProject, preview } from './fixtures';
import { exportTree, treeFile } from './npm-fixtures';

const port = Number(process.env.E2E_PORT ?? 4173);

const files = {
  'index.html':
    '<!doctype html>\n<html><body><h1 id="title">Shared ✓</h1><img id="pic" src="/pic.png" alt="pic">' +
    '<script type="module" src="/src/main.ts"></script></body></html>\n',
  'src/main.ts': "document.querySelector('#title')!.setAttribute('data-ran', 'yes');\n",
  'src/util/strings.ts': 'export const greeting = "héllo";\n',
};

function payloadOf(json: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(json), 'utf8')).toString('base64url');
}

/** Projects stored in this browser, read from IndexedDB directly (0 before the app made its database). */
function projectCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'cove-projects')) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('cove-projects');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const req = db.transaction('meta').objectStore('meta').count();
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => reject(req.error);
      };
    });
  });
}

test('a link made with zlib opens with exactly its files, binary included; a reload does not import again', async ({
  page,
}) => {
  const png = await readFile('templates/vanilla-ts/public/icon.png');
  const payload = payloadOf({
    v: 1,
    files: { ...files, 'public/pic.png': { base64: png.toString('base64') } },
    open: 'src/util/strings.ts',
    title: 'From Node',
  });
  // Through the development-style address: `localhost` redirects to `app.localhost`, fragment kept.
  await page.goto(`http://localhost:${port}/#share=${payload}`);
  await expect(page).toHaveURL(new RegExp(`^http://app\\.localhost:${port}/p/[a-z0-9]+$`));
  const id = new URL(page.url()).pathname.split('/')[2];
  await expect(page.getByLabel('Project title')).toHaveValue('From Node');

  // The file `open` names is shown, and only it.
  await editorShows(page, 'src/util/strings.ts');
  await expect(page.getByRole('tab', { name: /strings\.ts/ })).toHaveAttribute('aria-selected', 'true');

  // The preview runs it, the binary image included.
  await expect(preview(page).locator('#title')).toHaveAttribute('data-ran', 'yes', { timeout: 30_000 });
  await expect
    .poll(() =>
      preview(page)
        .locator('#pic')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBeGreaterThan(0);

  // Exactly those files: the export has them and nothing else.
  const tree = await exportTree(page);
  for (const [path, text] of Object.entries(files)) expect(treeFile(tree, path)).toBe(text);
  const pic = (tree.public as { directory: Record<string, { file: { contents: string; encoding?: string } }> })
    .directory['pic.png'].file;
  expect(pic.encoding).toBe('base64');
  expect(Buffer.from(pic.contents, 'base64').equals(png)).toBe(true);
  expect(Object.keys(tree).sort()).toEqual(['index.html', 'public', 'src']);
  expect(Object.keys((tree.src as { directory: object }).directory).sort()).toEqual(['main.ts', 'util']);

  const count = await projectCount(page);
  expect(count).toBe(1);
  await page.reload();
  await expect(page.getByLabel('Project title')).toHaveValue('From Node');
  expect(new URL(page.url()).pathname).toBe(`/p/${id}`);
  expect(await projectCount(page)).toBe(count);
});

test("the link Cove's Share dialog makes decodes in Node to the project's files", async ({ page }) => {
  const png = await readFile('templates/vanilla-ts/public/icon.png');
  await page.goto(
    `/#share=${payloadOf({ v: 1, files: { ...files, 'public/pic.png': { base64: png.toString('base64') } }, title: 'Round trip' })}`,
  );
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await editorShows(page, 'src/main.ts');

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const box = dialog.getByLabel('Snapshot link');
  await expect(box).toHaveValue(/#share=/);
  const link = await box.inputValue();
  expect(link.startsWith(`http://app.localhost:${port}/#share=`)).toBe(true);
  await expect(dialog.getByTestId('snapshot-length')).toHaveText(`${link.length.toLocaleString('en-US')} characters`);
  // A small project: no warning about long links, and no live room made by opening the dialog.
  await expect(dialog.getByText('chat apps')).toHaveCount(0);
  await expect(dialog.getByLabel('Live link')).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Share live' })).toBeVisible();

  const payload = new URL(link).hash.slice('#share='.length);
  expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
  const json = JSON.parse(gunzipSync(Buffer.from(payload, 'base64url')).toString('utf8')) as unknown;
  expect(json).toEqual({
    v: 1,
    files: { ...files, 'public/pic.png': { base64: png.toString('base64') } },
    open: 'src/main.ts',
    title: 'Round trip',
  });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
});

test('a long snapshot link comes with a warning that suggests the live link', async ({ page }) => {
  // Random text hardly compresses, so the link gets long.
  const noise = Array.from({ length: 9000 }, (_, i) => ((i * 2654435761) >>> 7).toString(36)).join('');
  await page.goto(`/#share=${payloadOf({ v: 1, files: { 'index.html': '<p>x</p>\n', 'noise.txt': noise } })}`);
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Snapshot link')).toHaveValue(/#share=/);
  expect((await dialog.getByLabel('Snapshot link').inputValue()).length).toBeGreaterThan(8000);
  await expect(dialog.getByText(/longer than 8,000 characters: chat apps .* Share it live instead/)).toBeVisible();
});

test('malformed, truncated and unknown-version links show an error and create nothing', async ({ page }) => {
  const id = await openDefaultProject(page);
  expect(await projectCount(page)).toBe(1);
  const good = payloadOf({ v: 1, files: { 'a.txt': 'hello '.repeat(300) } });
  const cases: [string, RegExp][] = [
    ['not*base64', /not base64url/],
    [Buffer.from('{"v":1,"files":{"a":"x"}}').toString('base64url'), /not gzip/],
    [good.slice(0, Math.floor(good.length * 0.6)), /incomplete or damaged/],
    [payloadOf({ v: 2, files: { 'a.txt': 'x' } }), /format version 2/],
    [payloadOf({ v: 1, files: { '../evil.txt': 'x' } }), /bad file path/],
  ];
  for (const [payload, message] of cases) {
    await page.goto(`/projects#share=${payload}`);
    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { name: 'Could not open the share link' })).toBeVisible();
    await expect(alert).toContainText(message);
    expect(await projectCount(page)).toBe(1);
  }
  // The existing project is untouched and still opens.
  await page.goto(`/p/${id}`);
  await expect(preview(page).locator('#counter')).toBeVisible({ timeout: 30_000 });
  expect(await projectCount(page)).toBe(1);
});

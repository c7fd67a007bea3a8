/**
 * The IDE's npm views: the Dependencies panel, install errors in the panel and the status bar, the
 * read-only node_modules folder and package files, and the Problems quick fix. Packages come from
 * the local test registry (its cache), like npm.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { editorText, treeItem } from './fixtures';
import { importProject, openDependencies, pageFiles } from './npm-fixtures';

const INSTALL_TIMEOUT = 60_000;
const MAIN = "document.getElementById('out')!.textContent = 'ready';\n";

async function editorUri(page: Page): Promise<string | undefined> {
  const uri = await page.locator('.monaco-editor[data-uri]').first().getAttribute('data-uri');
  return uri ? decodeURIComponent(uri) : undefined;
}

test('the Dependencies panel lists package.json and checks what is typed before asking the registry', async ({
  page,
}) => {
  await importProject(
    page,
    'deps panel',
    pageFiles(MAIN, { dependencies: { 'is-number': '7.0.0' }, devDependencies: { typescript: '^5.9.3' } }),
  );
  const panel = await openDependencies(page);
  await expect(page.getByRole('tab', { name: 'Dependencies' })).toHaveAttribute('aria-selected', 'true');

  const row = panel.locator('[data-package="is-number"]');
  await expect(row).toContainText('7.0.0', { timeout: INSTALL_TIMEOUT });
  await expect(row.getByRole('button', { name: 'Update is-number to the latest version' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Remove is-number' })).toBeVisible();
  const tsRow = panel.locator('[data-package="typescript"]');
  await expect(tsRow).toContainText('not downloaded (build tool)');
  await expect(panel.getByRole('heading', { name: /devDependencies/ })).toBeVisible();
  await expect(panel.getByTestId('install-phase')).toHaveText(/installed/);
  await expect(page.getByTestId('install-status')).toHaveCount(0);

  // Bad input is answered at once, inline, and typing again clears it.
  const input = panel.getByLabel('Package to add');
  const error = panel.getByTestId('add-dependency-error');
  await input.fill('Bad Name');
  await input.press('Enter');
  await expect(error).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.fill('is-number@not a range!');
  await expect(error).toHaveCount(0);
  await input.press('Enter');
  await expect(error).toContainText('not a version range');
  await input.fill('is-number');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(error).toContainText('already a dependency');

  // An unknown package is reported by the registry, inline too, and package.json is left alone.
  await input.fill('cove-e2e-no-such-package');
  await input.press('Enter');
  await expect(error).toContainText('cove-e2e-no-such-package', { timeout: INSTALL_TIMEOUT });
  await expect(panel.locator('[data-package="cove-e2e-no-such-package"]')).toHaveCount(0);

  // The registry setting refuses what is not an http(s) URL and keeps the old value.
  await panel.getByText('Registry:').click();
  const url = panel.getByLabel('Registry URL');
  await url.fill('not a url');
  await url.press('Enter');
  await expect(panel.getByRole('alert').filter({ hasText: 'not a registry address' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('cove:npm-registry'))).toBeNull();
  await expect(panel.getByTestId('registry-setting')).toContainText('.npmrc');

  // The panel's tabs follow the arrow keys.
  await page.getByRole('tab', { name: 'Dependencies' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Console' })).toBeFocused();
});

test('installed packages show as a read-only node_modules folder whose files open read-only', async ({ page }) => {
  await importProject(page, 'deps tree', pageFiles(MAIN, { dependencies: { 'is-number': '7.0.0' } }));
  const nm = treeItem(page, 'node_modules');
  await expect(nm).toBeVisible({ timeout: INSTALL_TIMEOUT });
  await expect(nm).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('tree').getByRole('treeitem').last()).toHaveAttribute('data-path', 'node_modules');
  await expect(nm).not.toHaveAttribute('draggable', 'true');

  // Keyboard: expand, go down into it; F2 and Delete are refused with a word of explanation.
  await nm.focus();
  await page.keyboard.press('ArrowRight');
  await expect(nm).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  const pkg = treeItem(page, 'is-number');
  await expect(pkg).toBeFocused();
  await page.keyboard.press('F2');
  await expect(page.getByText('Installed packages are read-only')).toBeVisible();
  await expect(page.getByRole('textbox', { name: /Rename/ })).toHaveCount(0);
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(pkg).toHaveAttribute('aria-expanded', 'true');

  // A package file opens in a read-only tab from the package store, never as a project file.
  await page.getByRole('tree').locator('[data-path="node_modules/is-number/index.js"]').click();
  const tab = page.getByRole('tab', { name: 'index.js, read-only' });
  await expect(tab).toBeVisible();
  await expect.poll(() => editorUri(page), { timeout: 20_000 }).toBe('cove-npm:/node_modules/is-number/index.js');
  await expect(page.getByTestId('package-file-notice')).toContainText('is-number');
  await expect.poll(() => editorText(page)).toContain('module.exports');
  const before = await editorText(page);
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.type('oops');
  expect(await editorText(page)).toBe(before);

  // Closing the tab leaves no trace; opening again reads the file again.
  await tab.getByRole('button', { name: /Close/ }).click();
  await expect(tab).toHaveCount(0);
  await page.getByRole('tree').locator('[data-path="node_modules/is-number/package.json"]').click();
  await expect.poll(() => editorUri(page), { timeout: 20_000 }).toBe('cove-npm:/node_modules/is-number/package.json');
  await expect.poll(() => editorText(page)).toContain('"name": "is-number"');
});

test('an install error says what failed, in the panel and the status bar, and can be fixed from there', async ({
  page,
}) => {
  await importProject(
    page,
    'deps error',
    pageFiles(MAIN, { dependencies: { 'is-number': '7.0.0', 'cove-e2e-missing': '^1.0.0' } }),
  );
  const status = page.getByTestId('install-status');
  await expect(status).toContainText('Install failed', { timeout: INSTALL_TIMEOUT });
  await page.getByRole('tab', { name: 'Console' }).click();
  await status.click();
  const panel = page.getByTestId('dependencies-panel');
  await expect(panel).toBeVisible();
  const error = panel.getByTestId('install-error');
  await expect(error).toHaveAttribute('data-code', 'unknown-package');
  await expect(error).toContainText('cove-e2e-missing');
  await expect(panel.getByTestId('install-retry')).toBeVisible();

  // Retry asks again (and fails the same way); removing the culprit installs the rest.
  await panel.getByTestId('install-retry').click();
  await expect(error).toBeVisible({ timeout: INSTALL_TIMEOUT });
  await error.getByRole('button', { name: 'Remove cove-e2e-missing' }).click();
  await expect(error).toHaveCount(0, { timeout: INSTALL_TIMEOUT });
  await expect(panel.locator('[data-package="cove-e2e-missing"]')).toHaveCount(0);
  await expect(panel.locator('[data-package="is-number"]')).toContainText('7.0.0');
  await expect(status).toHaveCount(0);
});

test('a problem about an undeclared package offers to add it', async ({ page }) => {
  const main = "import isOdd from 'is-odd';\ndocument.getElementById('out')!.textContent = String(isOdd(3));\n";
  await importProject(page, 'deps fix', pageFiles(main, {}));
  await page.getByRole('tab', { name: /Problems/ }).click();
  const fix = page.getByTestId('problem-fix');
  await expect(fix).toHaveText('Add is-odd', { timeout: INSTALL_TIMEOUT });
  await fix.click();
  const panel = await openDependencies(page);
  await expect(panel.locator('[data-package="is-odd"]')).toContainText('3.0.1', { timeout: INSTALL_TIMEOUT });
  await expect(page.frameLocator('iframe[title="Preview"]').locator('#out')).toHaveText('true', {
    timeout: INSTALL_TIMEOUT,
  });
});

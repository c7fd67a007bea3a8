/**
 * npm packages in the browser, against the local test registry (real tarballs from `npm pack`):
 * install, pre-bundle, serve, lockfile, and the failure cases a person meets.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startTestRegistry } from '../scripts/test-registry/server.mjs';
import { openFile, preview, treeItem } from './fixtures';
import { E2E_REGISTRY, exportTree, importProject, openDependencies, pageFiles, treeFile } from './npm-fixtures';

const run = promisify(execFile);
const INSTALL_TIMEOUT = 60_000;

test('a React 18 TSX counter from the template installs, renders and counts; the lockfile is written', async ({
  page,
}) => {
  await page.goto('/projects');
  await page.getByRole('button', { name: 'New project from template React + TypeScript' }).click();
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  const frame = preview(page);
  await expect(frame.getByRole('heading', { name: 'Hello, world!' })).toBeVisible({ timeout: INSTALL_TIMEOUT });
  const button = frame.getByRole('button', { name: /count is/ });
  await expect(button).toHaveText('count is 0');
  await button.click();
  await button.click();
  await expect(button).toHaveText('count is 2');
  // State lives in React: typing re-renders without losing the count.
  await frame.getByRole('textbox').fill('Cove');
  await expect(frame.getByRole('heading', { name: 'Hello, Cove!' })).toBeVisible();
  await expect(button).toHaveText('count is 2');

  await expect(treeItem(page, 'package-lock.json')).toBeVisible({ timeout: INSTALL_TIMEOUT });
  const panel = await openDependencies(page);
  await expect(panel.locator('[data-package="react"]')).toContainText('18.3.1');
  await expect(panel.locator('[data-package="react-dom"]')).toContainText('18.3.1');
});

test('the Preact template installs and counts', async ({ page }) => {
  await page.goto('/projects');
  await page.getByRole('button', { name: 'New project from template Preact + TypeScript' }).click();
  const frame = preview(page);
  const button = frame.getByRole('button', { name: /count is/ });
  await expect(button).toHaveText('count is 0', { timeout: INSTALL_TIMEOUT });
  await button.click();
  await expect(button).toHaveText('count is 1');
  await frame.getByPlaceholder('Add an item').fill('milk');
  await frame.getByRole('button', { name: 'Add' }).click();
  await expect(frame.getByRole('listitem')).toHaveText('milk');
});

test('subpath, scoped and nested packages run; build tools are locked but not downloaded; npm ci agrees', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const main = [
    "import debounce from 'lodash-es/debounce';",
    "import { signal, computed } from '@preact/signals-core';",
    "import isOdd from 'is-odd';",
    "import isNumber from 'is-number';",
    "import { chunk } from 'lodash';",
    "import lodashPackage from 'lodash/package.json';",
    "import 'modern-normalize/modern-normalize.css';",
    'const s = signal(2);',
    'const doubled = computed(() => s.value * 2);',
    's.value = 5;',
    "const out = document.getElementById('out')!;",
    'out.textContent = JSON.stringify({',
    "  debounce: typeof debounce, doubled: doubled.value, odd: isOdd(3), num: isNumber('7'),",
    '  chunks: chunk([1, 2, 3], 2).length, lodash: lodashPackage.version,',
    '  // modern-normalize sets the page font to system-ui.',
    "  normalized: getComputedStyle(document.body).fontFamily.includes('system-ui'),",
    '});',
    '',
  ].join('\n');
  await importProject(
    page,
    'npm mix',
    pageFiles(main, {
      dependencies: {
        '@preact/signals-core': '^1.8.0',
        'is-number': '7.0.0',
        'is-odd': '3.0.1',
        lodash: '4.17.21',
        'lodash-es': '4.17.21',
        'modern-normalize': '3.0.1',
      },
      devDependencies: { typescript: '5.9.3' },
    }),
  );
  const frame = preview(page);
  await expect(frame.locator('#out')).toHaveText(
    '{"debounce":"function","doubled":10,"odd":true,"num":true,"chunks":2,"lodash":"4.17.21","normalized":true}',
    { timeout: INSTALL_TIMEOUT },
  );
  // is-odd@3 wants is-number@^6: a nested copy, served at its own versioned URL next to 7.0.0.
  const loaded = await frame
    .locator('body')
    .evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(loaded).toContain('/@npm/is-number@7.0.0');
  expect(loaded).toContain('/@npm/is-number@6.0.0');

  const panel = await openDependencies(page);
  await expect(panel.locator('[data-package="typescript"]')).toContainText(/not downloaded/i);
  await expect(treeItem(page, 'package-lock.json')).toBeVisible({ timeout: INSTALL_TIMEOUT });

  const tree = await exportTree(page);
  const lockText = treeFile(tree, 'package-lock.json')!;
  const lock = JSON.parse(lockText) as { lockfileVersion: number; packages: Record<string, { version?: string }> };
  expect(lock.lockfileVersion).toBe(3);
  expect(lock.packages['node_modules/is-number'].version).toBe('7.0.0');
  expect(lock.packages['node_modules/is-odd/node_modules/is-number'].version).toBe('6.0.0');
  expect(lock.packages['node_modules/typescript'].version).toBe('5.9.3');

  // Real npm installs the exported project from Cove's lockfile to the same versions.
  const dir = await mkdtemp(join(tmpdir(), 'cove-npm-ci-'));
  try {
    await writeFile(join(dir, 'package.json'), treeFile(tree, 'package.json')!);
    await writeFile(join(dir, 'package-lock.json'), lockText);
    await run(
      'npm',
      [
        'ci',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        `--registry=${E2E_REGISTRY}`,
        `--cache=${join(dir, '.npm')}`,
      ],
      { cwd: dir, timeout: 120_000 },
    );
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path) continue;
      const installed = JSON.parse(await readFile(join(dir, path, 'package.json'), 'utf8')) as { version: string };
      expect(installed.version, path).toBe(entry.version);
    }
    // npm agrees the lockfile needs no change.
    expect(await readFile(join(dir, 'package-lock.json'), 'utf8')).toBe(lockText);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('importing an undeclared package offers a quick fix that adds it and runs', async ({ page }) => {
  await importProject(
    page,
    'undeclared',
    pageFiles(
      "import isNumber from 'is-number';\ndocument.getElementById('out')!.textContent = String(isNumber(5));\n",
      {},
    ),
  );
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('tabpanel', { name: /Problems/ });
  await expect(problems).toContainText("Package 'is-number' is not installed", { timeout: INSTALL_TIMEOUT });
  await problems.getByRole('button', { name: 'Add is-number' }).first().click();
  await expect(preview(page).locator('#out')).toHaveText('true', { timeout: INSTALL_TIMEOUT });
  const pkg = JSON.parse(treeFile(await exportTree(page), 'package.json')!) as { dependencies: Record<string, string> };
  expect(pkg.dependencies['is-number']).toMatch(/^\^\d+\.\d+\.\d+$/);
});

test('a tarball whose integrity does not match is refused with a clear error', async ({ page }) => {
  const registry = await startTestRegistry({ offline: true });
  try {
    registry.corruptTarball('is-number', '7.0.0');
    await importProject(
      page,
      'integrity',
      pageFiles(
        "import isNumber from 'is-number';\ndocument.getElementById('out')!.textContent = String(isNumber(5));\n",
        {
          dependencies: { 'is-number': '7.0.0' },
        },
        { '.npmrc': `registry=${registry.url}\n` },
      ),
    );
    const panel = await openDependencies(page);
    const error = panel.getByTestId('install-error');
    await expect(error).toContainText(/integrity/i, { timeout: INSTALL_TIMEOUT });
    await expect(error).toContainText('is-number');
    // Nothing half-installed runs: the preview reports the package as not installed.
    await expect(preview(page).locator('#out')).toHaveText('…');
  } finally {
    await registry.close();
  }
});

test('with the registry stopped, an installed project still runs after a reload; a new install says why it fails', async ({
  page,
}) => {
  const registry = await startTestRegistry({ offline: true });
  let stopped = false;
  try {
    await importProject(
      page,
      'offline',
      pageFiles(
        "import isNumber from 'is-number';\ndocument.getElementById('out')!.textContent = String(isNumber(5));\n",
        {
          dependencies: { 'is-number': '7.0.0' },
        },
        { '.npmrc': `registry=${registry.url}\n` },
      ),
    );
    await expect(preview(page).locator('#out')).toHaveText('true', { timeout: INSTALL_TIMEOUT });
    await expect(treeItem(page, 'package-lock.json')).toBeVisible({ timeout: INSTALL_TIMEOUT });
    await registry.close();
    stopped = true;

    await page.reload();
    await expect(preview(page).locator('#out')).toHaveText('true', { timeout: INSTALL_TIMEOUT });

    const panel = await openDependencies(page);
    await panel.getByRole('textbox', { name: /package/i }).fill('is-odd');
    await panel.getByRole('button', { name: /^Add/ }).click();
    await expect(panel).toContainText(/Cannot reach the npm registry/i, { timeout: INSTALL_TIMEOUT });
    // What was installed keeps running.
    await expect(preview(page).locator('#out')).toHaveText('true');
  } finally {
    if (!stopped) await registry.close();
  }
});

test('installed types reach the editor: React hooks complete, a wrong prop type is underlined; the panel adds and removes', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/projects');
  await page.getByRole('button', { name: 'New project from template React + TypeScript' }).click();
  await expect(preview(page).getByRole('button', { name: /count is/ })).toBeVisible({ timeout: INSTALL_TIMEOUT });
  const panel = await openDependencies(page);
  await expect(panel.getByTestId('install-phase')).toHaveText(/installed/, { timeout: INSTALL_TIMEOUT });

  await openFile(page, 'src/App.tsx');
  // A wrong prop type: TypeScript (with @types/react from the install) reports it in Problems.
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText('\nexport const Wrong = () => <Counter start="zero" />;\n');
  await page.getByRole('tab', { name: /Problems/ }).click();
  const problems = page.getByRole('list', { name: /Problems/ });
  await expect(problems).toContainText("Type 'string' is not assignable to type 'number'", { timeout: 30_000 });
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();

  // Completion knows React's exports.
  const tail = " } from 'react';";
  await page.keyboard.insertText(`\nimport { useRe${tail}`);
  for (let i = 0; i < tail.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.monaco-editor .suggest-widget')).toContainText('useReducer', { timeout: 15_000 });
  await page.keyboard.press('Escape');

  // Add and remove through the panel: package.json changes and the tree follows.
  await openDependencies(page);
  await panel.getByLabel('Package to add').fill('is-number@7.0.0');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.locator('[data-package="is-number"]')).toContainText('7.0.0', { timeout: INSTALL_TIMEOUT });
  await panel.getByRole('button', { name: 'Remove is-number' }).click();
  await expect(panel.locator('[data-package="is-number"]')).toHaveCount(0);
  const pkg = JSON.parse(treeFile(await exportTree(page), 'package.json')!) as { dependencies: Record<string, string> };
  expect(Object.keys(pkg.dependencies)).toEqual(['react', 'react-dom']);
});

test('an install shows its progress and can be cancelled; installing again finishes it', async ({ page }) => {
  const registry = await startTestRegistry({ offline: true });
  try {
    registry.delayTarballs(3_000);
    await importProject(
      page,
      'cancel',
      pageFiles(
        "import isNumber from 'is-number';\ndocument.getElementById('out')!.textContent = String(isNumber(5));\n",
        { dependencies: { 'is-number': '7.0.0' } },
        { '.npmrc': `registry=${registry.url}\n` },
      ),
    );
    const panel = await openDependencies(page);
    const progress = panel.getByRole('progressbar');
    await expect(progress).toBeVisible({ timeout: INSTALL_TIMEOUT });
    await expect(panel).toContainText(/downloaded 0\/1/);
    await expect(page.getByTestId('install-status')).toContainText(/Installing/);
    await panel.getByTestId('install-cancel').click();
    await expect(panel.getByTestId('install-phase')).toHaveText(/cancelled/i);
    await expect(preview(page).locator('#out')).toHaveText('…');

    registry.restore();
    await panel.getByTestId('install-retry').click();
    await expect(preview(page).locator('#out')).toHaveText('true', { timeout: INSTALL_TIMEOUT });
    await expect(panel.getByTestId('install-phase')).toHaveText(/installed/);
  } finally {
    await registry.close();
  }
});

/** Helpers for the npm specs: projects made from file maps, the Dependencies panel, exports. */
import { expect, type Page } from '@playwright/test';

/** The test registry every build for e2e points at by default (see scripts/test.mjs, playwright.config.ts). */
export const E2E_REGISTRY = `http://127.0.0.1:${process.env.E2E_REGISTRY_PORT ?? 4874}/`;

type JsonTree = Record<string, { directory: JsonTree } | { file: { contents: string } }>;

function toTree(files: Record<string, string>): JsonTree {
  const root: JsonTree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} }) as { directory: JsonTree };
      dir = next.directory;
    }
    dir[parts[parts.length - 1]] = { file: { contents } };
  }
  return root;
}

/** Creates a project from `files` through the home view's import, and opens it. */
export async function importProject(page: Page, title: string, files: Record<string, string>): Promise<string> {
  await page.goto('/projects');
  await expect(page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import project' }).click();
  await (
    await choosing
  ).setFiles({
    name: `${title}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(toTree(files))),
  });
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/);
  return new URL(page.url()).pathname.split('/')[2];
}

/** A minimal page that runs `src/main.ts`, which writes its result into `#out`. */
export function pageFiles(main: string, pkg: object, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'index.html':
      '<!doctype html>\n<html><body><pre id="out">…</pre><script type="module" src="/src/main.ts"></script></body></html>\n',
    'package.json':
      JSON.stringify({ name: 'npm-e2e', private: true, version: '0.0.0', type: 'module', ...pkg }, null, 2) + '\n',
    'src/main.ts': main,
    ...extra,
  };
}

/** Clicks "Export project" and returns the parsed FileSystemTree JSON. */
export async function exportTree(page: Page): Promise<JsonTree> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export project' }).click();
  const stream = await (await downloading).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonTree;
}

export function treeFile(tree: JsonTree, path: string): string | undefined {
  let dir: JsonTree | undefined = tree;
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) {
    const next: JsonTree[string] | undefined = dir?.[part];
    dir = next && 'directory' in next ? next.directory : undefined;
  }
  const leaf = dir?.[parts[parts.length - 1]];
  return leaf && 'file' in leaf ? leaf.file.contents : undefined;
}

/** Opens the Dependencies panel. */
export async function openDependencies(page: Page) {
  const panel = page.getByTestId('dependencies-panel');
  if (!(await panel.isVisible())) await page.getByRole('tab', { name: /Dependencies/ }).click();
  await expect(panel).toBeVisible();
  return panel;
}

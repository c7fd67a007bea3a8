/** Helpers for the live-collaboration specs: sharing, joining, names, and reading a room from Node. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type * as Y from 'yjs';
import { connectClient } from '../server/testing/client';
import { editorShows, openDefaultProject, preview } from './fixtures';
import { exportTree, treeFile } from './npm-fixtures';

export interface Person {
  context: BrowserContext;
  page: Page;
}

export async function newPerson(browser: Browser, collabUrl?: string): Promise<Person> {
  const context = await browser.newContext();
  // A second server instance: the app's own setting for where live sharing goes.
  if (collabUrl) await context.addInitScript((url) => localStorage.setItem('cove:collab-url', url), collabUrl);
  return { context, page: await context.newPage() };
}

export interface ShareLinks {
  live: string;
  readOnly: string;
  room: string;
  editToken: string;
  readToken: string;
}

/** Opens the default example, names the person, shares it live and returns both links. */
export async function shareDefaultProject(page: Page, name: string): Promise<ShareLinks> {
  await openDefaultProject(page);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Share live' }).click();
  await expect(dialog.getByLabel('Live link')).toHaveValue(/\/live\//, { timeout: 15_000 });
  const live = await dialog.getByLabel('Live link').inputValue();
  const readOnly = await dialog.getByLabel('Read-only link').inputValue();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(liveStatus(page)).toHaveText('Live · connected');
  await setName(page, name);
  return { live, readOnly, ...parseLink(live), readToken: parseLink(readOnly).editToken };
}

function parseLink(link: string): { room: string; editToken: string } {
  const url = new URL(link);
  return { room: url.pathname.split('/')[2], editToken: new URLSearchParams(url.hash.slice(1)).get('t') ?? '' };
}

/** Opens a live link and waits until the joined project runs. */
export async function join(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await expect(page).toHaveURL(/\/p\/[a-z0-9]+$/, { timeout: 20_000 });
  await expect(liveStatus(page)).toHaveText('Live · connected');
  await expect(preview(page).locator('#counter')).toBeVisible({ timeout: 30_000 });
  await setName(page, name);
}

export function liveStatus(page: Page) {
  return page.getByTestId('live-status');
}

export async function setName(page: Page, name: string): Promise<void> {
  await page.getByTestId('presence-self').getByRole('button').first().click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('presence-self')).toContainText(name);
}

/** Clicks into the editor showing `path` and moves the cursor to the end (or start) of the file. */
export async function caretTo(page: Page, path: string, where: 'start' | 'end'): Promise<void> {
  await editorShows(page, path);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press(where === 'end' ? 'ControlOrMeta+End' : 'ControlOrMeta+Home');
}

/** The text of a file in the room as the server has it, read by a fresh Node client. */
export async function roomText(
  serverUrl: string,
  room: string,
  token: string,
  path: string,
): Promise<string | undefined> {
  const client = connectClient({ url: serverUrl, room, token, reconnect: false });
  try {
    await Promise.race([
      client.synced,
      new Promise((_, reject) => setTimeout(() => reject(new Error('room did not sync within 10 s')), 10_000)),
    ]);
    for (const entry of client.doc.getMap<Y.Map<unknown>>('files').values()) {
      if (entry.get('path') === path) return (entry.get('text') as Y.Text | undefined)?.toString();
    }
    return undefined;
  } finally {
    client.destroy();
  }
}

/** A file's text as the page's own "Export project" gives it. */
export async function exportedText(page: Page, path: string): Promise<string | undefined> {
  return treeFile(await exportTree(page), path);
}

/** The natural width of the template's footer icon (`public/icon.png`, a binary file) in the preview: 0 until it loads. */
export function previewIconWidth(page: Page): Promise<number> {
  return preview(page)
    .locator('footer img')
    .evaluate((img: HTMLImageElement) => img.naturalWidth);
}

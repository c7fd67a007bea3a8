/**
 * Live collaboration with real parts: the built collaboration server as its own process
 * (restarted mid-test), two or three real Chromium contexts, and Node clients for what no
 * browser would send.
 */
import { expect, test, type Browser } from '@playwright/test';
import * as Y from 'yjs';
import { connectClient } from '../server/testing/client';
import {
  caretTo,
  exportedText,
  join,
  liveStatus,
  newPerson,
  previewIconWidth,
  roomText,
  shareDefaultProject,
  type Person,
} from './collab-fixtures';
import { CollabServerProcess } from './collab-server';
import { openDefaultProject, openFile, preview, treeItem } from './fixtures';

test.describe.configure({ mode: 'serial' });

// Small enough that a test can exceed it; the templates are far below it.
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const server = new CollabServerProcess({ env: { COVE_COLLAB_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } });
const people: Person[] = [];

test.beforeAll(async () => {
  await server.start();
});

test.afterAll(async () => {
  await server.stop();
});

test.afterEach(async () => {
  for (const p of people.splice(0)) await p.context.close();
});

async function person(browser: Browser, collabUrl?: string): Promise<Person> {
  const p = await newPerson(browser, collabUrl);
  people.push(p);
  return p;
}

/** Ada shares the default example live; Bo opens the live link. */
async function adaSharesBoJoins(browser: Browser) {
  const a = await person(browser);
  const b = await person(browser);
  const links = await shareDefaultProject(a.page, 'Ada');
  await join(b.page, links.live, 'Bo');
  return { a, b, links };
}

test('two people typing in one file at once converge, and both previews update', async ({ browser }) => {
  const { a, b, links } = await adaSharesBoJoins(browser);

  await openFile(a.page, 'src/main.ts');
  await openFile(b.page, 'src/main.ts');
  await caretTo(a.page, 'src/main.ts', 'end');
  await caretTo(b.page, 'src/main.ts', 'start');
  // Keystroke by keystroke, at the same time, at both ends of the file.
  await Promise.all([
    a.page.keyboard.type(`\ndocument.body.dataset.fromA = 'typed by Ada';\n`, { delay: 15 }),
    b.page.keyboard.type(`document.body.dataset.fromB = 'typed by Bo';\n`, { delay: 15 }),
  ]);
  for (const p of [a.page, b.page]) {
    await expect(preview(p).locator('body')).toHaveAttribute('data-from-a', 'typed by Ada');
    await expect(preview(p).locator('body')).toHaveAttribute('data-from-b', 'typed by Bo');
  }
  const textA = await exportedText(a.page, 'src/main.ts');
  const textB = await exportedText(b.page, 'src/main.ts');
  expect(textA).toBe(textB);
  expect(textA?.startsWith(`document.body.dataset.fromB = 'typed by Bo';\n`)).toBe(true);
  expect(textA?.endsWith(`\ndocument.body.dataset.fromA = 'typed by Ada';\n`)).toBe(true);
  // The server holds the same text.
  expect(await roomText(server.url, links.room, links.editToken, 'src/main.ts')).toBe(textA);

  // The binary file (public/icon.png) came by hash through the server: Bo's preview shows it.
  await expect.poll(() => previewIconWidth(b.page)).toBeGreaterThan(0);

  // Undo takes back only Ada's own typing; Bo's stays, on both sides.
  await a.page.locator('.monaco-editor .view-lines').first().click();
  for (let i = 0; i < 3; i++) await a.page.keyboard.press('ControlOrMeta+Z');
  for (const p of [a.page, b.page]) {
    await expect(preview(p).locator('body')).not.toHaveAttribute('data-from-a', /./);
    await expect(preview(p).locator('body')).toHaveAttribute('data-from-b', 'typed by Bo');
  }
  expect(await roomText(server.url, links.room, links.editToken, 'src/main.ts')).toContain('typed by Bo');
});

test('presence shows who is here and in which file; clicking follows them', async ({ browser }) => {
  const { a, b } = await adaSharesBoJoins(browser);
  await openFile(b.page, 'src/counter.ts');

  const bo = a.page.getByTestId('presence-peer').filter({ hasText: 'Bo' });
  await expect(bo).toBeVisible();
  await expect(bo).toContainText('counter.ts');
  await expect(b.page.getByTestId('presence-peer').filter({ hasText: 'Ada' })).toBeVisible();

  // Bo's caret is drawn in Ada's editor, labelled with Bo's name, once both look at one file.
  await openFile(a.page, 'src/counter.ts');
  await caretTo(b.page, 'src/counter.ts', 'end');
  await b.page.keyboard.type('// Bo was here');
  await expect(a.page.locator('.monaco-editor [class*="yRemoteSelectionHead-"]')).toHaveCount(1);

  // Names are remembered: after a reload Bo is still Bo, for himself and for Ada.
  await b.page.reload();
  await expect(b.page.getByTestId('presence-self')).toContainText('Bo');
  await expect(a.page.getByTestId('presence-peer').filter({ hasText: 'Bo' })).toBeVisible();
  await openFile(b.page, 'src/counter.ts');

  // Following: Bo moves to another file and Ada's editor goes along.
  await a.page.getByRole('button', { name: /^Follow Bo/ }).click();
  await openFile(b.page, 'src/greeting.ts');
  await expect(a.page.getByRole('tab', { name: /greeting\.ts/ })).toHaveAttribute('aria-selected', 'true');
});

test('edits made offline on both sides merge when the connection returns', async ({ browser }) => {
  const { a, b } = await adaSharesBoJoins(browser);
  await openFile(a.page, 'src/greeting.ts');
  await openFile(b.page, 'src/greeting.ts');

  await b.context.setOffline(true);
  await expect(liveStatus(b.page)).toHaveText(/Live · (offline|reconnecting)/);
  await caretTo(a.page, 'src/greeting.ts', 'end');
  await a.page.keyboard.type('// online edit by Ada\n');
  await caretTo(b.page, 'src/greeting.ts', 'start');
  await b.page.keyboard.type('// offline edit by Bo\n');
  // Bo's edit is kept locally while offline.
  await expect(b.page.locator('.monaco-editor .view-lines')).toContainText('offline edit by Bo');
  await expect(a.page.locator('.monaco-editor .view-lines')).not.toContainText('offline edit by Bo');

  await b.context.setOffline(false);
  await expect(liveStatus(b.page)).toHaveText('Live · connected', { timeout: 30_000 });
  await expect(a.page.locator('.monaco-editor .view-lines')).toContainText('offline edit by Bo');
  await expect(b.page.locator('.monaco-editor .view-lines')).toContainText('online edit by Ada');
  expect(await exportedText(a.page, 'src/greeting.ts')).toBe(await exportedText(b.page, 'src/greeting.ts'));
});

test('the server is killed and restarted mid-session, and nothing is lost', async ({ browser }) => {
  const { a, b, links } = await adaSharesBoJoins(browser);
  await openFile(a.page, 'src/greeting.ts');
  await openFile(b.page, 'src/greeting.ts');
  await caretTo(a.page, 'src/greeting.ts', 'end');
  await a.page.keyboard.type('// before the crash\n');
  await expect(b.page.locator('.monaco-editor .view-lines')).toContainText('before the crash');

  // A crash, not a clean stop: whatever the server had not stored yet is gone from it.
  await server.stop('SIGKILL');
  await expect(liveStatus(a.page)).toHaveText(/Live · (reconnecting…|offline)/);
  await a.page.keyboard.type('// while the server was down (Ada)\n');
  await caretTo(b.page, 'src/greeting.ts', 'start');
  await b.page.keyboard.type('// while the server was down (Bo)\n');

  await server.start();
  for (const p of [a.page, b.page]) await expect(liveStatus(p)).toHaveText('Live · connected', { timeout: 30_000 });
  for (const p of [a.page, b.page]) {
    for (const line of ['before the crash', 'while the server was down (Ada)', 'while the server was down (Bo)'])
      await expect(p.locator('.monaco-editor .view-lines')).toContainText(line);
  }
  // And the restarted server has it all too.
  await expect
    .poll(() => roomText(server.url, links.room, links.editToken, 'src/greeting.ts'))
    .toContain('while the server was down (Bo)');
  const stored = await roomText(server.url, links.room, links.editToken, 'src/greeting.ts');
  expect(stored).toContain('before the crash');
  expect(stored).toContain('while the server was down (Ada)');
});

test('a forged or other-room token is refused and creates nothing', async ({ browser }) => {
  const a = await person(browser);
  const links = await shareDefaultProject(a.page, 'Ada');
  const b = await person(browser);
  await b.page.goto('/projects');
  const before = await b.page.getByRole('listitem').count();

  const [claims, signature] = links.editToken.split('.');
  const forged = `${claims}.${signature.slice(0, -4)}AAAA`;
  await b.page.goto(`/live/${links.room}#t=${forged}`);
  await expect(b.page.getByRole('heading', { name: 'Could not join the live project' })).toBeVisible({
    timeout: 20_000,
  });
  await b.page.goto('/projects');
  await expect(b.page.getByRole('heading', { name: 'Your projects' })).toBeVisible();
  expect(await b.page.getByRole('listitem').count()).toBe(before);

  // A Node client with the forged token gets no data either.
  const client = connectClient({ url: server.url, room: links.room, token: forged, reconnect: false });
  expect(await client.authenticationFailed).toMatch(/signature/);
  expect(client.doc.getMap('files').size).toBe(0);
  client.destroy();
});

test('an oversized update is refused and its sender closed, while the room keeps working', async ({ browser }) => {
  const { a, b, links } = await adaSharesBoJoins(browser);

  const attacker = connectClient({ url: server.url, room: links.room, token: links.editToken, reconnect: false });
  await attacker.synced;
  const huge = 'x'.repeat(MAX_MESSAGE_BYTES + 1024);
  attacker.doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('path', 'huge.txt');
    entry.set('kind', 'text');
    entry.set('text', new Y.Text(huge));
    attacker.doc.getMap('files').set('hugefile000', entry);
  });
  const closed = await attacker.disconnected;
  expect(closed.code).toBe(1009);
  attacker.destroy();

  // The others still edit together, and nobody got the huge file.
  await openFile(a.page, 'src/greeting.ts');
  await openFile(b.page, 'src/greeting.ts');
  await caretTo(a.page, 'src/greeting.ts', 'end');
  await a.page.keyboard.type('// still working\n');
  await expect(b.page.locator('.monaco-editor .view-lines')).toContainText('still working');
  await expect(treeItem(b.page, 'huge.txt')).toHaveCount(0);
  expect(await roomText(server.url, links.room, links.editToken, 'huge.txt')).toBeUndefined();
});

test('a read-only link cannot change anything', async ({ browser }) => {
  const a = await person(browser);
  const r = await person(browser);
  const links = await shareDefaultProject(a.page, 'Ada');
  await join(r.page, links.readOnly, 'Reader');
  await expect(r.page.getByTestId('live-readonly')).toHaveText('Read-only');
  await expect(r.page.getByRole('button', { name: 'New file' })).toBeDisabled();

  await openFile(r.page, 'src/greeting.ts');
  const before = await exportedText(r.page, 'src/greeting.ts');
  await caretTo(r.page, 'src/greeting.ts', 'start');
  await r.page.keyboard.type('// reader tried to type\n');
  expect(await exportedText(r.page, 'src/greeting.ts')).toBe(before);

  // Bypassing the UI: a Node client with the read token writes; nobody ever sees it.
  const reader = connectClient({ url: server.url, room: links.room, token: links.readToken, reconnect: false });
  expect(await reader.authenticated).toBe('readonly');
  await reader.synced;
  for (const entry of reader.doc.getMap<Y.Map<unknown>>('files').values())
    if (entry.get('path') === 'src/greeting.ts') (entry.get('text') as Y.Text).insert(0, '// forged by a reader\n');
  // An editor's later edit arrives; the reader's earlier one never does.
  await openFile(a.page, 'src/greeting.ts');
  await caretTo(a.page, 'src/greeting.ts', 'end');
  await a.page.keyboard.type('// editor after the reader\n');
  await expect(r.page.locator('.monaco-editor .view-lines')).toContainText('editor after the reader');
  reader.destroy();
  const stored = await roomText(server.url, links.room, links.editToken, 'src/greeting.ts');
  expect(stored).toContain('editor after the reader');
  expect(stored).not.toContain('forged by a reader');
  expect(stored).not.toContain('reader tried to type');
  await expect(a.page.locator('.monaco-editor .view-lines')).not.toContainText('forged by a reader');
});

test('a file renamed or deleted by a collaborator while open: the tab follows or closes, with a notice', async ({
  browser,
}) => {
  const { a, b } = await adaSharesBoJoins(browser);
  await openFile(b.page, 'src/greeting.ts');

  await treeItem(a.page, 'greeting.ts').click();
  await a.page.keyboard.press('F2');
  const rename = a.page.getByRole('textbox', { name: 'Rename greeting.ts' });
  await rename.fill('hello.ts');
  await rename.press('Enter');
  await expect(b.page.getByText('src/greeting.ts was renamed to src/hello.ts by a collaborator')).toBeVisible();
  await expect(b.page.getByRole('tab', { name: /hello\.ts/ })).toHaveAttribute('aria-selected', 'true');

  await treeItem(a.page, 'hello.ts').click();
  await a.page.keyboard.press('Delete');
  await a.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(b.page.getByText('src/hello.ts was deleted by a collaborator')).toBeVisible();
  await expect(b.page.getByRole('tab', { name: /hello\.ts/ })).toHaveCount(0);
});

test('editor bindings are freed as files are opened, switched, renamed and deleted during a live session', async ({
  browser,
}) => {
  const { a, b } = await adaSharesBoJoins(browser);
  // Bo sits in main.ts with a caret at the top (in view), so Ada's editor draws one remote cursor there.
  await openFile(b.page, 'src/main.ts');
  await caretTo(b.page, 'src/main.ts', 'start');
  await b.page.keyboard.type('// Bo\n');
  await openFile(a.page, 'src/main.ts');
  await expect(a.page.locator('.monaco-editor [class*="yRemoteSelectionHead-"]')).toHaveCount(1);

  // The counts EditorSession publishes for tests (src/ide/editor/editor-session.ts).
  type Stats = Record<'bindings' | 'ytextObservers' | 'selectionListeners' | 'awarenessListeners', number> &
    Record<'remoteDecorations' | 'cursorStyleClients' | 'undoManagers' | 'models', number> & {
      boundFile: string | null;
      boundInSync: boolean | null;
    };
  const stats = () =>
    a.page.evaluate(() => (window as unknown as { __coveEditorDebug: () => Stats }).__coveEditorDebug());
  const baseline = await stats();
  expect(baseline).toMatchObject({ bindings: 1, boundFile: 'src/main.ts', boundInSync: true, ytextObservers: 1 });
  expect(baseline.remoteDecorations).toBeGreaterThan(0);

  for (let i = 0; i < 3; i++) {
    for (const f of ['src/counter.ts', 'src/greeting.ts', 'src/features.ts', 'src/main.ts']) await openFile(a.page, f);
  }
  // Rename the file on screen, then delete another open one.
  await treeItem(a.page, 'main.ts').click();
  await a.page.keyboard.press('F2');
  await a.page.getByRole('textbox', { name: 'Rename main.ts' }).fill('entry.ts');
  await a.page.keyboard.press('Enter');
  await expect(treeItem(a.page, 'entry.ts')).toBeVisible();
  await treeItem(a.page, 'counter.ts').click();
  await a.page.keyboard.press('Delete');
  await a.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(treeItem(a.page, 'counter.ts')).toHaveCount(0);
  await openFile(a.page, 'src/entry.ts');

  const after = await stats();
  expect(after).toMatchObject({
    bindings: 1,
    boundFile: 'src/entry.ts',
    boundInSync: true,
    ytextObservers: 1,
    selectionListeners: baseline.selectionListeners,
    awarenessListeners: baseline.awarenessListeners,
    cursorStyleClients: baseline.cursorStyleClients,
  });
  // Only the bound file can carry remote cursors; the deleted file's history is gone.
  expect(after.remoteDecorations).toBeLessThanOrEqual(baseline.remoteDecorations);
  expect(after.undoManagers).toBeLessThan(after.models + 1);
});

test('an unreachable live server is a clear error; the server setting points Share live elsewhere', async ({
  browser,
}) => {
  const a = await person(browser);
  await a.context.addInitScript(() => localStorage.setItem('cove:collab-url', 'http://127.0.0.1:9/'));
  await openDefaultProject(a.page);
  await a.page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = a.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Share live' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Cannot reach the live sharing server at http://127.0.0.1:9');
  await expect(a.page.getByTestId('live-status')).toHaveCount(0);

  await dialog.getByText('Live server', { exact: true }).click();
  await dialog.getByLabel('Live server URL').fill(server.url);
  await dialog.getByRole('button', { name: 'Use', exact: true }).click();
  await expect(dialog.getByLabel('Live link')).toHaveValue(/\/live\//);
  await expect(liveStatus(a.page)).toHaveText('Live · connected');
});

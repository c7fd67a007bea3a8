/**
 * Scale-out: two collaboration server processes share rooms through a real Redis; one person is
 * connected to each, and they still edit together.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { freePort } from '../server/testing/free-port';
import { startRedis, type TestRedis } from '../server/testing/redis';
import {
  caretTo,
  join,
  newPerson,
  previewIconWidth,
  roomText,
  shareDefaultProject,
  type Person,
} from './collab-fixtures';
import { CollabServerProcess } from './collab-server';
import { openFile, preview } from './fixtures';

let redis: TestRedis;
let first: CollabServerProcess;
let second: CollabServerProcess;
const people: Person[] = [];

test.beforeAll(async () => {
  redis = await startRedis();
  // Tokens are signed by one key that every instance shares.
  const env = { COVE_COLLAB_SECRET: randomBytes(32).toString('hex') };
  // As deployed (README): instances on one host share the data file (rooms and binary files);
  // Redis relays live updates and presence between them.
  first = new CollabServerProcess({ redisUrl: redis.url, env });
  second = new CollabServerProcess({ port: await freePort(), data: first.data, redisUrl: redis.url, env });
  await Promise.all([first.start(), second.start()]);
});

test.afterAll(async () => {
  for (const p of people.splice(0)) await p.context.close();
  await Promise.all([first?.stop(), second?.stop()]);
  await redis?.stop();
});

test('a person on each of two server instances stays in sync through Redis', async ({ browser }) => {
  const a = await newPerson(browser);
  const b = await newPerson(browser, second.url);
  people.push(a, b);
  const links = await shareDefaultProject(a.page, 'Ada');
  await join(b.page, links.live, 'Bo');

  await openFile(a.page, 'src/main.ts');
  await openFile(b.page, 'src/main.ts');
  await caretTo(a.page, 'src/main.ts', 'end');
  await a.page.keyboard.type(`\ndocument.body.dataset.fromA = 'via instance one';\n`);
  await caretTo(b.page, 'src/main.ts', 'start');
  await b.page.keyboard.type(`document.body.dataset.fromB = 'via instance two';\n`);
  for (const p of [a.page, b.page]) {
    await expect(preview(p).locator('body')).toHaveAttribute('data-from-a', 'via instance one');
    await expect(preview(p).locator('body')).toHaveAttribute('data-from-b', 'via instance two');
  }
  // The binary file Ada's browser uploaded through the first instance reaches Bo through the second.
  await expect.poll(() => previewIconWidth(b.page)).toBeGreaterThan(0);
  // Presence crosses instances too.
  await expect(a.page.getByTestId('presence-peer').filter({ hasText: 'Bo' })).toBeVisible();
  // Each instance serves the merged room to a fresh client.
  for (const s of [first, second]) {
    const text = await roomText(s.url, links.room, links.editToken, 'src/main.ts');
    expect(text).toContain('via instance one');
    expect(text).toContain('via instance two');
  }
});

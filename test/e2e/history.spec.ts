import fs from 'node:fs';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { expect, saveScreenshot, test } from './fixtures';

const KEY = 'history-e2e-key';
const SECRET = 'history-e2e-secret-0123456789';
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ incoming: 5_000, outgoing: 3_000, months: 8, seed: 11, accounts: [{ key: KEY, secret: SECRET }], faults: { latencyMs: 60 } });
});

test.afterEach(async () => {
  await sim.close().catch(() => undefined);
});

test('sync with progress, read a conversation, search and land on the message, then keep browsing offline', async ({ page }) => {
  test.setTimeout(120_000);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByRole('textbox', { name: 'API key' }).fill(KEY);
  await account.getByLabel('API secret').fill(SECRET);
  await account.getByRole('textbox', { name: 'API address' }).fill(sim.url);
  await account.getByRole('combobox', { name: 'Account time zone' }).selectOption(sim.timeZone);
  await account.getByRole('button', { name: 'Save' }).click();

  // Saving the account starts the first sync; its progress is on screen.
  await nav.getByRole('button', { name: 'Inbox' }).click();
  const progress = page.getByRole('progressbar', { name: 'Sync progress' });
  await expect(progress).toBeVisible();
  await saveScreenshot(page, 'inbox-syncing');
  await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced just now/)).toBeVisible({ timeout: 60_000 });
  await expect(progress).toBeHidden();

  // Open the newest conversation.
  const list = page.getByRole('list', { name: 'Conversation list' });
  await list.getByRole('button').first().click();
  const thread = page.getByRole('region', { name: /Conversation with/ });
  await expect(thread.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();
  await saveScreenshot(page, 'inbox-thread');

  // Search a word from the history and land on that message in its conversation.
  const word = 'parking';
  const expected = sim.store.incoming.filter((m) => m.message.toLowerCase().includes(word)).length + sim.store.outgoing.filter((m) => m.message.toLowerCase().includes(word)).length;
  expect(expected).toBeGreaterThan(0);
  await nav.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search words' }).fill(word);
  const hits = page.getByRole('region', { name: 'Matching messages' });
  await expect(hits.getByRole('button').first()).toBeVisible();
  await expect(hits.locator('mark').first()).toHaveText(/parking/i);
  await saveScreenshot(page, 'search');
  await hits.getByRole('button').first().click();
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  const landed = page.locator('.bubble--highlighted');
  await expect(landed).toBeVisible();
  await expect(landed).toContainText(/parking/i);

  // The simulator goes away: everything on screen keeps working from the cache.
  await sim.close();
  await nav.getByRole('button', { name: 'Outbox' }).click();
  const sent = page.getByRole('list', { name: 'Sent message list' });
  await expect(sent.getByRole('button').first()).toBeVisible();
  await sent.getByRole('button').first().click();
  await expect(page.getByRole('complementary', { name: 'Message details' })).toContainText('SMSGlobal id');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByRole('region', { name: 'Sync' }).getByRole('alert')).toContainText(/Could not reach SMSGlobal.*Showing what is already on this computer/);
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await list.getByRole('button').nth(1).click();
  await expect(thread.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();

  // Export the outbox to CSV (a download in the preview; a save dialog on the desktop).
  await nav.getByRole('button', { name: 'Outbox' }).click();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.startsWith('\uFEFFDate,Direction,Number,Name,Type,Message,Status')).toBe(true);
  const rows = csv.trim().split('\r\n').slice(1);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((row) => row.includes(',Failed,'))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /Exported \d+ rows/ })).toBeVisible();
});

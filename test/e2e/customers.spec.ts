import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, test } from './fixtures';

const KEY = 'customers-e2e-key';
const SECRET = 'customers-e2e-secret-0123456789';
let sim: Simulator;

// The page's globals these checks read (the end-to-end tests compile without the DOM library).
declare function getComputedStyle(el: unknown): { direction: string; color: string };
declare const window: { __notices: { title: string; body: string }[] };

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 200, seed: 5, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
});

test.afterEach(async () => {
  await sim.close().catch(() => undefined);
});

async function syncedInbox(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced just now/)).toBeVisible({ timeout: 60_000 });
}

const direction = (locator: ReturnType<Page['locator']>): Promise<string> => locator.evaluate((el) => getComputedStyle(el).direction);

test('customers named from the thread, shown by name everywhere; their words laid out in their own direction and never disguised', async ({ page }) => {
  test.setTimeout(120_000);
  const number = '61400111222';
  // A name from the opt-in list that tries to pass itself off as another number.
  sim.store.optIn([{ number, name: 'Bank\u202E999 999 004 16+' }]);
  sim.store.addIncoming({ from: number, message: 'مرحبا، هل طلبي جاهز؟', createdAt: Math.floor(Date.now() / 1000) * 1000 - 60_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const data = page.getByRole('region', { name: 'Data on this computer' });
  await expect(data.getByText(/None yet/)).toBeVisible();
  await connectAccount(page, sim, KEY, SECRET);
  // The Data card follows the cache without a Refresh button.
  await expect(data.getByText(/^[1-9][\d,.\s]* messages \(/)).toBeVisible({ timeout: 60_000 });
  await syncedInbox(page);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill('400111222');
  const list = page.getByRole('list', { name: 'Conversation list' });
  const row = list.getByRole('button').first();
  await expect(row).toContainText('Bank⟨U+202E⟩999 999 004 16+');
  await row.click();
  const thread = page.getByRole('region', { name: /Conversation with/ });
  await expect(thread.getByRole('heading', { level: 2 })).toHaveText('Bank⟨U+202E⟩999 999 004 16+');
  const bubble = thread.locator('.bubble__text').last();
  await expect(bubble).toHaveAttribute('dir', 'auto');
  expect(await direction(bubble)).toBe('rtl');

  // Name the contact on this computer; a name with hidden characters is refused at the field.
  await thread.getByRole('button', { name: 'Rename contact' }).click();
  const editor = page.getByRole('form', { name: 'Contact name' });
  const nameBox = editor.getByRole('textbox', { name: `Name for +${number}` });
  await nameBox.fill('Evil\u202Etwin');
  await editor.getByRole('button', { name: 'Save name' }).click();
  await expect(editor.getByRole('alert')).toContainText('invisible control characters');
  await nameBox.fill('Fatima (florist)');
  await editor.getByRole('button', { name: 'Save name' }).click();
  await expect(thread.getByRole('heading', { level: 2 })).toHaveText('Fatima (florist)');
  await expect(row).toContainText('Fatima (florist)');

  // Reply in Hebrew: the box and the counter follow the text.
  await thread.getByRole('button', { name: 'Write a message' }).click();
  const reply = page.getByRole('form', { name: 'Compose message' });
  const text = reply.getByRole('textbox', { name: 'Message' });
  await text.fill('שלום, ההזמנה מוכנה');
  expect(await direction(text)).toBe('rtl');
  await expect(reply.getByText('18 / 4,096')).toBeVisible();
  await text.fill('x'.repeat(3_700));
  const counter = reply.locator('.char-count');
  await expect(counter).toHaveClass(/char-count--near/);
  await expect(counter.locator('[aria-live="polite"]')).toHaveText('396 characters left');
  await saveScreenshot(page, 'inbox-thread-named-light');
  await text.fill('שלום, ההזמנה מוכנה');
  await expect(counter).not.toHaveClass(/char-count--near/);
  await expect(counter.locator('[aria-live="polite"]')).toHaveText('');
  await reply.getByRole('button', { name: 'Send' }).click();
  await expect(reply.getByRole('status').filter({ hasText: 'Sent to the outbox' })).toBeVisible();

  // The outbox and search show the name, not only the number.
  await nav.getByRole('button', { name: 'Outbox' }).click();
  await expect(page.getByRole('list', { name: 'Sent message list' }).getByRole('button').first()).toContainText('Fatima (florist)');
  await page.getByRole('list', { name: 'Sent message list' }).getByRole('button').first().click();
  const details = page.getByRole('complementary', { name: 'Message details' });
  await expect(details).toContainText('Fatima (florist)');
  // Times name their zone; SMSGlobal's own stamp is shown as received.
  await expect(details.getByText(/SMSGlobal.s date/)).toBeVisible();
  await saveScreenshot(page, 'outbox-named-light');
  await nav.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search words' }).fill('florist');
  await expect(page.getByRole('region', { name: 'Matching customers' })).toContainText('Fatima (florist)');
  await saveScreenshot(page, 'search-named-light');

  // A conversation's export: ISO 8601 times with their offset, and the name.
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await row.click();
  const download = page.waitForEvent('download');
  await thread.getByRole('button', { name: 'Export' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  const rows = csv.trim().split('\r\n').slice(1);
  expect(rows.length).toBeGreaterThanOrEqual(2);
  for (const line of rows) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d,/);
  expect(rows.every((line) => line.includes(',Fatima (florist),'))).toBe(true);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
  await page.getByRole('region', { name: 'Data on this computer' }).getByText('Details for support').click();
  await saveScreenshot(page, 'settings-data-dark');
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await saveScreenshot(page, 'inbox-thread-named-dark');
  await nav.getByRole('button', { name: 'Outbox' }).click();
  await page.getByRole('list', { name: 'Sent message list' }).getByRole('button').first().click();
  await saveScreenshot(page, 'outbox-named-dark');
});

test('new customer messages: a count on the Inbox entry, a notification, the 24-hour window; SMSGlobal trouble on the indicator', async ({ page }) => {
  test.setTimeout(120_000);
  // The browser's Notification API, recorded; the page is in the background.
  await page.addInitScript(() => {
    const notices: { title: string; body: string }[] = [];
    class Recorder {
      static permission = 'granted';
      static requestPermission = async (): Promise<string> => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        notices.push({ title, body: options.body });
      }
      close(): void {}
    }
    Object.assign(globalThis, { Notification: Recorder, __notices: notices });
    const page = globalThis as unknown as { Document: { prototype: object } };
    Object.defineProperty(page.Document.prototype, 'hasFocus', { value: () => false });
  });
  await page.reload();
  // A customer who wrote three hours ago: part of the history the first sync downloads.
  const regular = '61400333444';
  const now = Math.floor(Date.now() / 1000) * 1000;
  sim.store.addIncoming({ from: regular, message: 'Do you deliver?', createdAt: now - 3 * 3600_000 });
  await connectAccount(page, sim, KEY, SECRET);
  await syncedInbox(page);

  const nav = page.getByRole('navigation', { name: 'Main' });
  const inbox = nav.getByRole('button', { name: 'Inbox' });
  const badge = async (): Promise<number> => {
    const [text = '0'] = await inbox.locator('.nav__badge').allTextContents();
    return Number(text.replace(/\D/g, '') || '0');
  };
  await expect.poll(badge).toBeGreaterThan(0);
  const unread = await badge();
  // The history's first download is not news.
  expect(await page.evaluate(() => window.__notices.length)).toBe(0);

  // A new customer writes: one notification, one more unread on the Inbox entry.
  const newcomer = '61400555666';
  sim.store.addIncoming({ from: newcomer, message: 'Are you open on Sunday?', createdAt: now - 5_000 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => page.evaluate(() => window.__notices)).toEqual([{ title: `New message from +${newcomer}`, body: 'Are you open on Sunday?' }]);
  await expect.poll(badge).toBe(unread + 1);
  await expect(inbox).toHaveAccessibleName(`Inbox ${unread + 1} unread`);
  await saveScreenshot(page, 'inbox-unread-light');

  // The regular's conversation, with the reply box open: the window closes a day after they wrote.
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill(regular.slice(2));
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button', { name: new RegExp(`^\\+${regular}`) }).click();
  await expect.poll(badge).toBe(unread);
  const thread = page.getByRole('region', { name: /Conversation with/ });
  const windowBadge = thread.getByText(/Window open until (today|tomorrow) \d/);
  await expect(windowBadge).toBeVisible();
  await thread.getByRole('button', { name: 'Write a message' }).click();
  const hint = page.getByText(/The 24-hour window is open until (today|tomorrow) \d/);
  await expect(hint).toBeVisible();
  const hintBefore = await hint.textContent();

  // They write again while the reply box is open: the hint and the header move on with it.
  sim.store.addIncoming({ from: regular, message: 'Still there?', createdAt: now - 4_000 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => hint.textContent()).not.toBe(hintBefore);
  const until = /until (.+): any/.exec((await hint.textContent()) ?? '')?.[1] ?? '';
  expect(until).not.toBe('');
  await expect(windowBadge).toContainText(`Window open until ${until}`);

  // As time passes the window closes, without anything being read again.
  await page.clock.install();
  await nav.getByRole('button', { name: 'Outbox' }).click();
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill(regular.slice(2));
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button', { name: new RegExp(`^\\+${regular}`) }).click();
  await thread.getByRole('button', { name: 'Write a message' }).click();
  await expect(windowBadge).toBeVisible();
  await page.clock.fastForward('25:00:00');
  await expect(thread.getByText('Templates only')).toBeVisible();
  await expect(page.getByRole('note', { name: '24-hour window' })).toContainText('has not written in the last 24 hours');
  await page.clock.resume();

  // SMSGlobal answers every call with 503: the indicator says so, with the error.
  await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRates: { '503': 1 } }) });
  await page.getByRole('button', { name: 'Sync now' }).click();
  const indicator = page.getByRole('status', { name: 'Account status' });
  await expect(indicator).toContainText('SMSGlobal is having trouble', { timeout: 30_000 });
  await expect(indicator).toContainText('HTTP 503');
  await saveScreenshot(page, 'indicator-trouble-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await saveScreenshot(page, 'indicator-trouble-dark');
});

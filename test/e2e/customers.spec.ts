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
  await expect(data.getByText(/^\d[\d,.\s]* messages \(/)).toBeVisible({ timeout: 60_000 });
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
  await nav.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search words' }).fill('florist');
  await expect(page.getByRole('region', { name: 'Matching customers' })).toContainText('Fatima (florist)');

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
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await saveScreenshot(page, 'inbox-thread-named-dark');
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
  await connectAccount(page, sim, KEY, SECRET);
  await syncedInbox(page);
  await saveScreenshot(page, 'inbox-unread-light');

  const inbox = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' });
  const badge = async (): Promise<number> => {
    const text = (await inbox.locator('.nav__badge').textContent().catch(() => null)) ?? '0';
    return Number(text.replace(/\D/g, '') || '0');
  };
  const before = await badge();
  expect(await page.evaluate(() => window.__notices.length)).toBe(0);

  const customer = '61400333444';
  sim.store.addIncoming({ from: customer, message: 'Are you open on Sunday?', createdAt: Math.floor(Date.now() / 1000) * 1000 - 5_000 });
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect.poll(() => page.evaluate(() => window.__notices)).toEqual([{ title: `New message from +${customer}`, body: 'Are you open on Sunday?' }]);
  await expect.poll(badge).toBe(before + 1);
  await expect(inbox).toHaveAccessibleName(`Inbox, ${before + 1} unread`);

  // Opening the conversation reads it; its window is open until a day from the message.
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill(customer.slice(2));
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button').first().click();
  const thread = page.getByRole('region', { name: /Conversation with/ });
  await expect(thread.getByText(/Window open until (today|tomorrow) \d/)).toBeVisible();
  await expect.poll(badge).toBe(before);
  await thread.getByRole('button', { name: 'Write a message' }).click();
  await expect(page.getByText(/The 24-hour window is open until (today|tomorrow) \d/)).toBeVisible();

  // SMSGlobal answers every call with 503: the indicator says so, with the error.
  await fetch(`${sim.url}/__sim/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRates: { '503': 1 } }) });
  await page.getByRole('button', { name: 'Sync now' }).click();
  const indicator = page.getByRole('status', { name: 'Account status' });
  await expect(indicator).toContainText('SMSGlobal is having trouble', { timeout: 30_000 });
  await expect(indicator).toContainText('HTTP 503');
  await saveScreenshot(page, 'indicator-trouble-light');
});

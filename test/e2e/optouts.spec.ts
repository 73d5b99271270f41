import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, setTheme, test } from './fixtures';

const KEY = 'optouts-e2e-key';
const SECRET = 'optouts-e2e-secret-0123456789';
const CUSTOMER = '61412345600';
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 300, seed: 9, accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
});

test.afterEach(async () => {
  await sim.close();
});

/** Starts a sync once the one running (if any) has ended; what it brings is awaited on screen. */
async function syncNow(page: Page): Promise<void> {
  const bar = page.getByRole('region', { name: 'Sync' });
  await expect(bar.getByRole('button', { name: 'Sync now' })).toBeVisible({ timeout: 60_000 });
  await bar.getByRole('button', { name: 'Sync now' }).click();
}

async function openConversation(page: Page, number: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill(number);
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button').first().click();
}

test('a customer writes STOP: the next sync shows them opted out in the thread, the composer and Opt-ins', async ({ page }) => {
  test.setTimeout(150_000);
  await connectAccount(page, sim, KEY, SECRET);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced/)).toBeVisible({ timeout: 60_000 });
  // A few seconds back: a sync reads up to a second before it starts.
  await fetch(`${sim.url}/__sim/incoming`, { method: 'POST', body: JSON.stringify({ from: CUSTOMER, message: 'Stop!', createdAt: Date.now() - 5000 }) });
  await syncNow(page);

  await openConversation(page, CUSTOMER);
  const thread = page.getByRole('region', { name: /Conversation with/ });
  const badge = thread.getByRole('status').filter({ hasText: /^Opted out on .+, by message$/ });
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute('title', /They wrote “Stop!”/);

  // The composer warns before a business-initiated message and sends nothing without the tick.
  await page.getByRole('button', { name: 'Write a message' }).click();
  const reply = page.getByRole('form', { name: 'Compose message' });
  const warning = reply.getByRole('group', { name: 'Opted out' });
  await expect(warning).toContainText('This customer opted out on');
  await expect(warning).toContainText('they wrote “Stop!”');
  await reply.getByRole('textbox', { name: 'Message' }).fill('Sorry to see you go');
  await reply.getByRole('button', { name: 'Send' }).click();
  await expect(warning.getByRole('alert')).toContainText('Tick “Send anyway”');
  await reply.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Template', exact: true }).check({ force: true });
  await expect(warning).toBeVisible();
  expect(sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing')).toEqual([]);
  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await openConversation(page, CUSTOMER);
    await page.getByRole('button', { name: 'Write a message' }).click();
    await expect(page.getByRole('form', { name: 'Compose message' }).getByRole('group', { name: 'Opted out' })).toBeVisible();
    await saveScreenshot(page, `thread-opted-out-${theme.toLowerCase()}`);
  }

  // The customer writes again: a reply inside the 24-hour window goes without the warning.
  await fetch(`${sim.url}/__sim/incoming`, { method: 'POST', body: JSON.stringify({ from: CUSTOMER, message: 'Actually, where is my parcel?', createdAt: Date.now() - 5000 }) });
  await syncNow(page);
  const again = page.getByRole('form', { name: 'Compose message' });
  await expect(again.getByText(/but they have written since: a reply inside the 24-hour window is fine/)).toBeVisible();
  await expect(again.getByRole('group', { name: 'Opted out' })).toBeHidden();
  await again.getByRole('textbox', { name: 'Message' }).fill('It leaves today');
  await again.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing').length).toBe(1);

  // Opt-ins → Opted out lists them with the message; the ledger exports as CSV.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Opt-ins' }).click();
  await page.getByRole('tab', { name: 'Opted out' }).click();
  const list = page.getByRole('list', { name: 'Opted-out number list' });
  await expect(list.getByRole('listitem').filter({ hasText: `+${CUSTOMER}` })).toContainText('“Stop!”');
  for (const theme of ['Dark', 'Light'] as const) {
    await setTheme(page, theme);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Opt-ins' }).click();
    await page.getByRole('tab', { name: 'Opted out' }).click();
    await expect(list.getByRole('listitem').filter({ hasText: `+${CUSTOMER}` })).toBeVisible();
    await saveScreenshot(page, `optins-opted-out-${theme.toLowerCase()}`);
  }
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ledger (CSV)' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.startsWith("\uFEFFNumber,Name,Change,Date,How,Customer's message,Note,SMSGlobal message id,Current state\r\n")).toBe(true);
  expect(csv).toMatch(new RegExp(`${CUSTOMER},[^\\r\\n]*,Opted out,[^\\r\\n]*,Keyword message,Stop!,,\\d+,Opted out`));

  // Back in by hand, with a note: the list and the thread follow.
  await list.getByRole('button', { name: `Opt back in +${CUSTOMER}` }).click();
  const form = page.getByRole('form', { name: 'Opt a number back in' });
  await form.getByRole('button', { name: 'Opt back in' }).click();
  await expect(form.getByRole('alert')).toContainText('Say why');
  await form.getByRole('textbox', { name: 'Note' }).fill('Called the shop to rejoin');
  await form.getByRole('button', { name: 'Opt back in' }).click();
  await expect(list.getByRole('listitem').filter({ hasText: `+${CUSTOMER}` })).toHaveCount(0);
  await openConversation(page, CUSTOMER);
  await expect(page.getByRole('region', { name: /Conversation with/ }).getByRole('button', { name: 'Opt out…' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Conversation with/ }).getByRole('status').filter({ hasText: /^Opted out on/ })).toHaveCount(0);
});

test('opt a number out by hand from the thread, and keep the keyword words in Settings', async ({ page }) => {
  test.setTimeout(90_000);
  await connectAccount(page, sim, KEY, SECRET);
  await fetch(`${sim.url}/__sim/incoming`, { method: 'POST', body: JSON.stringify({ from: CUSTOMER, message: 'Pare', createdAt: Date.now() - 5000 }) });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  await syncNow(page);
  await openConversation(page, CUSTOMER);
  const thread = page.getByRole('region', { name: /Conversation with/ });
  // "Pare" is not one of the standard words.
  await expect(thread.getByRole('button', { name: 'Opt out…' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const keywords = page.getByRole('form', { name: 'Opt-out keywords' });
  await keywords.getByRole('textbox', { name: 'Opt-in words' }).fill('START\nPARE');
  await keywords.getByRole('textbox', { name: 'Opt-out words' }).fill('STOP\nPare');
  await keywords.getByRole('button', { name: 'Save keywords' }).click();
  await expect(keywords.getByRole('alert')).toContainText('is in both lists');
  await keywords.getByRole('textbox', { name: 'Opt-in words' }).fill('START');
  await keywords.getByRole('button', { name: 'Save keywords' }).click();
  await expect(keywords.getByRole('status')).toHaveText('Saved');
  await saveScreenshot(page, 'settings-keywords');

  // The new word finds the message already in the history.
  await openConversation(page, CUSTOMER);
  await expect(thread.getByRole('status').filter({ hasText: /^Opted out on .+, by message$/ })).toBeVisible();
  await thread.getByRole('button', { name: 'Opt back in…' }).click();
  const form = page.getByRole('form', { name: 'Opt a number back in' });
  await form.getByRole('textbox', { name: 'Note' }).fill('Signed the paper form');
  await form.getByRole('button', { name: 'Opt back in' }).click();
  await expect(thread.getByRole('button', { name: 'Opt out…' })).toBeVisible();
  await thread.getByRole('button', { name: 'Opt out…' }).click();
  const changes = thread.getByRole('list', { name: 'Opt-out changes' });
  await expect(changes.getByRole('listitem')).toHaveCount(2);
  await expect(changes.getByRole('listitem').first()).toContainText('Opted back in by hand: Signed the paper form');
  await expect(changes.getByRole('listitem').last()).toContainText('Opted out: wrote “Pare”');
  const out = page.getByRole('form', { name: 'Opt out a number' });
  await out.getByRole('textbox', { name: 'Note' }).fill('Asked by phone');
  await saveScreenshot(page, 'thread-opt-out-form');
  await out.getByRole('button', { name: 'Opt out' }).click();
  await expect(thread.getByRole('status').filter({ hasText: /^Opted out on .+, by hand$/ })).toBeVisible();
});

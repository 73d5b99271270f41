import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, test } from './fixtures';

/**
 * What a new user ran into (issue 10): replies that failed silently, numbers read too strictly,
 * stale field errors, unreadable files, endless summaries, and a search that forgot itself.
 */

const KEY = 'new-user-e2e-key';
const SECRET = 'new-user-e2e-secret-0123456789';
let sim: Simulator;

/** Switches the theme the way Settings does (through the contract), whatever Settings looks like. */
async function theme(page: Page, name: 'light' | 'dark'): Promise<void> {
  await page.evaluate(async (value) => {
    const bridge = (globalThis as unknown as { api: { settings: { update: (patch: { theme: string }) => Promise<unknown> } } }).api;
    await bridge.settings.update({ theme: value });
  }, name);
  await expect(page.locator('html')).toHaveAttribute('data-theme', name);
}

async function bothThemes(page: Page, name: string): Promise<void> {
  for (const t of ['light', 'dark'] as const) {
    await theme(page, t);
    await saveScreenshot(page, `${name}-${t}`);
  }
  await theme(page, 'light');
}

/**
 * Pastes a long text at once. Chromium types Playwright's fill into a textarea in time that grows
 * with the square of its lines (30 s for 2,500 lines): set the value and send the input event.
 */
async function paste(target: Locator, text: string): Promise<void> {
  await target.evaluate((el: { value: string; dispatchEvent: (event: unknown) => boolean }, value) => {
    // The prototype's setter, not the element's: React watches the latter and would drop the event.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value')?.set;
    setter?.call(el, value);
    const EventClass = (globalThis as unknown as { Event: new (type: string, init: { bubbles: boolean }) => unknown }).Event;
    el.dispatchEvent(new EventClass('input', { bubbles: true }));
  }, text);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const posts = () => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing');

test.describe('on the demo', () => {
  test.use({ previewArgs: ['--demo'] });

  test('a reply to a customer on a range the phone metadata does not list is sent', async ({ page }) => {
    const list = page.getByRole('list', { name: 'Conversation list' });
    await expect(list.getByRole('button').first()).toBeVisible({ timeout: 30_000 });
    for (const [typed, number] of [
      ['0442000022', '+61442000022'],
      ['+44 7700 900', '+447700900'],
    ] as const) {
      // The filter reads a local number the way the composer does.
      const filtered = page.waitForResponse((r) => r.url().includes('/api/conversations.list') && (r.request().postData() ?? '').includes(JSON.stringify(typed)));
      await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill(typed);
      const { value } = (await (await filtered).json()) as { value: { total: number } };
      await expect(page.getByText(new RegExp(`^${value.total.toLocaleString('en-US')} conversations?$`))).toBeVisible();
      await list.getByRole('button').first().click();
      const thread = page.getByRole('region', { name: /Conversation with/ });
      await expect(thread.locator('.thread__who')).toContainText(number);
      await page.getByRole('button', { name: 'Write a message' }).click();
      const reply = page.getByRole('form', { name: 'Compose message' });
      await expect(reply.getByRole('group', { name: 'Number not recognised' })).toBeHidden();
      const text = `Reply to ${typed}`;
      await reply.getByRole('textbox', { name: 'Message' }).fill(text);
      await reply.getByRole('button', { name: 'Send' }).click();
      await expect(reply.getByRole('status').filter({ hasText: 'Sent to the outbox' })).toBeVisible();
      await expect(thread.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
    }
    await saveScreenshot(page, 'demo-reply-unlisted-range');
  });
});

test.describe('against the simulator', () => {
  test.beforeEach(async () => {
    sim = await startSimulator({ messages: 60, seed: 21, accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const now = Date.now();
    sim.store.addIncoming({ from: '61442000022', message: 'Is my order ready? 👍', createdAt: now - 3_600_000 });
    sim.store.addOutgoing('61442000022', 'Your order is ready for pickup');
    sim.store.addIncoming({ from: '61427000008', message: 'Thanks, see you Friday', createdAt: now - 7_200_000 });
  });

  test.afterEach(async () => {
    await sim.close().catch(() => undefined);
  });

  async function synced(page: Page): Promise<void> {
    await connectAccount(page, sim, KEY, SECRET);
    await nav(page).getByRole('button', { name: 'Inbox' }).click();
    await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced/)).toBeVisible({ timeout: 60_000 });
  }

  test('a reply SMSGlobal refuses says so in the reply box, and can be sent again', async ({ page }) => {
    await synced(page);
    await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill('0442 000 022');
    const list = page.getByRole('list', { name: 'Conversation list' });
    await expect(list.getByRole('button')).toHaveCount(1);
    await list.getByRole('button').first().click();
    await page.getByRole('button', { name: 'Write a message' }).click();
    const box = page.locator('.reply-box');
    const reply = box.getByRole('form', { name: 'Compose message' });
    await reply.getByRole('textbox', { name: 'Message' }).fill('We open at 9 tomorrow');
    await fetch(`${sim.url}/__sim/faults/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'status', status: 400, match: { method: 'POST', path: '/v2/whatsapp/outgoing' } }),
    });
    await reply.getByRole('button', { name: 'Send' }).click();
    const refused = box.getByRole('alert', { name: 'Message not sent' });
    await expect(refused).toContainText('Not sent.');
    await expect(refused).toContainText('SMSGlobal refused the request as invalid (HTTP 400).');
    await bothThemes(page, 'reply-refused');
    await refused.getByRole('button', { name: 'Try again' }).click();
    await expect(refused).toBeHidden();
    // The refused request never reached the simulator's log; the second attempt did.
    await expect.poll(() => posts().length).toBe(1);
    await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'We open at 9 tomorrow' })).toHaveCount(1);
  });

  test('the composer: errors follow the input; an unlisted number is sent once the user says so', async ({ page }) => {
    await connectAccount(page, sim, KEY, SECRET);
    await nav(page).getByRole('button', { name: 'Compose' }).click();
    const form = page.getByRole('form', { name: 'Compose message' });
    const to = form.getByRole('textbox', { name: 'To' });
    const message = form.getByRole('textbox', { name: 'Message' });

    // An empty send shows the errors; fixing a field removes its error at once, without sending.
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByText('Enter a phone number.')).toBeVisible();
    await expect(form.getByText('Text is required.')).toBeVisible();
    await to.fill('0412 345 678');
    await expect(form.getByText('Enter a phone number.')).toBeHidden();
    await message.fill('x'.repeat(4097));
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByText(/limited to 4096 characters/)).toBeVisible();
    await message.fill('Hello');
    await expect(form.getByText(/limited to 4096 characters/)).toBeHidden();
    await expect(form.getByText('Text is required.')).toBeHidden();
    await expect(form.locator('.field__error')).toHaveCount(0);

    // A number the phone-number list does not know: a warning with a way through, not a wall.
    await to.fill('0442 000 033');
    const warning = form.getByRole('group', { name: 'Number not recognised' });
    await expect(warning).toContainText('not in the phone-number list');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(warning.getByRole('alert')).toContainText('Nothing was sent');
    expect(posts()).toEqual([]);
    await bothThemes(page, 'compose-unlisted-number');
    await warning.getByRole('checkbox', { name: 'Send to this number anyway' }).check();
    await expect(warning.getByRole('alert')).toBeHidden();
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Sent to the outbox for +61442000033' })).toBeVisible();
    await expect.poll(() => posts().map((e) => (e.body as { to: string[] }).to[0])).toEqual(['61442000033']);
  });

  test('editing a queued message closes when the message is cancelled', async ({ page }) => {
    await connectAccount(page, sim, KEY, SECRET);
    await sim.close();
    await nav(page).getByRole('button', { name: 'Compose' }).click();
    const form = page.getByRole('form', { name: 'Compose message' });
    await form.getByRole('textbox', { name: 'To' }).fill('0412 345 678');
    await form.getByRole('textbox', { name: 'Message' }).fill('Waiting for the network');
    await form.getByRole('button', { name: 'Send' }).click();
    const queue = page.getByRole('region', { name: 'Waiting to send' });
    const item = queue.getByRole('listitem', { name: /Waiting for the network/ });
    await expect(item).toBeVisible();
    await item.getByRole('button', { name: 'Edit' }).click();
    const editor = page.getByRole('form', { name: 'Edit queued message' });
    await expect(editor).toBeVisible();
    await item.getByRole('button', { name: 'Cancel' }).click();
    await expect(editor).toBeHidden();
    await expect(page.getByRole('note').filter({ hasText: 'no longer waiting to send' })).toBeVisible();
    await expect(page.getByRole('form', { name: 'Compose message' })).toBeVisible();
  });

  test('outbox and search read local numbers, say what is wrong with a filter, and search remembers', async ({ page }) => {
    await synced(page);
    // Outbox: the same number typed three ways finds the same messages.
    await nav(page).getByRole('button', { name: 'Outbox' }).click();
    const number = page.getByRole('searchbox', { name: 'Number' });
    const rows = page.getByRole('list', { name: 'Sent message list' }).getByRole('button');
    for (const typed of ['0442000022', '+61442000022', '0442 000 022']) {
      await number.fill(typed);
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('Your order is ready for pickup');
    }
    // The details panel closes when the filters no longer show its message.
    await rows.first().click();
    await expect(page.getByRole('complementary', { name: 'Message details' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
    await expect(page.getByRole('complementary', { name: 'Message details' })).toBeHidden();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    // Letters and a reversed range are said at the filters, not answered with everything or nothing.
    await number.fill('Wei');
    await expect(page.getByRole('alert').filter({ hasText: 'Number: Type a phone number or part of one' })).toBeVisible();
    await expect(rows).toHaveCount(0);
    await number.fill('');
    await page.getByLabel('From').fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await expect(page.getByRole('alert').filter({ hasText: 'The “From” date is after the “To” date' })).toBeVisible();
    await bothThemes(page, 'outbox-filter-problems');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByRole('alert')).toHaveCount(0);

    // Search: a number alone lists its messages, with a count.
    await nav(page).getByRole('button', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Number' }).fill('0442 000 022');
    const hits = page.getByRole('region', { name: 'Matching messages' }).getByRole('button', { name: /From|To/ });
    await expect(hits).toHaveCount(2);
    await expect(page.getByRole('status').filter({ hasText: '2 messages found.' })).toBeVisible();
    // An emoji finds the messages that hold it.
    await page.getByRole('searchbox', { name: 'Number' }).fill('');
    const words = page.getByRole('searchbox', { name: 'Search words' });
    await words.fill('👍');
    await expect(hits).toHaveCount(1);
    await expect(hits.first()).toContainText('Is my order ready? 👍');
    await expect(page.getByRole('status').filter({ hasText: '1 message found.' })).toBeVisible();
    await bothThemes(page, 'search-emoji');
    // Leaving and coming back keeps the query and its results.
    await hits.first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await nav(page).getByRole('button', { name: 'Search' }).click();
    await expect(words).toHaveValue('👍');
    await expect(hits).toHaveCount(1);
    // The box stops at 200 characters and says so.
    await words.fill('order '.repeat(50));
    await expect(words).toHaveValue(('order '.repeat(50)).slice(0, 200));
    await expect(page.getByText('That is the longest search: 200 characters.')).toBeVisible();
    await expect(page.getByText(/Too big|too_big|String must contain/)).toHaveCount(0);
  });

  test('opt-ins: files that are empty or not text, errors that go, summaries that stay short', async ({ page }) => {
    await connectAccount(page, sim, KEY, SECRET);
    await nav(page).getByRole('button', { name: 'Opt-ins' }).click();
    await page.getByRole('tab', { name: 'Add numbers' }).click();
    const add = page.getByRole('region', { name: 'Add numbers' });
    await add.getByRole('radio', { name: 'CSV file' }).check({ force: true });
    await add.getByRole('button', { name: 'Check numbers' }).click();
    await expect(add.getByText('Add at least one number first.')).toBeVisible();

    const file = add.getByLabel('Choose a CSV file');
    await file.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await expect(add.getByText('The file is empty: there are no rows in it.')).toBeVisible();
    await expect(add.getByText(/auto-detect/)).toHaveCount(0);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(2000, 0), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37) % 256))]);
    await file.setInputFiles({ name: 'program.csv', mimeType: 'text/csv', buffer: elf });
    await expect(add.getByText(/This file is not text/)).toBeVisible();
    await expect(add.getByRole('table', { name: 'First rows of the file' })).toHaveCount(0);

    // A wide file: its sample scrolls inside the card; the missing-numbers error has gone.
    const wide = ['Customer,Mobile phone,' + Array.from({ length: 14 }, (_, i) => `A rather long column heading ${i + 1}`).join(',')];
    for (let r = 0; r < 6; r++) wide.push(`Customer ${r},0412 345 67${r},` + Array.from({ length: 14 }, () => 'some long notes about this customer').join(','));
    await file.setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wide.join('\n')) });
    await expect(add.getByRole('table', { name: 'First rows of the file' })).toBeVisible();
    await expect(add.getByText('Add at least one number first.')).toBeHidden();
    const card = await add.boundingBox();
    const sample = await add.getByRole('region', { name: 'Sample of the file' }).boundingBox();
    expect(card && sample && sample.x + sample.width <= card.x + card.width).toBe(true);
    await bothThemes(page, 'optins-wide-csv');

    // 8,000 pasted copies of one number and 529 numbers Excel broke: counted, five shown, the rest downloadable.
    await add.getByRole('radio', { name: 'Paste a list' }).check({ force: true });
    const pasted = [...Array.from({ length: 8000 }, () => '0412 345 678'), ...Array.from({ length: 529 }, () => '6.14123E+10')].join('\n');
    await paste(add.getByRole('textbox', { name: 'Numbers, one per line' }), pasted);
    await add.getByRole('button', { name: 'Check numbers' }).click();
    const summary = add.getByRole('region', { name: 'Opt-in summary' });
    const duplicates = summary.getByRole('region', { name: 'Duplicates skipped' });
    await expect(duplicates.getByRole('heading')).toHaveText('Duplicates skipped: 7,999');
    await expect(duplicates.getByRole('row')).toHaveCount(6);
    const invalid = summary.getByRole('region', { name: 'Numbers that cannot be used' });
    await expect(invalid.getByRole('heading')).toHaveText('Numbers that cannot be used: 529');
    await expect(invalid.getByRole('listitem')).toContainText('529 Excel turned this column into numbers and dropped digits');
    expect(await page.locator('.screen').evaluate((el: { scrollHeight: number }) => el.scrollHeight)).toBeLessThan(4000);
    await bothThemes(page, 'optins-long-summary');
    const download = page.waitForEvent('download');
    await duplicates.getByRole('button', { name: 'Download all 7,999 as CSV' }).click();
    const text = fs.readFileSync(await (await download).path(), 'utf8');
    expect(text.startsWith('\uFEFFRow,Entered,Same number as row\r\n')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(8000);
    expect(lines[1]).toBe('2,0412 345 678,1');

    // The capability export's "Entered" column holds what was typed, duplicates included.
    await page.getByRole('tab', { name: 'Capability check' }).click();
    const capability = page.getByRole('region', { name: 'Capability check' });
    await capability.getByRole('textbox', { name: 'Numbers, one per line' }).fill('0412 345 670\n+61 412 345 670');
    await capability.getByRole('button', { name: 'Check numbers' }).click();
    await expect(capability.getByRole('table', { name: 'Capability results' }).getByRole('row')).toHaveCount(3);
    const exported = page.waitForEvent('download');
    await capability.getByRole('button', { name: 'Export CSV' }).click();
    const rows = fs.readFileSync(await (await exported).path(), 'utf8').trim().split('\r\n');
    expect(rows.slice(1).map((r) => r.split(',')[1])).toEqual(['0412 345 670', '+61 412 345 670']);
  });
});

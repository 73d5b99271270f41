import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, test } from './fixtures';

const KEY = 'compose-e2e-key';
const SECRET = 'compose-e2e-secret-0123456789';
let sim: Simulator;
let media: http.Server;
let mediaUrl = '';

const files: Record<string, { type: string; size: number }> = {
  '/photo.jpg': { type: 'image/jpeg', size: 250_000 },
  '/clip.mp4': { type: 'video/mp4', size: 3_000_000 },
  '/invoice.pdf': { type: 'application/pdf', size: 40_000 },
  '/voice.ogg': { type: 'audio/ogg', size: 20_000 },
  '/smile.webp': { type: 'image/webp', size: 30_000 },
};

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 300, seed: 3, accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
  media = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.size) });
    res.end();
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
});

test.afterEach(async () => {
  await sim.close();
  await new Promise((resolve) => media.close(resolve));
});

test('compose and send every message type; each shows in the outbox and the conversation', async ({ page }) => {
  test.setTimeout(120_000);
  await connectAccount(page, sim, KEY, SECRET);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Compose' }).click();
  const form = page.getByRole('form', { name: 'Compose message' });
  await form.getByRole('textbox', { name: 'To' }).fill('0412 345 678');
  await expect(form.getByText('+61 412 345 678').first()).toBeVisible();
  // No inbound message from this number: free-form types carry the 24-hour warning.
  await expect(form.getByRole('note', { name: '24-hour window' })).toBeVisible();

  const type = (name: string) => form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name, exact: true }).check({ force: true });
  const send = async (): Promise<void> => {
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Sent to the outbox' })).toBeVisible();
  };
  const checkMedia = async (label: string, path: string): Promise<void> => {
    await form.getByRole('textbox', { name: label }).fill(`${mediaUrl}${path}`);
    await form.getByRole('textbox', { name: label }).blur();
    await expect(form.getByRole('status', { name: 'Media check' })).toContainText('File checked');
  };

  await type('Text');
  await form.getByRole('textbox', { name: 'Message' }).fill('Hello from the e2e test');
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('Hello from the e2e test');
  await saveScreenshot(page, 'compose-text');
  await send();

  await type('Template');
  await expect(form.getByRole('note', { name: '24-hour window' })).toBeHidden();
  await form.getByRole('textbox', { name: 'Template name' }).fill('order_ready');
  await form.getByRole('button', { name: 'Add parameter' }).click();
  await form.getByRole('textbox', { name: 'Parameter 1' }).fill('Jane');
  await form.getByRole('button', { name: 'Add parameter' }).click();
  await form.getByRole('textbox', { name: 'Parameter 2' }).fill('#1042');
  await send();

  await type('Photo');
  await checkMedia('Photo link', '/photo.jpg');
  await form.getByRole('textbox', { name: 'Caption' }).fill('Front view');
  await saveScreenshot(page, 'compose-photo');
  await send();

  await type('Video');
  await checkMedia('Video link', '/clip.mp4');
  await send();

  await type('Document');
  await checkMedia('Document link', '/invoice.pdf');
  await form.getByRole('textbox', { name: 'File name' }).fill('invoice-1042.pdf');
  await send();

  await type('Audio');
  await checkMedia('Audio link', '/voice.ogg');
  await send();

  await type('Sticker');
  await checkMedia('Sticker link', '/smile.webp');
  await send();

  await type('Location');
  await form.getByRole('textbox', { name: 'Latitude' }).fill('-33.8688');
  await form.getByRole('textbox', { name: 'Longitude' }).fill('151.2093');
  await form.getByRole('textbox', { name: 'Place name' }).fill('Harbour St Store');
  await send();

  await expect.poll(() => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing').length).toBe(8);
  const types = sim.log().filter((e) => e.method === 'POST').map((e) => (e.body as { message: { type: string } }).message.type);
  expect(types).toEqual(['text', 'template', 'image', 'video', 'document', 'audio', 'sticker', 'location']);

  await nav.getByRole('button', { name: 'Outbox' }).click();
  await page.getByRole('searchbox', { name: 'Number' }).fill('61412345678');
  const list = page.getByRole('list', { name: 'Sent message list' });
  await expect(list.getByRole('button')).toHaveCount(8);
  await expect(list.getByRole('button', { name: /Hello from the e2e test/ })).toBeVisible();
  await saveScreenshot(page, 'outbox-after-compose');

  await nav.getByRole('button', { name: 'Inbox' }).click();
  await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill('61412345678');
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button').first().click();
  const thread = page.getByRole('list', { name: 'Messages' });
  await expect(thread.getByRole('listitem').filter({ hasText: 'Hello from the e2e test' })).toBeVisible();
  await expect(thread.getByRole('listitem').filter({ hasText: 'order_ready' })).toBeVisible();
  await expect(thread.getByRole('listitem').filter({ hasText: 'Harbour St Store' })).toBeVisible();
  await expect(thread.getByRole('listitem').filter({ hasText: 'invoice-1042.pdf' })).toBeVisible();

  // Reply from the conversation: the recipient is already there.
  await page.getByRole('button', { name: 'Write a message' }).click();
  const reply = page.getByRole('form', { name: 'Compose message' });
  await reply.getByRole('textbox', { name: 'Message' }).fill('A reply from the thread');
  await reply.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByRole('listitem').filter({ hasText: 'A reply from the thread' })).toBeVisible();
  await saveScreenshot(page, 'inbox-reply');
});

test('invalid input is stopped at the field and nothing is sent', async ({ page }) => {
  await connectAccount(page, sim, KEY, SECRET);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compose' }).click();
  const form = page.getByRole('form', { name: 'Compose message' });
  await form.getByRole('textbox', { name: 'To' }).fill('0412 ABC 678');
  await expect(form.getByText(/has letters/).first()).toBeVisible();
  await form.getByRole('textbox', { name: 'To' }).fill('0412 345 678');
  await form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Location' }).check({ force: true });
  await form.getByRole('textbox', { name: 'Latitude' }).fill('91');
  await form.getByRole('textbox', { name: 'Longitude' }).fill('10');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByText('Latitude must be between -90 and 90.')).toBeVisible();
  await form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Photo' }).check({ force: true });
  await form.getByRole('textbox', { name: 'Photo link' }).fill(`${mediaUrl}/invoice.pdf`);
  await form.getByRole('textbox', { name: 'Photo link' }).blur();
  await expect(form.getByRole('status', { name: 'Media check' })).toContainText('application/pdf');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'serves application/pdf' })).toBeVisible();
  await saveScreenshot(page, 'compose-refused');
  expect(sim.log().filter((e) => e.method === 'POST')).toEqual([]);
});

test('opt in numbers from a CSV file, then check capability and export it', async ({ page }) => {
  await connectAccount(page, sim, KEY, SECRET);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Opt-ins' }).click();
  await page.getByRole('tab', { name: 'Add numbers' }).click();
  const add = page.getByRole('region', { name: 'Add numbers' });
  await add.getByRole('radio', { name: 'CSV file' }).check({ force: true });
  const csv = 'Customer,Mobile phone,Notes\nJane Smith,0412 345 670,vip\nLee Kim,+61 412 345 671,\nNot a number,04x2,\nJane again,0412 345 670,dup\nSam Ng,0412 345 672,\n';
  await add.getByLabel('Choose a CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(add.getByRole('combobox', { name: 'Number column' })).toHaveValue('1');
  await expect(add.getByRole('combobox', { name: 'Name column' })).toHaveValue('0');
  await add.getByRole('button', { name: 'Check numbers' }).click();
  const summary = add.getByRole('region', { name: 'Opt-in summary' });
  await expect(summary).toContainText('3 ready to opt in');
  await expect(summary).toContainText('1 not valid');
  await expect(summary).toContainText(/1 duplicate(?!s)/);
  await expect(summary.getByRole('table', { name: 'Numbers that cannot be used' })).toContainText('04x2');
  expect(sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/opt-in')).toEqual([]);
  await saveScreenshot(page, 'optins-summary');
  await summary.getByRole('button', { name: 'Opt in 3 numbers' }).click();
  await expect(add.getByRole('region', { name: 'Opt-in results' })).toContainText('3 of 3 numbers opted in');
  const sent = sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/opt-in');
  expect(sent.map((e) => e.body)).toEqual([{ 'opt-in': [{ name: 'Jane Smith', number: '61412345670' }, { name: 'Lee Kim', number: '61412345671' }, { name: 'Sam Ng', number: '61412345672' }] }]);

  await page.getByRole('tab', { name: 'Opted in' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill('Lee Kim');
  await expect(page.getByRole('list', { name: 'Opted-in number list' })).toContainText('+61412345671');

  await page.getByRole('tab', { name: 'Capability check' }).click();
  const capability = page.getByRole('region', { name: 'Capability check' });
  await capability.getByRole('textbox', { name: 'Numbers, one per line' }).fill('0412 345 670\n0400 000 666\n0412 340 000');
  await capability.getByRole('button', { name: 'Check numbers' }).click();
  const table = capability.getByRole('table', { name: 'Capability results' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row').filter({ hasText: '+61400000666' })).toContainText('Blacklisted');
  await saveScreenshot(page, 'capability');
  const download = page.waitForEvent('download');
  await capability.getByRole('button', { name: 'Export CSV' }).click();
  const text = fs.readFileSync(await (await download).path(), 'utf8');
  expect(text.startsWith('\uFEFFRow,Entered,Number,Name,Can receive WhatsApp,Blacklisted,Problem\r\n')).toBe(true);
  expect(text).toContain('61400000666');
  expect(text.trim().split('\r\n')).toHaveLength(4);
});

test('a message whose outcome stays unknown asks the user, and sending it again needs a confirmation', async ({ page, app }) => {
  test.setTimeout(90_000);
  await connectAccount(page, sim, KEY, SECRET);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const sendPosts = (to: string) => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing' && (e.body as { to: string[] }).to[0] === to);
  // SMSGlobal answers 500 without taking the message, and its list lags by ten minutes: nothing
  // the app can see proves whether the message went out.
  sim.faults.configure({ listingDelayMs: 600_000 });
  sim.faults.addRules([{ action: 'status', status: 500, match: { method: 'POST', path: '/v2/whatsapp/outgoing' } }]);
  await nav.getByRole('button', { name: 'Compose' }).click();
  const form = page.getByRole('form', { name: 'Compose message' });
  const send = async (to: string, text: string): Promise<void> => {
    await form.getByRole('textbox', { name: 'To' }).fill(to);
    await form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Text', exact: true }).check({ force: true });
    await form.getByRole('textbox', { name: 'Message' }).fill(text);
    await form.getByRole('button', { name: 'Send' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Sent to the outbox' })).toBeVisible();
  };
  await send('0412 345 678', 'Did this arrive?');
  const queue = page.getByRole('region', { name: 'Waiting to send' });
  const item = queue.getByRole('listitem', { name: /Did this arrive\?/ });
  await expect(item).toContainText('Checking if it arrived');

  // Thirty-one minutes later, as far as the queue can tell (the bound is 30 minutes).
  const [file] = fs.readdirSync(path.join(app.dataDir, 'accounts')).filter((f) => f.endsWith('.sqlite3'));
  const db = new Database(path.join(app.dataDir, 'accounts', file ?? ''));
  db.pragma('busy_timeout = 5000');
  db.prepare("UPDATE outbox_queue SET unknown_at = unknown_at - 31 * 60000 WHERE state = 'unknown'").run();
  db.close();
  // Anything sent makes the app look again; a message to another customer is not held back.
  await send('0412 345 679', 'Unrelated, to someone else');
  await expect.poll(() => sendPosts('61412345679').length).toBe(1);
  await expect(item).toContainText('Needs your decision');
  await expect(item).toContainText('may get it twice');
  await item.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'queue-needs-attention-light');

  // Send again: a confirmation first, the safe choice focused; Escape sends nothing.
  await item.getByRole('button', { name: 'Send again…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Send this message again?' });
  await expect(dialog).toContainText('the customer will get it twice');
  await expect(dialog.getByRole('button', { name: 'Don’t send' })).toBeFocused();
  await saveScreenshot(page, 'queue-send-again-light');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(item.getByRole('button', { name: 'Send again…' })).toBeFocused();
  expect(sendPosts('61412345678')).toHaveLength(0);

  await nav.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await nav.getByRole('button', { name: 'Compose' }).click();
  await expect(item).toContainText('Needs your decision');
  await item.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'queue-needs-attention-dark');
  await item.getByRole('button', { name: 'Send again…' }).click();
  await saveScreenshot(page, 'queue-send-again-dark');
  await dialog.getByRole('button', { name: 'Send again' }).click();
  await expect.poll(() => sendPosts('61412345678').length).toBe(1);
  await expect(item).toBeHidden();
  expect(sim.store.outgoing.filter((m) => m.message === 'Did this arrive?')).toHaveLength(1);
});

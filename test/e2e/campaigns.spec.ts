import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { xlsxWorkbook } from '../main/core/campaigns/fixtures';
import { Audit, type Theme } from './axe-audit';
import { connectAccount, expect, test } from './fixtures';

const KEY = 'campaigns-e2e-key';
const SECRET = 'campaigns-e2e-secret-0123456789';
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 40, seed: 5, accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
});

test.afterEach(async () => {
  await sim.close();
});

const OUTGOING = '/v2/whatsapp/outgoing';
type Post = { to: string[]; message: { template_name?: string; params?: string[] } };
const posts = (): { status: number; body: Post }[] => sim.log().filter((e) => e.method === 'POST' && e.path === OUTGOING).map((e) => ({ status: e.status, body: e.body as Post }));
const accepted = (): Post[] => posts().filter((p) => p.status < 300).map((p) => p.body);

/** A call through the page's bridge (the same contract the screens use). */
function call(page: Page, namespace: string, name: string, input: unknown): Promise<{ ok: boolean }> {
  return page.evaluate(
    async ([ns, op, value]) => {
      const bridge = (globalThis as unknown as { api: Record<string, Record<string, (input: unknown) => Promise<{ ok: boolean }>>> }).api;
      const fn = bridge[ns]?.[op];
      if (!fn) throw new Error(`no ${String(ns)}.${String(op)}`);
      return fn(value);
    },
    [namespace, name, input] as const,
  );
}

/** What axe finds on the campaign screens, per page and theme; checked once at the end of the test. */
const audits = new WeakMap<Page, Record<Theme, Audit>>();
function auditsOf(page: Page): Record<Theme, Audit> {
  const found = audits.get(page) ?? { light: new Audit(page, 'light'), dark: new Audit(page, 'dark') };
  audits.set(page, found);
  return found;
}

/** The screen in the light theme, then the dark one, switched the way Settings does: photographed, and checked by axe. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await call(page, 'settings', 'update', { theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // Photographed by the audit too (test-results/screens/a11y-campaigns-<step>-<theme>.png).
    await auditsOf(page)[theme].check(`campaigns-${name}`);
  }
  await call(page, 'settings', 'update', { theme: 'light' });
}

/** 30 customers, plus a duplicate, a number with letters and one Excel turned into 6.1E+11, on a workbook's second sheet. */
function customerSheet(): (string | number)[][] {
  const rows: (string | number)[][] = [['Name', 'Mobile', 'Order']];
  for (let i = 1; i <= 30; i++) rows.push([`Customer ${i}`, `0412 345 ${String(100 + i)}`, `#${1000 + i}`]);
  rows.push(['Customer 1 again', '+61 412 345 101', '#2001']);
  rows.push(['Typo', '04I2 ABC', '#2002']);
  rows.push(['Damaged', '6.14123E+11', '#2003']);
  return rows;
}

test('a campaign from an Excel workbook: mapped, checked, tested, sent through a pause and a restart, reported, exported and retried', async ({ page, app }) => {
  test.setTimeout(300_000);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await connectAccount(page, sim, KEY, SECRET);
  const saved = await call(page, 'templates', 'save', {
    template: { name: 'order_ready', category: 'utility', language: 'en', body: 'Hi {{1}}, your order {{2}} is ready to collect.', mediaHeader: false, buttons: false },
  });
  expect(saved.ok).toBe(true);

  // The list, empty.
  await nav.getByRole('button', { name: 'Bulk send' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bulk send' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'No campaigns yet' })).toBeVisible();
  await shoot(page, 'list-empty');
  await page.getByRole('button', { name: 'New campaign' }).first().click();

  // 1. The workbook; its customers are on the second sheet.
  const workbook = await xlsxWorkbook([
    { name: 'Read me', rows: [['Notes'], ['Customers are on the next sheet']] },
    { name: 'Customers', rows: customerSheet() },
  ]);
  await page.getByLabel('Spreadsheet file').setInputFiles({ name: 'customers.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
  await expect(page.getByRole('combobox', { name: 'Sheet' })).toHaveValue('Read me');
  await page.getByRole('combobox', { name: 'Sheet' }).selectOption('Customers');
  const facts = page.getByRole('definition').filter({ hasText: 'customer rows' });
  await expect(facts).toContainText('33 customer rows, 3 columns');
  await expect(page.getByRole('region', { name: 'First rows of the file' })).toContainText('Customer 1');
  await shoot(page, 'file');
  await page.getByRole('button', { name: 'Next: template and columns' }).click();

  // 2. The library's template; the phone column is guessed; no going on while a blank is unmapped.
  const mapping = page.getByRole('form', { name: 'Template and columns' });
  await mapping.getByRole('combobox', { name: 'Template from your library' }).selectOption('order_ready');
  await expect(mapping.getByRole('combobox', { name: 'Phone number column' })).toHaveValue('1');
  await mapping.getByRole('button', { name: 'Next: check every row' }).click();
  await expect(mapping.getByText('Choose a column or type a text for {{1}}.')).toBeVisible();
  await expect(mapping.getByText('Choose a column or type a text for {{2}}.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Check' })).toHaveCount(0);
  await mapping.getByRole('combobox', { name: '{{1}} comes from' }).selectOption({ label: 'Column: Name' });
  await expect(mapping.getByText('Choose a column or type a text for {{1}}.')).toHaveCount(0);
  await mapping.getByRole('combobox', { name: '{{2}} comes from' }).selectOption({ label: 'Column: Order' });
  await shoot(page, 'mapping');
  await mapping.getByRole('button', { name: 'Next: check every row' }).click();

  // 3. The verdicts, counted, with the rows behind each count and the problem rows as a CSV.
  const check = page.getByRole('region', { name: 'Check' });
  const verdicts = check.getByRole('group', { name: 'Verdicts' });
  await expect(verdicts.getByRole('button', { name: /^30 Ready/ })).toBeVisible();
  await expect(verdicts.getByRole('button', { name: /^1 Duplicate/ })).toBeVisible();
  await expect(verdicts.getByRole('button', { name: /^1 Invalid number/ })).toBeVisible();
  await expect(verdicts.getByRole('button', { name: /^1 Damaged by Excel/ })).toBeVisible();
  await verdicts.getByRole('button', { name: /Damaged by Excel/ }).click();
  const list = check.getByRole('list', { name: 'Rows and their verdicts' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Row 34');
  await verdicts.getByRole('button', { name: /Duplicate/ }).click();
  await expect(list).toContainText('Row 32');
  await shoot(page, 'check');
  const problemsDownload = page.waitForEvent('download');
  await check.getByRole('button', { name: 'Download problem rows (CSV)' }).click();
  const problems = fs.readFileSync(await (await problemsDownload).path(), 'utf8');
  expect(problems).toContain('Problem');
  expect(problems).toContain('Typo');
  expect(problems).not.toContain('Customer 5,');
  await check.getByRole('button', { name: 'Next: preview and send' }).click();

  // 4. The message as each customer reads it, the count, what is skipped, the duration.
  const preview = page.getByRole('region', { name: 'Message preview' });
  await expect(preview.getByLabel('Rendered message')).toHaveText('Hi Customer 1, your order #1001 is ready to collect.');
  await preview.getByRole('button', { name: 'Next recipient' }).click();
  await expect(preview.getByLabel('Rendered message')).toHaveText('Hi Customer 2, your order #1002 is ready to collect.');
  const recipients = page.getByRole('region', { name: 'Recipients' });
  await expect(recipients).toContainText('30 customers get the message');
  await expect(recipients.getByRole('list', { name: 'Skipped rows' })).toContainText('1 skipped: Duplicate');

  // The test goes to the user's own number first.
  await recipients.getByRole('textbox', { name: 'Your own number (optional test)' }).fill('0400 000 999');
  await recipients.getByRole('button', { name: 'Send a test' }).click();
  await expect(recipients.getByText(/Test sent to/)).toBeVisible();
  await expect.poll(() => accepted().filter((p) => p.to[0] === '61400000999').length).toBe(1);
  expect(accepted().find((p) => p.to[0] === '61400000999')?.message).toEqual({ type: 'template', template_name: 'order_ready', params: ['Customer 1', '#1001'] });

  // One message a second, so the campaign is still going through the pause and the restart.
  const pace = page.getByRole('form', { name: 'Pace and timing' });
  await pace.getByRole('spinbutton', { name: 'Messages per second' }).fill('0');
  await pace.getByRole('button', { name: 'Send…' }).click();
  await expect(pace.getByText('Send at least 1 message per second.')).toBeVisible();
  await pace.getByRole('spinbutton', { name: 'Messages per second' }).fill('1');
  await expect(recipients).toContainText(/Takes about (29|30) seconds/);
  await shoot(page, 'preview');
  // SMSGlobal refuses the first three campaign sends (404): they fail, and can be retried later.
  sim.faults.addRules([{ action: 'status', status: 404, match: { method: 'POST', path: OUTGOING }, times: 3 }]);
  await pace.getByRole('button', { name: 'Send…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Start sending now?' });
  await expect(dialog).toContainText('30 customers will get the template order_ready, at 1 message a second');
  await shoot(page, 'confirm');
  await dialog.getByRole('button', { name: 'Send to 30' }).dblclick();

  // 5. Live: progress, pause, resume.
  const progress = page.getByRole('progressbar', { name: 'Messages handled' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('order_ready');
  await expect.poll(() => accepted().filter((p) => p.to[0] !== '61400000999').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await shoot(page, 'live');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('note', { name: 'Why it is paused' })).toBeVisible();
  const atPause = posts().length;
  await page.waitForTimeout(2_500);
  expect(posts().length).toBeLessThanOrEqual(atPause + 1);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect.poll(() => posts().length, { timeout: 20_000 }).toBeGreaterThan(atPause + 2);

  // 6. The preview stops mid-campaign and starts again: the campaign resumes by itself and says so.
  await app.restart();
  expect(accepted().filter((p) => p.to[0] !== '61400000999').length).toBeLessThan(27);
  await nav.getByRole('button', { name: 'Bulk send' }).click();
  const campaigns = page.getByRole('list', { name: 'Campaign list' });
  await expect(campaigns.getByRole('listitem')).toHaveCount(1);
  await campaigns.getByRole('button', { name: /order_ready/ }).click();
  await expect(page.getByRole('note', { name: 'Campaign notice' })).toContainText('Resumed by itself after the app restarted.');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });

  // Every ready customer exactly once: 27 accepted, 3 refused.
  const campaignSends = accepted().filter((p) => p.to[0] !== '61400000999');
  expect(campaignSends).toHaveLength(27);
  expect(new Set(campaignSends.map((p) => p.to[0])).size).toBe(27);

  // 7. The report: the chart with its figures as text, failures in words, the table.
  const chart = page.getByRole('figure', { name: /What happened/ });
  await expect(chart.getByRole('row', { name: /^Sent 27/ })).toBeVisible();
  await expect(chart.getByRole('row', { name: /^Failed to send 3/ })).toBeVisible();
  await expect(chart.getByRole('row', { name: /^Skipped: Duplicate 1/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Failures' })).toContainText('Can be retried');
  const table = page.getByRole('region', { name: 'Recipients' });
  await table.getByRole('combobox', { name: 'Show' }).selectOption('failed');
  await expect(table.getByRole('list', { name: 'Recipient list' }).getByRole('listitem')).toHaveCount(3);
  await table.getByRole('combobox', { name: 'Show' }).selectOption('all');
  await table.getByRole('searchbox', { name: 'Search' }).fill('Customer 17');
  await expect(table.getByRole('list', { name: 'Recipient list' }).getByRole('listitem')).toHaveCount(1);
  await table.getByRole('searchbox', { name: 'Search' }).fill('');
  await shoot(page, 'report');

  const resultsDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results' }).click();
  const results = fs.readFileSync(await (await resultsDownload).path(), 'utf8');
  expect(results.charCodeAt(0)).toBe(0xfeff);
  expect(results).toContain('Customer 17');
  expect(results.split(/\r?\n/)[0]).toMatch(/Name.*Mobile.*Order/);

  // 8. Retry failed: a linked run of the three refused rows only.
  await page.getByRole('button', { name: 'Retry 3 failed messages' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('(retry)');
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 30_000 });
  const all = accepted().filter((p) => p.to[0] !== '61400000999');
  expect(all).toHaveLength(30);
  expect(new Set(all.map((p) => p.to[0])).size).toBe(30);
  await shoot(page, 'retry');
  await page.getByRole('button', { name: 'All campaigns' }).click();
  await expect(page.getByRole('list', { name: 'Campaign list' }).getByRole('listitem')).toHaveCount(2);
  await shoot(page, 'list');
  auditsOf(page).light.expectClean();
  auditsOf(page).dark.expectClean();
});

import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, setTheme, test } from './fixtures';

const KEY = 'templates-e2e-key';
const SECRET = 'templates-e2e-secret-0123456789';
let sim: Simulator;

test.beforeEach(async () => {
  // The seeded history has sent templates (order_ready, appointment_reminder…) without their text.
  sim = await startSimulator({ messages: 300, seed: 3, accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
});

test.afterEach(async () => {
  await sim.close();
});

const posts = () => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing');

/** Fills the New template form and saves it. */
async function addTemplate(page: Page, t: { name: string; category: string; language: string; body: string; mediaHeader?: boolean }): Promise<void> {
  await page.getByRole('button', { name: 'New template' }).click();
  const form = page.getByRole('form', { name: 'New template' });
  await form.getByRole('textbox', { name: 'Name' }).fill(t.name);
  await form.getByRole('combobox', { name: 'Category' }).selectOption(t.category);
  await form.getByRole('combobox', { name: 'Language' }).fill(t.language);
  await form.getByRole('textbox', { name: 'Body' }).fill(t.body);
  if (t.mediaHeader) {
    await form.getByRole('checkbox', { name: /media header/ }).check();
    await expect(form.getByRole('note', { name: 'Parameters not possible' })).toContainText("SMSGlobal's API fills parameters only for templates whose content is body text only");
  }
  await form.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved ${t.name}.` })).toBeVisible();
}

test('complete a template seen in the history, then send it from the composer with its preview', async ({ page }) => {
  test.setTimeout(150_000);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await connectAccount(page, sim, KEY, SECRET);
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced/)).toBeVisible({ timeout: 60_000 });

  // Names already sent appear as entries to complete.
  await nav.getByRole('button', { name: 'Templates' }).click();
  const toComplete = page.getByRole('list', { name: 'Templates to complete' });
  await expect(toComplete.getByRole('button', { name: /order_ready/ })).toContainText('Text not added yet');
  await toComplete.getByRole('button', { name: /order_ready/ }).click();
  const editor = page.getByRole('form', { name: 'Complete order_ready' });
  await editor.getByRole('button', { name: 'Save template' }).click();
  await expect(editor.getByText('Choose marketing, utility or authentication.')).toBeVisible();
  await expect(editor.getByText(/Use the language code shown in WhatsApp Manager/)).toBeVisible();
  await expect(editor.getByText('Enter the body text exactly as approved.')).toBeVisible();
  await editor.getByRole('combobox', { name: 'Category' }).selectOption('utility');
  await editor.getByRole('combobox', { name: 'Language' }).fill('en_US');
  await editor.getByRole('textbox', { name: 'Body' }).fill('Hi {{1}}, your order {{3}} is ready to collect.');
  await editor.getByRole('button', { name: 'Save template' }).click();
  await expect(editor.getByText(/\{\{2\}\} is missing/)).toBeVisible();
  await editor.getByRole('textbox', { name: 'Body' }).fill('Hi {{1}}, your order {{2}} is ready to collect.');
  await expect(page.getByRole('region', { name: 'Template preview' })).toContainText('Hi {{1}}, your order {{2}} is ready to collect.');
  await editor.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved order_ready.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Templates', exact: true }).getByRole('button', { name: /order_ready/ })).toContainText('Utility · en_US');

  // A template with a media header: marked, and its parameters will be refused.
  await addTemplate(page, { name: 'spring_sale', category: 'marketing', language: 'en', body: 'Spring sale: {{1}} off everything!', mediaHeader: true });
  await expect(page.getByRole('list', { name: 'Templates', exact: true }).getByRole('button', { name: /spring_sale/ })).toContainText('No parameters');
  for (const theme of ['Light', 'Dark'] as const) {
    await setTheme(page, theme);
    await nav.getByRole('button', { name: 'Templates' }).click();
    await page.getByRole('list', { name: 'Templates', exact: true }).getByRole('button', { name: /order_ready/ }).click();
    await expect(page.getByRole('form', { name: 'Edit order_ready' })).toBeVisible();
    await saveScreenshot(page, `templates-${theme.toLowerCase()}`);
  }

  // The composer picks it from the library: one field per placeholder, and the preview renders the body.
  await nav.getByRole('button', { name: 'Compose' }).click();
  const form = page.getByRole('form', { name: 'Compose message' });
  await form.getByRole('textbox', { name: 'To' }).fill('0412 345 678');
  await form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Template', exact: true }).check({ force: true });
  await form.getByRole('combobox', { name: 'From your template library' }).selectOption('order_ready');
  await expect(form.getByRole('textbox', { name: 'Template name' })).toHaveValue('order_ready');
  await form.getByRole('textbox', { name: 'Value for {{1}}' }).fill('Jane');
  await form.getByRole('textbox', { name: 'Value for {{2}}' }).fill('#1042     B');
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview).toContainText('Hi Jane, your order #1042     B is ready to collect.');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByText('This value has more than 4 spaces in a row; WhatsApp refuses that.')).toBeVisible();
  expect(posts()).toEqual([]);
  await form.getByRole('textbox', { name: 'Value for {{2}}' }).fill('#1042');
  await expect(preview).toContainText('Hi Jane, your order #1042 is ready to collect.');
  await saveScreenshot(page, 'compose-template-library');
  await form.getByRole('button', { name: 'Send' }).click();
  await expect(form.getByRole('status').filter({ hasText: 'Sent to the outbox' })).toBeVisible();
  await expect.poll(() => posts().length).toBe(1);
  expect(posts()[0]?.body).toEqual({ to: ['61412345678'], message: { type: 'template', template_name: 'order_ready', params: ['Jane', '#1042'] } });

  // The media-header template has no value fields and goes without parameters.
  await form.getByRole('combobox', { name: 'From your template library' }).selectOption('spring_sale');
  await expect(form.getByRole('note', { name: 'Parameters not possible' })).toBeVisible();
  await expect(form.getByRole('textbox', { name: /Value for/ })).toHaveCount(0);
  await form.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => posts().length).toBe(2);
  expect(posts()[1]?.body).toEqual({ to: ['61412345678'], message: { type: 'template', template_name: 'spring_sale' } });
});

test('export the library as JSON and import it; a bad file is refused entry by entry', async ({ page }) => {
  test.setTimeout(90_000);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await connectAccount(page, sim, KEY, SECRET);
  await nav.getByRole('button', { name: 'Templates' }).click();
  await addTemplate(page, { name: 'pickup_reminder', category: 'utility', language: 'en_AU', body: 'Your parcel waits at {{1}} until {{2}}.' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const text = fs.readFileSync(await (await download).path(), 'utf8');
  const file = JSON.parse(text) as { templates: { name: string }[] };
  expect(file.templates.map((t) => t.name)).toEqual(['pickup_reminder']);

  const bad = JSON.stringify({ format: 'whatsapp-desk-templates', version: 1, templates: [{ ...file.templates[0], name: 'welcome_back', body: 'Hi {{name}}' }, { name: 'x' }] });
  await page.getByLabel('Import a template library file').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  const result = page.getByRole('alert').filter({ hasText: 'nothing was imported' });
  await expect(result).toContainText('2 of 2 templates in the file have problems; nothing was imported.');
  await expect(result.getByRole('list', { name: 'Problems in the file' })).toContainText('Template 1 (“welcome_back”): body: {{name}} is not a numbered placeholder');
  await saveScreenshot(page, 'templates-import-refused');
  await expect(page.getByRole('list', { name: 'Templates', exact: true }).getByRole('button')).toHaveCount(1);

  const good = JSON.stringify({ ...JSON.parse(text), templates: [...file.templates, { name: 'welcome_back', category: 'marketing', language: 'en', body: 'Welcome back, {{1}}!', mediaHeader: false, buttons: true }] });
  await page.getByLabel('Import a template library file').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(good) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported library.json: 1 added, 1 updated.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Templates', exact: true }).getByRole('button')).toHaveCount(2);
});

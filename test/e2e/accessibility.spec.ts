import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { Audit } from './axe-audit';
import { connectAccount, expect, test } from './fixtures';

/**
 * axe-core over every screen and its main states, in both themes: no violation of serious or
 * critical impact against WCAG 2.0, 2.1 and 2.2 A and AA. Each state is also photographed
 * (test-results/screens/a11y-<state>-<theme>.png); docs/screens/ holds a copy of them.
 */

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const go = (page: Page, screen: string) => nav(page).getByRole('button', { name: new RegExp(`^${screen}`) }).click();

async function inboxStates(page: Page, audit: Audit): Promise<void> {
  await go(page, 'Inbox');
  const list = page.getByRole('list', { name: 'Conversation list' });
  await expect(list.getByRole('button').first()).toBeVisible({ timeout: 60_000 });
  await audit.check('inbox');
  await list.getByRole('button').first().click();
  const thread = page.getByRole('region', { name: /Conversation with/ });
  await expect(thread.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();
  await audit.check('thread');
  await page.getByRole('button', { name: 'Write a message' }).click();
  await expect(page.getByRole('form', { name: 'Compose message' })).toBeVisible();
  await audit.check('thread-reply');
}

async function composeStates(page: Page, audit: Audit): Promise<void> {
  await go(page, 'Compose');
  const form = page.getByRole('form', { name: 'Compose message' });
  const types = form.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio');
  const count = await types.count();
  expect(count).toBeGreaterThan(5);
  for (let i = 0; i < count; i++) {
    const type = types.nth(i);
    // The radio is drawn by its label, which takes the click.
    await type.check({ force: true });
    const value = await type.getAttribute('value');
    // Send empty once: the field errors are part of what must be readable.
    if (i === 0) {
      await form.getByRole('button', { name: 'Send' }).click();
      await expect(form.getByText('Enter a phone number.')).toBeVisible();
    }
    await audit.check(`compose-${value ?? i}`);
  }
}

async function outboxStates(page: Page, audit: Audit): Promise<void> {
  await go(page, 'Outbox');
  const rows = page.getByRole('list', { name: 'Sent message list' }).getByRole('button');
  await expect(rows.first()).toBeVisible({ timeout: 30_000 });
  await audit.check('outbox');
  await rows.first().click();
  await expect(page.getByRole('complementary', { name: 'Message details' }).getByText('SMSGlobal id')).toBeVisible();
  await audit.check('outbox-details');
}

async function searchStates(page: Page, audit: Audit, word: string): Promise<void> {
  await go(page, 'Search');
  await audit.check('search-empty');
  await page.getByRole('searchbox', { name: 'Search words' }).fill(word);
  await expect(page.getByRole('region', { name: 'Matching messages' }).getByRole('button').first()).toBeVisible({ timeout: 30_000 });
  await audit.check('search-results');
}

async function optInStates(page: Page, audit: Audit): Promise<void> {
  await go(page, 'Opt-ins');
  for (const [tab, state] of [
    ['Opted in', 'optins-list'],
    ['Opted out', 'optins-opted-out'],
    ['Add numbers', 'optins-add'],
    ['Capability check', 'optins-capability'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await audit.check(state);
  }
}

async function otherStates(page: Page, audit: Audit): Promise<void> {
  await go(page, 'Templates');
  await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeVisible();
  await audit.check('templates');
  await go(page, 'Bulk send');
  await audit.check('bulk');
  await go(page, 'Settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await audit.check('settings-demo');
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`on the demo (${theme} theme)`, () => {
    test.use({ previewArgs: ['--demo'], colorScheme: theme });

    const groups: [string, (page: Page, audit: Audit) => Promise<void>][] = [
      ['the inbox and a thread', inboxStates],
      ['the composer, each message type', composeStates],
      ['the outbox and its details', outboxStates],
      ['search', (page, audit) => searchStates(page, audit, 'order')],
      ['opt-ins, each tab', optInStates],
      ['templates, bulk send and settings', otherStates],
    ];
    for (const [name, visit] of groups) {
      test(`${name} pass axe (${theme})`, async ({ page }) => {
        const audit = new Audit(page, theme);
        await visit(page, audit);
        audit.expectClean();
      });
    }
  });

  test.describe(`connected to the simulator (${theme} theme)`, () => {
    const KEY = 'a11y-e2e-key';
    const SECRET = 'a11y-e2e-secret-0123456789';
    let sim: Simulator;
    test.use({ colorScheme: theme });

    test.beforeEach(async () => {
      sim = await startSimulator({ messages: 120, seed: 13, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
      sim.store.addIncoming({ from: '61400999777', message: 'Track it here: https://example.com/parcel/123', createdAt: Date.now() - 60_000 });
    });
    test.afterEach(async () => {
      await sim.close().catch(() => undefined);
    });

    test(`the first run, the connected app and its dialogs pass axe (${theme})`, async ({ page }) => {
      test.setTimeout(240_000);
      const audit = new Audit(page, theme);
      await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
      await audit.check('first-run');
      await go(page, 'Settings');
      await audit.check('settings-first-run');
      await connectAccount(page, sim, KEY, SECRET);
      await audit.check('settings-connected');
      await page.getByRole('button', { name: 'Remove account' }).click();
      await audit.check('settings-remove-confirm');
      await page.getByRole('button', { name: 'Keep it' }).click();

      await go(page, 'Inbox');
      await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced/)).toBeVisible({ timeout: 60_000 });
      await audit.check('inbox-connected');
      await page.getByRole('searchbox', { name: 'Filter conversations by name or number' }).fill('400999777');
      const list = page.getByRole('list', { name: 'Conversation list' });
      await expect(list.getByRole('button')).toHaveCount(1);
      await list.getByRole('button').first().click();
      await page.getByRole('region', { name: /Conversation with/ }).getByRole('button', { name: 'https://example.com/parcel/123' }).click();
      await expect(page.getByRole('dialog', { name: 'Open this link in your browser?' })).toBeVisible();
      await audit.check('link-dialog');
      await page.keyboard.press('Escape');
      await searchStates(page, audit, 'parcel');
      audit.expectClean();
    });
  });
}

import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, test } from './fixtures';

/**
 * A link in a customer's message opens only after a confirmation that shows where it really
 * goes. The customer writes "https://аpple.com/…" with a Cyrillic "а": the dialog shows the
 * punycode host the browser would contact and says the name mixes alphabets.
 */

const KEY = 'links-e2e-key';
const SECRET = 'links-e2e-secret-0123456789';
const LOOKALIKE = 'https://\u0430pple.com/track?id=77';
const REAL_URL = 'https://xn--pple-43d.com/track?id=77';
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ incoming: 40, outgoing: 20, months: 1, seed: 5, accounts: [{ key: KEY, secret: SECRET }] });
  sim.store.addIncoming({ from: '61400999888', message: `Your parcel is waiting: ${LOOKALIKE} (log in to release it)` });
});

test.afterEach(async () => {
  await sim.close();
});

async function openNewestConversation(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Inbox' }).click();
  await page.getByRole('list', { name: 'Conversation list' }).getByRole('button').first().click();
}

test("a customer's link opens only after a confirmation that shows its real host", async ({ page, context }) => {
  const opened: string[] = [];
  context.on('page', (tab) => opened.push(tab.url()));
  // The browser tab the app asks for must not reach the internet.
  await context.route('https://xn--pple-43d.com/**', (route) => route.fulfill({ contentType: 'text/plain', body: 'stand-in site' }));

  await connectAccount(page, sim, KEY, SECRET);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  await expect(page.getByRole('region', { name: 'Sync' }).getByText(/Last synced just now/)).toBeVisible({ timeout: 30_000 });
  await openNewestConversation(page);

  const thread = page.getByRole('region', { name: /Conversation with/ });
  const link = thread.getByRole('button', { name: LOOKALIKE });
  await link.click();

  const dialog = page.getByRole('dialog', { name: 'Open this link in your browser?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('definition').first()).toHaveText('xn--pple-43d.com');
  await expect(dialog).toContainText(REAL_URL);
  const warning = dialog.getByRole('note', { name: 'International website name' });
  await expect(warning).toContainText('punycode');
  await expect(warning).toContainText('\u0430pple.com');
  await expect(warning).toContainText('It mixes Cyrillic and Latin letters');
  // The safe choice has the focus; the page behind is inert.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await saveScreenshot(page, 'link-confirm-light');

  // Escape cancels, and the focus returns to the link.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(link).toBeFocused();

  // Cancel opens nothing either.
  await link.click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Open hands the real address to main, which opens it in the browser (a new tab in the preview).
  await link.click();
  const tab = context.waitForEvent('page');
  await dialog.getByRole('button', { name: 'Open' }).click();
  const newTab = await tab;
  await newTab.waitForLoadState();
  expect(newTab.url()).toBe(REAL_URL);
  await expect(dialog).toBeHidden();
  // Exactly one tab: had Escape or Cancel opened the link, its tab would have come first.
  expect(opened).toHaveLength(1);
  await newTab.close();

  // The same dialog in the dark theme.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: 'Dark' }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await openNewestConversation(page);
  await thread.getByRole('button', { name: LOOKALIKE }).click();
  await expect(dialog).toBeVisible();
  await saveScreenshot(page, 'link-confirm-dark');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(opened).toHaveLength(1);
});

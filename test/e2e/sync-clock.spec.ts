import type { Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { expect, saveScreenshot, test } from './fixtures';

/**
 * What the user reads about the sync must be true: when the account's clock is not the zone in
 * Settings, Settings says so once and offers the fix; when the API keeps failing, the sync bar
 * says when the app will try again.
 */

const KEY = 'e2e-clock-key-01';
const SECRET = 'e2e-clock-secret-abcdef123456';
let sim: Simulator;

test.afterEach(async () => {
  await sim.close();
});

/** Saves the credentials and leaves the time zone at its default (Australia/Sydney), as most users do. */
async function connectKeepingDefaultZone(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByRole('textbox', { name: 'API key' }).fill(KEY);
  await account.getByLabel('API secret').fill(SECRET);
  await account.getByRole('textbox', { name: 'API address' }).fill(sim.url);
  await expect(account.getByRole('combobox', { name: 'Account time zone' })).toHaveValue('Australia/Sydney');
  await account.getByRole('button', { name: 'Save' }).click();
  await expect(account.getByText('Connected', { exact: true })).toBeVisible();
}

async function useTheme(page: Page, theme: 'Light' | 'Dark'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: theme }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

test('an account whose clock is not the zone in Settings: said once, with the fix offered', async ({ page }) => {
  sim = await startSimulator({ messages: 200, timeZone: 'America/Bogota', replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
  await connectKeepingDefaultZone(page);
  const account = page.getByRole('region', { name: 'Account' });
  const notice = account.getByRole('note', { name: 'Account time zone check' });
  await expect(notice).toContainText('UTC−05:00', { timeout: 30_000 });
  await expect(notice).toContainText('Australia/Sydney');
  await expect(page.getByRole('note', { name: 'Account time zone check' })).toHaveCount(1);
  for (const theme of ['Light', 'Dark'] as const) {
    await useTheme(page, theme);
    await notice.scrollIntoViewIfNeeded();
    await saveScreenshot(page, `settings-account-zone-check-${theme.toLowerCase()}`);
  }
  const zones = notice.getByRole('combobox', { name: 'Time zones at UTC−05:00' });
  await expect(zones.getByRole('option', { name: 'America/Bogota' })).toHaveCount(1);
  await zones.selectOption('America/Bogota');
  await notice.getByRole('button', { name: 'Use this time zone' }).click();
  await expect(notice).toBeHidden();
  await expect(account.getByRole('combobox', { name: 'Account time zone' })).toHaveValue('America/Bogota');
});

test('a sync the API keeps failing says when the app tries again', async ({ page }) => {
  test.setTimeout(120_000);
  sim = await startSimulator({ messages: 200, timeZone: 'Australia/Sydney', replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
  await connectKeepingDefaultZone(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
  const bar = page.getByRole('region', { name: 'Sync' });
  await expect(bar.getByRole('status')).toContainText('Last synced', { timeout: 30_000 });
  // Every request now fails with a 503 (Retry-After: 1): each page is tried a few times, then the run stops.
  sim.faults.configure({ errorRates: { '503': 1 } });
  await bar.getByRole('button', { name: 'Sync now' }).click();
  const alert = bar.getByRole('alert');
  await expect(alert).toContainText('HTTP 503', { timeout: 60_000 });
  await expect(alert).toContainText(/The app will sync again by itself at \d/);
  await expect(alert).not.toContainText(/try again in/i);
  for (const theme of ['Light', 'Dark'] as const) {
    await useTheme(page, theme);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inbox' }).click();
    await expect(alert).toBeVisible();
    await saveScreenshot(page, `inbox-sync-retry-${theme.toLowerCase()}`);
  }
});

import { expect, saveScreenshot, test } from './fixtures';

const screens = [
  { nav: 'Inbox', heading: 'Inbox' },
  { nav: 'Search', heading: 'Search' },
  { nav: 'Outbox', heading: 'Outbox' },
  { nav: 'Compose', heading: 'Compose' },
  { nav: 'Opt-ins', heading: 'Opt-ins' },
  { nav: 'Bulk send', heading: 'Bulk send' },
  { nav: 'Settings', heading: 'Settings' },
];

test('every screen is reachable from the navigation, in both themes', async ({ page, app }) => {
  expect(app.url).toContain('token=');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

  for (const theme of ['Light', 'Dark']) {
    await nav.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: theme }).check({ force: true });
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());

    for (const screen of screens) {
      await nav.getByRole('button', { name: screen.nav }).click();
      await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
      await expect(nav.getByRole('button', { name: screen.nav })).toHaveAttribute('aria-current', 'page');
      await saveScreenshot(page, `${screen.nav.toLowerCase().replace(/\s+/g, '-')}-${theme.toLowerCase()}`);
    }
  }
});

test('empty screens say what they will hold and lead to Settings', async ({ page }) => {
  await expect(page.getByRole('heading', { name: 'Your conversations will appear here' })).toBeVisible();
  await page.getByRole('main').getByRole('button', { name: 'Add your API key in Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('preferences persist in SQLite across a restart of the app', async ({ page, app }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Default country' }).selectOption('GB');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await page.getByRole('spinbutton', { name: 'Sync every (minutes)' }).fill('15');
  await page.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveCount(2);

  await app.restart();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Default country' })).toHaveValue('GB');
  await expect(page.getByRole('spinbutton', { name: 'Sync every (minutes)' })).toHaveValue('15');
  await expect(page.getByText('Schema version')).toBeVisible();
});

test('an invalid setting is refused at the field and nothing is saved', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const interval = page.getByRole('spinbutton', { name: 'Sync every (minutes)' });
  await interval.fill('99999');
  await page.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(page.getByRole('alert')).toContainText(/At most 1440 minutes/);
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Sync every (minutes)' })).toHaveValue('5');
});

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
    // The theme applies as it is picked: no Save button.
    await page.getByRole('radio', { name: theme }).check({ force: true });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    await expect(page.getByRole('region', { name: 'Preferences' }).getByRole('status')).toHaveText('Saved');

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

test('preferences apply as they change and persist in SQLite across a restart of the app', async ({ page, app }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  // One screen, no Save buttons for preferences: only the account's credentials and the opt-out
  // keyword lists (saving them searches the whole history again) keep theirs.
  await expect(page.getByRole('button', { name: /^Save/ })).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Save preferences' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Default country' }).selectOption('GB');
  await expect(page.getByRole('region', { name: 'Preferences' }).getByRole('status')).toHaveText('Saved');
  await page.getByRole('spinbutton', { name: 'Sync every (minutes)' }).fill('15');
  await page.getByRole('spinbutton', { name: 'Sync every (minutes)' }).press('Tab');
  await expect(page.getByRole('region', { name: 'Sync' }).getByRole('status')).toHaveText('Saved');
  await page.getByRole('checkbox', { name: 'Notify me when a customer writes' }).uncheck();
  await expect(page.getByText('New messages still show as a count on the Inbox.')).toBeVisible();

  // The Data card speaks a shop owner's words; the technical facts wait behind a disclosure.
  const data = page.getByRole('region', { name: 'Data on this computer' });
  await expect(data.getByText('None yet: they are downloaded once an account is connected.')).toBeVisible();
  await expect(data.getByText(/Schema version|Journal/)).toHaveCount(0);
  await saveScreenshot(page, 'settings-preferences');

  await app.restart();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Default country' })).toHaveValue('GB');
  await expect(page.getByRole('spinbutton', { name: 'Sync every (minutes)' })).toHaveValue('15');
  await expect(page.getByRole('checkbox', { name: 'Notify me when a customer writes' })).not.toBeChecked();
});

test('an invalid setting is refused at the field and nothing is saved', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const interval = page.getByRole('spinbutton', { name: 'Sync every (minutes)' });
  await interval.fill('99999');
  await interval.press('Tab');
  await expect(page.getByRole('alert')).toContainText(/At most 1440 minutes/);
  // The error follows the field as it is corrected, not only on the next save.
  await interval.fill('30');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await interval.fill('99999');
  await interval.press('Tab');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Sync every (minutes)' })).toHaveValue('5');
});

import { startSimulator, type Simulator } from '../../main/simulator/server';
import { expect, saveScreenshot, test } from './fixtures';

let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 200, accounts: [{ key: 'e2e-key-0001', secret: 'e2e-secret-abcdef123456' }] });
});

test.afterEach(async () => {
  await sim.close();
});

test('wrong credentials say why; right ones connect the account', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByRole('textbox', { name: 'API key' }).fill('e2e-key-0001');
  await account.getByLabel('API secret').fill('not-the-secret');
  await account.getByRole('textbox', { name: 'API address' }).fill(sim.url);

  await account.getByRole('button', { name: 'Test connection' }).click();
  const result = account.getByRole('status', { name: 'Connection test result' });
  await expect(result).toContainText('refused the API key or secret');
  await expect(result).toContainText('Check both in Settings');

  // Bad input is stopped at the field before anything is sent.
  await account.getByLabel('API secret').fill('');
  await account.getByRole('button', { name: 'Test connection' }).click();
  await expect(account.getByText('Enter the API secret.')).toBeVisible();

  await account.getByLabel('API secret').fill('e2e-secret-abcdef123456');
  await account.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Connected');

  await account.getByRole('button', { name: 'Save' }).click();
  await expect(account.getByText('Connected', { exact: true })).toBeVisible();
  await expect(account.getByText('e2e-…0001')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Account status' })).toContainText('Connected');
  // The secret is gone from the page once saved.
  expect(await page.content()).not.toContain('e2e-secret-abcdef123456');
  await saveScreenshot(page, 'settings-account-connected');

  // Credentials that stop working are reported on the indicator.
  await sim.close();
  await account.getByRole('button', { name: 'Check connection' }).click();
  await expect(account.getByText('Offline', { exact: true })).toBeVisible();
});

test('the demo: one click to a living app, a badge everywhere, and a way out', async ({ page }) => {
  await page.getByRole('main').getByRole('button', { name: 'Try with demo data' }).click();
  const banner = page.getByRole('region', { name: 'Demo mode' });
  await expect(banner).toBeVisible();
  await expect(page.getByRole('status', { name: 'Account status' })).toContainText('Demo');
  for (const screen of ['Outbox', 'Settings']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
    await expect(banner).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'Account' }).getByText('Demo account')).toBeVisible();
  await banner.getByRole('button', { name: 'Leave demo' }).click();
  await expect(banner).toBeHidden();
  await expect(page.getByRole('status', { name: 'Account status' })).toContainText('No account');
});

test.describe('npm run preview -- --demo', () => {
  test.use({ previewArgs: ['--demo'] });

  test('opens on a living demo: conversations downloaded, badge shown', async ({ page }) => {
    await expect(page.getByRole('region', { name: 'Demo mode' })).toBeVisible();
    const list = page.getByRole('list', { name: 'Conversation list' });
    await expect(list.getByRole('button').first()).toBeVisible({ timeout: 30_000 });
    await list.getByRole('button').first().click();
    await expect(page.getByRole('list', { name: 'Messages' }).getByRole('listitem').first()).toBeVisible();
    await saveScreenshot(page, 'demo-inbox');
  });
});

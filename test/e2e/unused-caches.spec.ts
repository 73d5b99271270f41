import fs from 'node:fs';
import path from 'node:path';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { connectAccount, expect, saveScreenshot, test } from './fixtures';

const ACCOUNT = { key: 'e2e-cache-0001', secret: 'e2e-cache-secret-abcdef123456' };
let sim: Simulator;

test.beforeEach(async () => {
  sim = await startSimulator({ messages: 60, accounts: [ACCOUNT] });
});

test.afterEach(async () => {
  await sim.close();
});

const caches = (dataDir: string): string[] => {
  try {
    return fs.readdirSync(path.join(dataDir, 'accounts')).filter((name) => name.endsWith('.sqlite3'));
  } catch {
    return [];
  }
};

test('a removed account’s messages stay until deleted in Settings → Data on this computer', async ({ page, app }) => {
  await connectAccount(page, sim, ACCOUNT.key, ACCOUNT.secret);
  const data = page.getByRole('region', { name: 'Data on this computer' });
  const unused = data.getByRole('group', { name: 'Messages of accounts not in use' });
  await expect(unused.getByText('None: only the account in use has messages on this computer.')).toBeVisible();
  await expect.poll(() => caches(app.dataDir)).toHaveLength(1);

  // Removing the account says its messages stay.
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByRole('button', { name: 'Remove account' }).click();
  await expect(account.getByText('its messages stay on this computer until you delete them in Data on this computer')).toBeVisible();
  await account.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.getByRole('status', { name: 'Account status' })).toContainText('No account');

  // …and the Data card offers them, with their size.
  const list = unused.getByRole('list', { name: 'Messages of accounts not in use' });
  const item = list.getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(/An earlier account \([0-9a-f]{8}\)/);
  await expect(item).toContainText(/\d+(\.\d)? (KB|MB) · last used /);
  expect(caches(app.dataDir)).toHaveLength(1);
  for (const theme of ['Light', 'Dark']) {
    await page.getByRole('radio', { name: theme }).check({ force: true });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    await item.scrollIntoViewIfNeeded();
    await saveScreenshot(page, `settings-unused-caches-${theme.toLowerCase()}`);
  }

  // Deleting asks first; keeping them changes nothing.
  await item.getByRole('button', { name: 'Delete' }).click();
  await expect(item.getByText('Delete these messages from this computer?')).toBeVisible();
  await item.getByRole('button', { name: 'Keep them' }).click();
  expect(caches(app.dataDir)).toHaveLength(1);

  await item.getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await item.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(unused.getByRole('status')).toContainText('deleted from this computer');
  await expect(unused.getByText('None: only the account in use has messages on this computer.')).toBeVisible();
  expect(caches(app.dataDir)).toEqual([]);
});

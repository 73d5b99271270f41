import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(__dirname, '../..');
export const screenshotDir = path.join(root, 'test-results/screens');

export interface PreviewApp {
  url: string;
  dataDir: string;
  /** Stops and starts the preview on the same data folder (a fresh token, a fresh page). */
  restart(): Promise<void>;
}

async function launch(dataDir: string, extraArgs: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    // tsx as a loader, so the signal stop() sends reaches the process holding the data folder's lock.
    ['--import', 'tsx', path.join(root, 'main/preview/cli.ts'), '--no-build', '--quiet', '--data-dir', dataDir, ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, APP_KEYCHAIN_SERVICE: 'WhatsApp Desk e2e tests' } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${stderr}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /PREVIEW_URL=(\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`preview exited with ${code}: ${stderr}`));
    });
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ app: PreviewApp; previewArgs: string[] }>({
  previewArgs: [[], { option: true }],
  // Automatic: every test starts with a fresh preview (own data folder) and the page open on it.
  app: [
    async ({ page, previewArgs }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wadesk-e2e-'));
    let running = await launch(dataDir, previewArgs);
    const app: PreviewApp = {
      url: running.url,
      dataDir,
      async restart() {
        await stop(running.child);
        running = await launch(dataDir, previewArgs);
        app.url = running.url;
        await page.goto(app.url);
      },
    };
    await page.goto(app.url);
    await use(app);
    await stop(running.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { auto: true },
  ],
});

export { expect };

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/** Picks a theme in Settings; it applies as it is picked. */
export async function setTheme(page: Page, theme: 'Light' | 'Dark'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: theme }).check({ force: true });
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
}

/** Enters credentials for a simulator in Settings → Account and saves them. */
export async function connectAccount(page: Page, sim: { url: string; timeZone: string }, key: string, secret: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const account = page.getByRole('region', { name: 'Account' });
  await account.getByRole('textbox', { name: 'API key' }).fill(key);
  await account.getByLabel('API secret').fill(secret);
  await account.getByRole('textbox', { name: 'API address' }).fill(sim.url);
  await account.getByRole('combobox', { name: 'Account time zone' }).selectOption(sim.timeZone);
  await account.getByRole('button', { name: 'Save' }).click();
  await expect(account.getByText('Connected', { exact: true })).toBeVisible();
}

/**
 * A sync in its own process, so a test can kill it (SIGKILL, not a polite cancel) half-way.
 * Usage: tsx test/helpers/sync-child.ts <dataDir> <apiUrl> <key> <secret>
 * Prints "PROGRESS <fetched>" as pages land and "DONE <phase>" at the end.
 */
import { createServices } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets/store';

async function main(): Promise<void> {
  const [dataDir, apiUrl, key, secret] = process.argv.slice(2);
  if (!dataDir || !apiUrl || !key || !secret) throw new Error('usage: sync-child <dataDir> <apiUrl> <key> <secret>');
  const keychain = new MemorySecretStore();
  await keychain.set(key, secret);
  const services = await createServices({
    dataDir,
    appName: 'sync-child',
    appVersion: '0',
    platform: { openExternal: async () => undefined, saveFile: async () => ({ saved: false }) },
    secretStores: { keychain: async () => ({ store: keychain, reason: null }), allowMemory: false },
  });
  if (services.account.status().mode === 'none') {
    services.settings.update({ apiBaseUrl: apiUrl });
    await services.account.save({ key, secret });
  }
  services.events.subscribe(({ event, payload }) => {
    if (event !== 'sync.progress') return;
    const fetched = payload.progress.reduce((n, p) => n + p.fetched, 0);
    process.stdout.write(`PROGRESS ${fetched}\n`);
  });
  const status = await services.sync.start();
  process.stdout.write(`DONE ${status.phase} ${status.lastError?.message ?? ''}\n`);
  await services.close();
}

main().catch((error: unknown) => {
  process.stdout.write(`ERROR ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

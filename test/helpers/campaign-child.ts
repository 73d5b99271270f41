/**
 * The campaign core in its own process, so a crash trial can kill it (SIGKILL) at any moment and
 * start it again on the same data folder.
 * Usage: node <bundle of this file> <dataDir> <apiUrl> <key> <secret> <csvFile> (the trial bundles it once:
 * a bundle starts in a fraction of tsx's time, and the trials start it some forty times).
 *
 * First start (no campaign in the journal yet): loads and checks the file, confirms it at full
 * pace. Any start: the core resumes what the journal says (CampaignService.open). Rows the
 * pipeline could not prove sent or absent end as "needs attention"; the trial's user answers
 * "send again" for them, as the report offers. Prints "STARTED", then "PROGRESS <accepted>"
 * every 20 ms, "RESOLVED <n>" when it answered for such rows, and "DONE <id>" once complete.
 */
import fs from 'node:fs';
import { createServices } from '../../main/core/services';
import { MemorySecretStore } from '../../main/core/secrets/store';
import { checkedDraft, settingsFor } from './campaigns';

async function main(): Promise<void> {
  const [dataDir, apiUrl, key, secret, csvFile] = process.argv.slice(2);
  if (!dataDir || !apiUrl || !key || !secret || !csvFile) throw new Error('usage: campaign-child <dataDir> <apiUrl> <key> <secret> <csvFile>');
  const keychain = new MemorySecretStore();
  await keychain.set(key, secret);
  const services = await createServices({
    dataDir,
    appName: 'campaign-child',
    appVersion: '0',
    platform: { openExternal: async () => undefined, saveFile: async () => ({ saved: false }) },
    secretStores: { keychain: async () => ({ store: keychain, reason: null }), allowMemory: false },
    apiTimeoutMs: 2_000,
    // The simulator's listing delay is far below this, so a row asked about was never created.
    outbox: { attentionAfterMs: 5_000, backoff: { baseMs: 50, capMs: 400 } },
  });
  if (services.account.status().mode === 'none') {
    services.settings.update({ apiBaseUrl: apiUrl, timeZone: 'Australia/Sydney', defaultCountry: 'AU' });
    await services.account.save({ key, secret });
  }
  process.stdout.write('STARTED\n');
  if (services.campaigns.list({ offset: 0, limit: 1 }).total === 0) {
    const draftId = await checkedDraft(services, fs.readFileSync(csvFile));
    services.campaigns.confirm({ draftId, settings: settingsFor({ name: 'Crash trial', pacePerSecond: 1_000 }) });
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const [summary] = services.campaigns.list({ offset: 0, limit: 1 }).items;
      if (!summary) return;
      process.stdout.write(`PROGRESS ${summary.counts.accepted}\n`);
      if (summary.state !== 'completed') return;
      if (summary.counts.attention > 0) {
        const { changed } = services.campaigns.resolve({ id: summary.id, rows: 'all', decision: 'send-again' });
        process.stdout.write(`RESOLVED ${changed}\n`);
        return;
      }
      clearInterval(timer);
      process.stdout.write(`DONE ${summary.id}\n`);
      resolve();
    }, 20);
  });
  await services.close();
}

main().catch((error: unknown) => {
  process.stdout.write(`ERROR ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

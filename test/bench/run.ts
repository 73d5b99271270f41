import { benchApi } from './api';
import { benchCampaignPace, benchCampaignSend } from './campaign-send';
import { benchCampaigns } from './campaigns';
import { benchHistory } from './history';
import { benchSend } from './send';
import { printRows, type Row } from './harness';

/**
 * `npm run bench`: every figure next to a baseline measured in the same run, as a ratio.
 * Pass section names to run only some: `npm run bench -- api`.
 */
const sections: Record<string, { title: string; run: () => Promise<Row[]> }> = {
  api: { title: 'API client (signing, keep-alive, validation) vs a bare HTTP client', run: benchApi },
  history: { title: 'Offline history: sync rate, IPC during sync, and the screens on a 1,000,000-message cache', run: benchHistory },
  send: { title: 'Send pipeline at campaign rates', run: benchSend },
  campaigns: { title: 'Campaign import: load and check a 100,000-row customer list in main', run: benchCampaigns },
  'campaign-send': { title: 'Campaign sending: the journal at confirmation, throughput, and IPC while a campaign sends', run: benchCampaignSend },
  // 30 seconds by design: `npm run bench -- campaign-pace` runs it alone.
  'campaign-pace': { title: 'Campaign pace held to the second', run: benchCampaignPace },
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  let missed = 0;
  for (const [name, section] of Object.entries(sections)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const rows = await section.run();
    printRows(section.title, rows);
    missed += rows.filter((r) => !r.pass).length;
  }
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

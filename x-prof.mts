import { benchCampaigns } from './test/bench/campaigns';
process.env['BENCH_CAMPAIGN_ROWS'] = '100000';
const rows = await benchCampaigns();
console.log(rows.map((r) => r.figure + ' ' + r.value).join('\n'));

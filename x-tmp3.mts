import { CheckRun } from './main/core/campaigns/check';
import { buildMapping } from './main/core/campaigns/mapping';
import { phoneReader } from './main/core/campaigns/phone-reader';
import type { RecipientFacts } from './main/core/campaigns/recipient-facts';
import type { PhoneResult } from './shared/phone';
const rows: string[][] = [];
for (let i = 0; i < 100000; i++) { const n = `4${i%4}${String(i * 37 % 10_000_000).padStart(7, '0')}`; const f = i % 4; rows.push([`Customer ${i}`, f === 0 ? `0${n}` : f === 1 ? `+61 ${n.slice(0,3)} ${n.slice(3,6)} ${n.slice(6)}` : f === 2 ? `61${n}` : `0${n.slice(0,3)} ${n.slice(3,6)} ${n.slice(6)}`, `a${i}@x.com`, `ORD-${i}`, `${i % 997}.5`]); }
const table = { columns: ['Name', 'Mobile', 'Email', 'Order', 'Amount'], rows, rowNumbers: rows.map((_, i) => i + 2) };
const mapping = buildMapping({ template: { name: 'x', body: 'Hi {{1}} {{2}} {{3}}' }, phoneColumn: 1, params: [{ placeholder: 1, source: { kind: 'column', column: 0 } }, { placeholder: 2, source: { kind: 'column', column: 3 } }, { placeholder: 3, source: { kind: 'column', column: 4 } }] }, table.columns);
const facts: RecipientFacts = { lookup: () => new Map() };
const r = phoneReader('AU'); const cache = new Map<string, PhoneResult>(); for (const row of rows) cache.set(row[1]!, r(row[1]!));
for (let k = 0; k < 6; k++) {
  const c0 = process.cpuUsage();
  const run = new CheckRun({ table, mapping, read: (s) => cache.get(s)!, facts, formatDate: String });
  await run.start();
  const c = process.cpuUsage(c0);
  console.log('check with cached phones cpu', ((c.user + c.system) / 1000).toFixed(0));
}

import fs from 'node:fs';
import path from 'node:path';
import { accountMigrations } from './main/core/db/account-migrations';
import { openDatabase } from './main/core/db/database';
import { Workspace } from './main/core/workspace';
import { generateCache, WORDS } from './test/bench/history';
import type { Services } from './main/core/services';
import { seededRandom } from './main/simulator/random';

const file = '/tmp/scratch/cache.sqlite3';
const fresh = !fs.existsSync(file);
fs.mkdirSync(path.dirname(file), { recursive: true });
const db = openDatabase(file, { migrations: accountMigrations, synchronous: 'NORMAL' });
db.pragma('cache_size = -32768');
const ws = new Workspace('bench', file, db, () => 'AU');
let numbers: string[];
if (fresh) {
  const t = performance.now();
  numbers = generateCache({ workspaces: { require: () => ws } } as unknown as Services, 1_000_000, 50_000);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');
  console.log('generated in', ((performance.now() - t) / 1000).toFixed(1));
} else numbers = Array.from({ length: 50_000 }, (_, i) => `614${String(10_000_000 + i)}`);
const q = ws.queries;
const time = (name: string, f: () => unknown, n = 30) => {
  f();
  const s: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); f(); s.push(performance.now() - t); }
  s.sort((a, b) => a - b);
  console.log(name.padEnd(40), 'p50', s[Math.floor(n / 2)]?.toFixed(2), 'p95', s[Math.floor(n * 0.95)]?.toFixed(2));
};
const random = seededRandom(7);
const word = () => WORDS[Math.floor(random() * WORDS.length)] as string;
let k = 0;
time('symbol 👍 (no hits, window 50k)', () => q.search({ text: `👍${' '.repeat(k++ % 3)}`, limit: 50 }));
time('words two (with count)', () => q.search({ text: `${word()} ${word().slice(0, 4)}`, limit: 50 }));
time('words whole (with count)', () => q.search({ text: `${word()} ${word()}`, limit: 50 }));
time('words + direction', () => q.search({ text: `${word()} ${word()}`, direction: 'in', limit: 50 }));
time('number popular', () => q.search({ text: '', number: numbers[0] ?? '', limit: 50 }));
time('number rare', () => q.search({ text: '', number: numbers[49_000] ?? '', limit: 50 }));
time('number partial 6141000001', () => q.search({ text: '', number: '6141000001', limit: 50 }));
time('number partial 61410001', () => q.search({ text: '', number: '61410001', limit: 50 }));
time('number short 4', () => q.search({ text: '', number: '4', limit: 50 }));
time('words + number rare', () => q.search({ text: 'order', number: numbers[49_000] ?? '', limit: 50 }));
time('words + number popular', () => q.search({ text: 'order', number: numbers[0] ?? '', limit: 50 }));
time('words rare + number popular', () => q.search({ text: 'zzzz', number: numbers[0] ?? '', limit: 50 }));
time('words + number partial', () => q.search({ text: 'order', number: '61410001', limit: 50 }));
time('symbol + number', () => q.search({ text: '👍', number: numbers[0] ?? '', limit: 50 }));
db.close();

import { accountMigrations } from './main/core/db/account-migrations';
import { openDatabase } from './main/core/db/database';
const db = openDatabase('/tmp/scratch/cache.sqlite3', { migrations: accountMigrations, synchronous: 'NORMAL' });
db.pragma('cache_size = -32768');
const time = (name: string, f: () => unknown, n = 20) => {
  f();
  const s: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); f(); s.push(performance.now() - t); }
  s.sort((a, b) => a - b);
  console.log(name.padEnd(50), 'p50', s[Math.floor(n / 2)]?.toFixed(2), 'p95', s[Math.floor(n * 0.95)]?.toFixed(2));
};
const max = Number.MAX_SAFE_INTEGER;
const vt = db.prepare("SELECT min(id) AS floor, count(*) AS n FROM (SELECT rowid AS id FROM messages_fts WHERE rowid < ? ORDER BY rowid DESC LIMIT 50000)");
const sh = db.prepare("SELECT min(id) AS floor, count(*) AS n FROM (SELECT id FROM messages_fts_content WHERE id < ? ORDER BY id DESC LIMIT 50000)");
time('window via vtab', () => vt.get(max));
time('window via content', () => sh.get(max));
const floor = (sh.get(max) as { floor: number }).floor;
time('scan vtab instr', () => db.prepare("SELECT count(*) FROM messages_fts f WHERE f.rowid >= ? AND f.rowid < ? AND instr(f.body, '👍') > 0").get(floor, max));
time('scan content instr', () => db.prepare("SELECT count(*) FROM messages_fts_content f WHERE f.id >= ? AND f.id < ? AND instr(f.c0, '👍') > 0").get(floor, max));
time('scan messages.body instr', () => db.prepare("SELECT count(*) FROM messages m WHERE m.id >= ? AND m.id < ? AND instr(m.body, '👍') > 0").get(floor, max));
const rare = '61410049000';
console.log(db.prepare('SELECT count(*) n FROM messages WHERE contact = ?').get(rare), db.prepare('SELECT count(*) n FROM messages WHERE contact = ?').get('61410000000'));
time('fts + instr contact (current)', () => db.prepare(`SELECT m.id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH '"order"' AND instr(m.contact, ?) > 0 ORDER BY messages_fts.rowid DESC LIMIT 51`).all(rare), 5);
time('contact first cross join', () => db.prepare(`SELECT m.id FROM messages m CROSS JOIN messages_fts ON messages_fts.rowid = m.id WHERE m.contact = ? AND messages_fts MATCH '"order"' ORDER BY m.id DESC LIMIT 51`).all(rare));
time('contact first cross join popular', () => db.prepare(`SELECT m.id FROM messages m CROSS JOIN messages_fts ON messages_fts.rowid = m.id WHERE m.contact = ? AND messages_fts MATCH '"order"' ORDER BY m.id DESC LIMIT 51`).all('61410000000'));
time('contact first popular rare word', () => db.prepare(`SELECT m.id FROM messages m CROSS JOIN messages_fts ON messages_fts.rowid = m.id WHERE m.contact = ? AND messages_fts MATCH '"zzz"' ORDER BY m.id DESC LIMIT 51`).all('61410000000'));
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM messages m CROSS JOIN messages_fts ON messages_fts.rowid = m.id WHERE m.contact = ? AND messages_fts MATCH '"order"' ORDER BY m.id DESC LIMIT 51`).all(rare));

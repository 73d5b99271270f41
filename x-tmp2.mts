import path from 'node:path'; import os from 'node:os'; import fs from 'node:fs';
import { openDatabase } from './main/core/db/database';
import { accountMigrations } from './main/core/db/account-migrations';
import { ContactsStore } from './main/core/db/contacts-store';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x-'));
const db = openDatabase(path.join(dir, 'a.sqlite3'), { migrations: accountMigrations, synchronous: 'NORMAL' });
const contacts = []; for (let i = 0; i < 50000; i++) contacts.push({ number: `614${String(i * 1999).padStart(8, '0')}`, name: '', optedIn: true, capable: null, blacklist: false });
new ContactsStore(db).save(contacts);
const numbers = Array.from({ length: 100000 }, (_, i) => `614${String((i * 7919) % 99999999).padStart(8, '0')}`);
const cpu = (f: () => void) => { const a = process.cpuUsage(); f(); const b = process.cpuUsage(a); return ((b.user + b.system) / 1000).toFixed(0); };
const json = db.prepare('SELECT number, opted_in, blacklist FROM contacts WHERE number IN (SELECT value FROM json_each(?))');
const one = db.prepare('SELECT number, opted_in, blacklist FROM contacts WHERE number = ?');
const inList = db.prepare(`SELECT number, opted_in, blacklist FROM contacts WHERE number IN (${Array(256).fill('?').join(',')})`);
for (let k = 0; k < 3; k++) {
  console.log('json', cpu(() => { for (let i = 0; i < numbers.length; i += 256) json.all(JSON.stringify(numbers.slice(i, i + 256))); }),
    'one', cpu(() => { for (const n of numbers) one.get(n); }),
    'in', cpu(() => { for (let i = 0; i + 256 <= numbers.length; i += 256) inList.all(...numbers.slice(i, i + 256)); }));
}
db.close(); fs.rmSync(dir, { recursive: true });

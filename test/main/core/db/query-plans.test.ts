import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase, type Db } from '../../../../main/core/db/database';
import { tempDir } from '../../../helpers/temp';
import { CONVERSATION_PAGE_SQL } from '../../../../main/core/db/history-queries';

function plan(db: Db, sql: string, params: unknown[] = []): string {
  return db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...params)
    .map((r) => r.detail)
    .join('\n');
}

/** Each screen's query, as main/core/db/history-queries.ts runs it, must ride an index. */
describe('query plans of the screens', () => {
  const db = (): Db => openDatabase(path.join(tempDir(), 'plans.sqlite3'), { migrations: accountMigrations });

  it('conversation list: newest first from the conversations index', () => {
    const d = db();
    const p = plan(d, CONVERSATION_PAGE_SQL, [50, 0]);
    // Rows skipped by the offset cost one step of the covering index each, no lookups.
    expect(p).toMatch(/SCAN conversations USING COVERING INDEX conversations_recent/);
    expect(p).toMatch(/SEARCH v USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SEARCH c USING INDEX sqlite_autoindex_contacts_1 \(number=\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    d.close();
  });

  it('thread: one contact, by time, from messages_thread', () => {
    const d = db();
    const p = plan(d, 'SELECT * FROM messages m WHERE m.contact = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?', ['61400000001', 1e15, 100]);
    expect(p).toMatch(/SEARCH m USING INDEX messages_thread \(contact=\? AND id<\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    d.close();
  });

  it('outbox: by time, and by status, without sorting', () => {
    const d = db();
    const all = plan(d, "SELECT * FROM messages m WHERE m.direction = 'out' ORDER BY m.id DESC LIMIT 100 OFFSET 0");
    expect(all).toMatch(/SEARCH m USING (COVERING )?INDEX messages_(direction|status) \(direction=\?\)/);
    expect(all).not.toMatch(/TEMP B-TREE/);
    const byStatus = plan(d, "SELECT * FROM messages m WHERE m.direction = 'out' AND m.status = ? AND m.id >= ? ORDER BY m.id DESC LIMIT 100", ['failed', 0]);
    expect(byStatus).toMatch(/SEARCH m USING INDEX messages_status \(direction=\? AND status=\? AND id>\?\)/);
    expect(byStatus).not.toMatch(/TEMP B-TREE/);
    d.close();
  });

  it('search: the FTS index, joined to messages by primary key', () => {
    const d = db();
    const p = plan(
      d,
      "SELECT m.id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT 50",
      ['"order"*'],
    );
    expect(p).toMatch(/SCAN messages_fts VIRTUAL TABLE INDEX/);
    expect(p).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    d.close();
  });

  it('search by number alone: one customer’s thread in key order; several, each from the thread index', () => {
    const d = db();
    const one = plan(d, 'SELECT m.id FROM messages m LEFT JOIN contacts c ON c.number = m.contact WHERE m.contact = ? ORDER BY m.id DESC LIMIT 51', ['61442000022']);
    expect(one).toMatch(/SEARCH m USING (COVERING )?INDEX messages_thread \(contact=\?\)/);
    expect(one).not.toMatch(/TEMP B-TREE/);
    const several = plan(
      d,
      'SELECT m.id FROM json_each(?) j CROSS JOIN messages m ON m.contact = j.value LEFT JOIN contacts c ON c.number = m.contact ORDER BY m.id DESC LIMIT 51',
      ['["61442000022","61442000033"]'],
    );
    expect(several).toMatch(/SEARCH m USING (COVERING )?INDEX messages_thread \(contact=\?\)/);
    expect(several).not.toMatch(/SCAN m/);
    d.close();
  });

  it('sync upsert: finds an existing message by its provider id', () => {
    const d = db();
    const p = plan(d, 'SELECT id FROM messages WHERE direction = ? AND provider_id = ?', ['in', '1']);
    expect(p).toMatch(/SEARCH messages USING (COVERING )?INDEX messages_provider \(direction=\? AND provider_id=\?\)/);
    d.close();
  });
});

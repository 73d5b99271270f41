import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase } from '../../../../main/core/db/database';
import { schemaVersion } from '../../../../main/core/db/migrate';
import { tempDir } from '../../../helpers/temp';

const objects = (db: ReturnType<typeof openDatabase>, type: string): string[] =>
  db.prepare<[string], { name: string }>('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').all(type).map((r) => r.name);

describe('account cache migrations', () => {
  it('v1 creates messages, conversations, contacts, FTS tables and sync state', () => {
    const db = openDatabase(path.join(tempDir(), 'v1.sqlite3'), { migrations: accountMigrations.slice(0, 1) });
    expect(objects(db, 'table')).toEqual(expect.arrayContaining(['messages', 'conversations', 'contacts', 'messages_fts', 'contacts_fts', 'sync_state']));
    expect(objects(db, 'trigger')).toEqual(expect.arrayContaining(['messages_fts_insert', 'messages_fts_update', 'messages_fts_delete']));
    db.close();
  });

  it('v2 drops the per-row FTS insert trigger and keeps the others, on a v1 database with data', () => {
    const file = path.join(tempDir(), 'v2.sqlite3');
    const v1 = openDatabase(file, { migrations: accountMigrations.slice(0, 1) });
    v1.prepare("INSERT INTO messages (id, direction, provider_id, contact, type, body, raw_message, raw_json, created_at, created_raw, updated_at) VALUES (1000, 'in', '1', '614', 'text', 'hello world', 'hello world', '{}', 1, 'x', 1)").run();
    v1.close();
    const v2 = openDatabase(file, { migrations: accountMigrations.slice(0, 2) });
    expect(schemaVersion(v2)).toBe(2);
    expect(objects(v2, 'trigger')).not.toContain('messages_fts_insert');
    expect(objects(v2, 'trigger')).toEqual(expect.arrayContaining(['messages_fts_update', 'messages_fts_delete']));
    // What v1 indexed stays searchable, and deletes still leave the index.
    expect(v2.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'hello'").all()).toEqual([{ rowid: 1000 }]);
    v2.prepare('DELETE FROM messages WHERE id = 1000').run();
    expect(v2.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'hello'").all()).toEqual([]);
    v2.close();
  });

  it('v3 adds the outbox queue and the local id of messages being sent', () => {
    const db = openDatabase(path.join(tempDir(), 'v3.sqlite3'), { migrations: accountMigrations.slice(0, 3) });
    expect(schemaVersion(db)).toBe(3);
    expect(objects(db, 'table')).toContain('outbox_queue');
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(messages)').all().map((c) => c.name);
    expect(columns).toContain('local_id');
    expect(objects(db, 'index')).toEqual(expect.arrayContaining(['messages_local', 'outbox_queue_state']));
    db.close();
  });

  it('v4 rebuilds the message index with longer prefixes and keeps what was indexed', () => {
    const file = path.join(tempDir(), 'v4.sqlite3');
    const v3 = openDatabase(file, { migrations: accountMigrations.slice(0, 3) });
    v3.prepare("INSERT INTO messages (id, direction, provider_id, contact, type, body, raw_message, raw_json, created_at, created_raw, updated_at) VALUES (1000, 'in', '1', '614', 'text', 'delivery tomorrow', 'delivery tomorrow', '{}', 1, 'x', 1)").run();
    v3.prepare("INSERT INTO messages_fts (rowid, body) VALUES (1000, 'delivery tomorrow')").run();
    v3.close();
    const v4 = openDatabase(file, { migrations: accountMigrations });
    expect(schemaVersion(v4)).toBe(4);
    expect(String((v4.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").get() as { sql: string }).sql)).toContain("prefix = '2 3 4 5 6'");
    expect(v4.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"deliv\"*'").all()).toEqual([{ rowid: 1000 }]);
    v4.prepare("UPDATE messages SET body = 'parcel' WHERE id = 1000").run();
    expect(v4.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'parcel'").all()).toEqual([{ rowid: 1000 }]);
    v4.close();
  });
});

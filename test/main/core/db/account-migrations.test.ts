import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase } from '../../../../main/core/db/database';
import { latestVersion, schemaVersion } from '../../../../main/core/db/migrate';
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
    const v4 = openDatabase(file, { migrations: accountMigrations.slice(0, 4) });
    expect(schemaVersion(v4)).toBe(4);
    expect(String((v4.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").get() as { sql: string }).sql)).toContain("prefix = '2 3 4 5 6'");
    expect(v4.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH '\"deliv\"*'").all()).toEqual([{ rowid: 1000 }]);
    v4.prepare("UPDATE messages SET body = 'parcel' WHERE id = 1000").run();
    expect(v4.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'parcel'").all()).toEqual([{ rowid: 1000 }]);
    v4.close();
  });

  it('v5 gives messages waiting in the app queue their own status, and leaves SMSGlobal\'s "queued" alone', () => {
    const file = path.join(tempDir(), 'v5.sqlite3');
    const v4 = openDatabase(file, { migrations: accountMigrations.slice(0, 4) });
    const insert = v4.prepare(
      "INSERT INTO messages (id, direction, provider_id, local_id, contact, type, body, raw_message, raw_json, status, created_at, created_raw, updated_at) VALUES (?, 'out', ?, ?, '614', 'text', 'hi', 'hi', '{}', 'queued', 1, 'x', 1)",
    );
    insert.run(1000, null, 'waiting-here'); // still in the app's queue
    insert.run(2000, '55', 'accepted'); // SMSGlobal has it and says "queued"
    insert.run(3000, '56', null); // synced from SMSGlobal
    const queue = v4.prepare("INSERT INTO outbox_queue (local_id, seq, recipient, message, state, created_at, updated_at) VALUES (?, ?, '614', '{}', ?, 1, 1)");
    queue.run('waiting-here', 1, 'queued');
    queue.run('accepted', 2, 'sent');
    v4.prepare("INSERT INTO conversations (contact, last_id, last_at, last_direction, last_type, last_preview, last_status) VALUES ('614', 1000, 1, 'out', 'text', 'hi', 'queued')").run();
    v4.close();
    const v5 = openDatabase(file, { migrations: accountMigrations.slice(0, 5) });
    expect(schemaVersion(v5)).toBe(5);
    expect(v5.prepare('SELECT id, status FROM messages ORDER BY id').all()).toEqual([
      { id: 1000, status: 'waiting' },
      { id: 2000, status: 'queued' },
      { id: 3000, status: 'queued' },
    ]);
    expect(v5.prepare("SELECT last_status FROM conversations WHERE contact = '614'").get()).toEqual({ last_status: 'waiting' });
    v5.close();
  });

  it('v6 adds a view of the message index\'s words, which follows the index', () => {
    const file = path.join(tempDir(), 'v6.sqlite3');
    const v5 = openDatabase(file, { migrations: accountMigrations.slice(0, 5) });
    v5.prepare("INSERT INTO messages_fts (rowid, body) VALUES (1000, 'Delivered today')").run();
    v5.close();
    const v6 = openDatabase(file, { migrations: accountMigrations.slice(0, 6) });
    expect(schemaVersion(v6)).toBe(6);
    const words = v6.prepare("SELECT term FROM messages_fts_terms WHERE term >= 'deliver' AND term < 'delives'");
    expect(words.all()).toEqual([{ term: 'delivered' }]);
    v6.prepare("INSERT INTO messages_fts (rowid, body) VALUES (2000, 'delivery')").run();
    expect(words.all()).toEqual([{ term: 'delivered' }, { term: 'delivery' }]);
    v6.close();
  });

  it('v7 restarts the sync from the newest SMSGlobal stamp cached, not the local clock, and keeps the account\'s offset', () => {
    const file = path.join(tempDir(), 'v7.sqlite3');
    const v6 = openDatabase(file, { migrations: accountMigrations.slice(0, 6) });
    const insert = v6.prepare(
      "INSERT INTO messages (id, direction, provider_id, local_id, contact, type, body, raw_message, raw_json, created_at, created_raw, updated_at) VALUES (?, ?, ?, ?, '614', 'text', 'x', 'x', '{}', ?, 'x', 1)",
    );
    insert.run(1_000_000, 'in', '1', null, 1_000);
    insert.run(5_000_000, 'in', '2', null, 5_000);
    insert.run(3_000_000, 'out', '3', null, 3_000);
    // Sent from this app: its created_at is the local clock, which must not count.
    insert.run(9_000_000, 'out', '4', 'local-1', 9_000);
    const state = v6.prepare('INSERT INTO sync_state (direction, synced_until, pending_windows, run_started_at, run_until, last_success_at) VALUES (?, ?, ?, ?, ?, ?)');
    // Synced until the local clock (hours past the account's newest message), and an unfinished run.
    state.run('in', 99_000, '[[0, 98000]]', 97_000, 98_000, 99_000);
    state.run('out', 99_000, '[]', null, null, 99_000);
    v6.close();

    const v7 = openDatabase(file, { migrations: accountMigrations.slice(0, 7) });
    expect(schemaVersion(v7)).toBe(7);
    const rows = v7.prepare('SELECT * FROM sync_state ORDER BY direction').all();
    expect(rows).toEqual([
      { direction: 'in', synced_until: 5_000, pending_windows: '[[0, 98000]]', run_started_at: 97_000, last_success_at: 99_000, run_offset_minutes: null },
      { direction: 'out', synced_until: 3_000, pending_windows: '[]', run_started_at: null, last_success_at: 99_000, run_offset_minutes: null },
    ]);
    expect(objects(v7, 'table')).toContain('account_clock');
    v7.prepare('INSERT INTO account_clock (id, utc_offset_minutes, sample_at) VALUES (1, 765, 5000)').run();
    expect(() => v7.prepare('INSERT INTO account_clock (id, utc_offset_minutes, sample_at) VALUES (2, 0, 0)').run()).toThrow(/CHECK/);
    v7.close();
  });

  it('v7 starts a direction with nothing cached from the beginning, and leaves one never synced alone', () => {
    const file = path.join(tempDir(), 'v7-empty.sqlite3');
    const v6 = openDatabase(file, { migrations: accountMigrations.slice(0, 6) });
    v6.prepare("INSERT INTO sync_state (direction, synced_until, pending_windows, last_success_at) VALUES ('in', 99000, '[]', 99000), ('out', NULL, '[]', NULL)").run();
    v6.close();
    const v7 = openDatabase(file, { migrations: accountMigrations.slice(0, 7) });
    expect(v7.prepare('SELECT direction, synced_until FROM sync_state ORDER BY direction').all()).toEqual([
      { direction: 'in', synced_until: Date.UTC(2014, 0, 1) },
      { direction: 'out', synced_until: null },
    ]);
    v7.close();
  });

  it('the queue rebuild keeps every row of a v6 database, adds "attention" and "arrived", and indexes the send pipeline\'s lookups', () => {
    const file = path.join(tempDir(), 'queue.sqlite3');
    const v6 = openDatabase(file, { migrations: accountMigrations.slice(0, 6) });
    const insert = v6.prepare(
      'INSERT INTO outbox_queue (local_id, seq, recipient, message, state, attempts, error_code, last_error, attempted_at, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const message = JSON.stringify({ type: 'text', text: 'hello' });
    const rows = [
      ['q', 1, '614', message, 'queued', 0, null, null, null, null, 100, 100],
      ['s', 2, '614', message, 'sending', 1, null, null, 150, null, 110, 150],
      ['u', 3, '615', message, 'unknown', 1, 'outcome_unknown', 'No answer.', 160, null, 120, 170],
      ['d', 4, '615', message, 'sent', 1, null, null, 180, '9001', 130, 190],
      ['f', 5, '616', message, 'failed', 1, 'payment_required', 'No credit.', 200, null, 140, 210],
      ['c', 6, '616', message, 'cancelled', 0, null, null, null, null, 150, 220],
    ] as const;
    for (const row of rows) insert.run(...row);
    v6.close();

    const db = openDatabase(file, { migrations: accountMigrations });
    expect(schemaVersion(db)).toBe(latestVersion(accountMigrations));
    const after = db.prepare('SELECT local_id, seq, recipient, message, state, attempts, error_code, last_error, attempted_at, provider_id, created_at, updated_at FROM outbox_queue ORDER BY seq').raw().all();
    expect(after).toEqual(rows.map((r) => [...r]));
    // The 30-minute bound of a message already unknown counts from its last change.
    expect(db.prepare('SELECT local_id, unknown_at FROM outbox_queue WHERE unknown_at IS NOT NULL').all()).toEqual([{ local_id: 'u', unknown_at: 170 }]);
    db.prepare("UPDATE outbox_queue SET state = 'attention' WHERE local_id = 'u'").run();
    db.prepare("UPDATE outbox_queue SET state = 'arrived' WHERE local_id = 'u'").run();
    expect(() => db.prepare("UPDATE outbox_queue SET state = 'lost' WHERE local_id = 'u'").run()).toThrow(/CHECK/);
    expect(objects(db, 'index')).toEqual(expect.arrayContaining(['outbox_queue_state', 'outbox_queue_provider', 'outbox_queue_open']));
    expect(objects(db, 'table')).not.toContain('outbox_queue_new');
    db.close();
  });

  it('adds names the user gives contacts, indexed for search in place of the opt-in name, and keeps what was there', () => {
    const index = accountMigrations.findIndex((m) => m.name.startsWith('names the user gives contacts'));
    const version = index + 1;
    const file = path.join(tempDir(), 'local-names.sqlite3');
    const before = openDatabase(file, { migrations: accountMigrations.slice(0, index) });
    before.prepare("INSERT INTO contacts (number, name, opted_in, updated_at) VALUES ('61400000001', 'Jane Smith', 1, 1)").run();
    before.prepare("INSERT INTO conversations (contact, last_id, last_at, last_direction, last_type, last_preview, unread) VALUES ('61400000001', 1, 1, 'in', 'text', 'hi', 2), ('61400000002', 2, 2, 'in', 'text', 'yo', 0)").run();
    before.close();
    const after = openDatabase(file, { migrations: accountMigrations.slice(0, version) });
    expect(schemaVersion(after)).toBe(version);
    expect(after.prepare("SELECT name, local_name FROM contacts WHERE number = '61400000001'").get()).toEqual({ name: 'Jane Smith', local_name: null });
    const found = (word: string): unknown[] => after.prepare('SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?').all(word);
    expect(found('smith')).toHaveLength(1);
    // A local name replaces the opt-in name in the index; removing it brings the opt-in name back.
    after.prepare("UPDATE contacts SET local_name = 'Florist' WHERE number = '61400000001'").run();
    expect(found('florist')).toHaveLength(1);
    expect(found('smith')).toHaveLength(0);
    after.prepare("UPDATE contacts SET name = 'Janet Smith' WHERE number = '61400000001'").run();
    expect(found('janet')).toHaveLength(0);
    after.prepare("UPDATE contacts SET local_name = NULL WHERE number = '61400000001'").run();
    expect(found('janet')).toHaveLength(1);
    after.prepare("INSERT INTO contacts (number, name, opted_in, updated_at, local_name) VALUES ('61400000003', '', 0, 1, 'Walk-in')").run();
    expect(found('walk')).toHaveLength(1);
    // The unread total reads only conversations that have unread messages, on their own index.
    const unread = "SELECT sum(unread) AS n FROM conversations WHERE unread > 0";
    expect(after.prepare(unread).get()).toEqual({ n: 2 });
    expect(JSON.stringify(after.prepare(`EXPLAIN QUERY PLAN ${unread}`).all())).toContain('conversations_unread');
    after.close();
  });

  it('the opt-out ledger and template library migration adds their tables and lists the templates already sent', () => {
    // Found by name: its number is settled when branches merge.
    const index = accountMigrations.findIndex((m) => m.name === 'opt-out ledger and template library');
    expect(index).toBeGreaterThan(5);
    const file = path.join(tempDir(), 'ledger.sqlite3');
    const before = openDatabase(file, { migrations: accountMigrations.slice(0, index) });
    const insert = before.prepare("INSERT INTO messages (id, direction, provider_id, contact, type, body, raw_message, raw_json, created_at, created_raw, updated_at) VALUES (?, ?, ?, '614', ?, '', ?, '{}', 1, 'x', 1)");
    insert.run(1000, 'out', '1', 'template', '{"type":"template","template_name":"order_ready","params":["a"]}');
    insert.run(2000, 'out', '2', 'template', '{"type":"template","template_name":"order_ready"}');
    insert.run(3000, 'out', '3', 'template', '{"type":"template","template_name":"Bad Name"}');
    insert.run(4000, 'in', '4', 'text', 'STOP');
    before.prepare("UPDATE messages SET body = raw_message WHERE type = 'text'").run();
    insert.run(5000, 'in', '5', 'text', 'x');
    before.prepare("UPDATE messages SET body = ? WHERE id = 5000").run('Where is my parcel? It was meant to arrive on Monday morning.');
    insert.run(6000, 'in', '6', 'text', '');
    before.prepare("UPDATE messages SET body = 'Opt-Out!' WHERE id = 6000").run();
    before.close();
    const after = openDatabase(file, { migrations: accountMigrations.slice(0, index + 1) });
    expect(schemaVersion(after)).toBe(accountMigrations[index]?.version);
    expect(objects(after, 'table')).toEqual(expect.arrayContaining(['opt_out_events', 'opt_out_state', 'opt_out_keywords', 'templates']));
    expect(after.prepare('SELECT name, body, from_history FROM templates').all()).toEqual([{ name: 'order_ready', body: '', from_history: 1 }]);
    // Short incoming texts get their keyword form; the events themselves are found by the ledger
    // with the Settings' lists (no lists stored yet).
    expect(after.prepare('SELECT message_key, form FROM keyword_forms ORDER BY message_key').all()).toEqual([
      { message_key: 4000, form: 'STOP' },
      { message_key: 6000, form: 'OPT OUT' },
    ]);
    expect(after.prepare('SELECT count(*) AS n FROM opt_out_keywords').get()).toEqual({ n: 0 });
    expect(() => after.prepare("INSERT INTO opt_out_events (number, action, at, source, tiebreak, recorded_at) VALUES ('614', 'maybe', 1, 'manual', '1', 1)").run()).toThrow(/CHECK/);
    const keyword = after.prepare("INSERT INTO opt_out_events (number, action, at, source, provider_id, tiebreak, recorded_at) VALUES ('614', 'out', 1, 'keyword', '4', '4', 1)");
    keyword.run();
    expect(() => keyword.run()).toThrow(/UNIQUE/);
    after.close();
  });

  it('adds the campaign journal, tags campaign messages, and notes when a message was first seen delivered and read', () => {
    const index = accountMigrations.findIndex((m) => m.name.startsWith('campaign journal'));
    const version = index + 1;
    const file = path.join(tempDir(), 'campaigns.sqlite3');
    const before = openDatabase(file, { migrations: accountMigrations.slice(0, index) });
    before.prepare("INSERT INTO messages (id, direction, provider_id, contact, type, body, raw_message, raw_json, status, created_at, created_raw, updated_at) VALUES (1000, 'out', '77', '61400000001', 'text', 'hi', 'hi', '{}', 'sent', 1, 'x', 1)").run();
    before.close();
    const db = openDatabase(file, { migrations: accountMigrations.slice(0, version) });
    expect(schemaVersion(db)).toBe(version);
    expect(objects(db, 'table')).toEqual(expect.arrayContaining(['campaigns', 'campaign_recipients']));
    expect(objects(db, 'index')).toEqual(expect.arrayContaining(['campaign_recipients_state', 'campaign_recipients_search', 'campaign_recipients_provider', 'campaigns_created']));
    // What was cached stays; the new columns start empty.
    expect(db.prepare('SELECT campaign_id, delivered_at, seen_at FROM messages WHERE id = 1000').get()).toEqual({ campaign_id: null, delivered_at: null, seen_at: null });
    // The first time the sync sees delivered, then read, is kept; later changes keep those times.
    db.prepare("UPDATE messages SET status = 'delivered', updated_at = 50 WHERE id = 1000").run();
    db.prepare("UPDATE messages SET status = 'read', updated_at = 90 WHERE id = 1000").run();
    db.prepare("UPDATE messages SET status = 'read', updated_at = 120 WHERE id = 1000").run();
    expect(db.prepare('SELECT delivered_at, seen_at FROM messages WHERE id = 1000').get()).toEqual({ delivered_at: 50, seen_at: 90 });

    const campaign = (id: string, state: string, draft: string | null): void =>
      void db
        .prepare(
          `INSERT INTO campaigns (id, draft_id, name, template_name, mapping, settings, time_zone, state, file_name, columns, phone_column, total, created_at, updated_at)
           VALUES (?, ?, 'Sale', 'order_ready', '{}', '{}', 'Australia/Sydney', ?, 'a.csv', '[]', 1, 1, 1, 1)`,
        )
        .run(id, draft, state);
    campaign('c1', 'sending', 'd1');
    expect(() => campaign('c2', 'sending', 'd1')).toThrow(/UNIQUE/);
    expect(() => campaign('c3', 'finished', null)).toThrow(/CHECK/);
    const recipient = db.prepare("INSERT INTO campaign_recipients (campaign_id, row, cells, recipient, search, state, updated_at) VALUES ('c1', ?, '[]', '614', '614', ?, 1)");
    recipient.run(2, 'planned');
    expect(() => recipient.run(2, 'planned')).toThrow(/UNIQUE/);
    expect(() => recipient.run(3, 'lost')).toThrow(/CHECK/);
    // The runner's next batch rides its index, in row order, without sorting.
    const plan = JSON.stringify(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM campaign_recipients WHERE campaign_id = 'c1' AND state = 'planned' ORDER BY row LIMIT 10").all());
    expect(plan).toContain('campaign_recipients_state');
    expect(plan).not.toContain('TEMP B-TREE');
    // Deleting a campaign deletes its rows, never the messages it sent.
    db.prepare("UPDATE messages SET campaign_id = 'c1' WHERE id = 1000").run();
    db.prepare("DELETE FROM campaigns WHERE id = 'c1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM campaign_recipients').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 1 });
    db.close();
  });
});

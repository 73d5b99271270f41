import { keywordForm, KEYWORD_TEXT_MAX } from '../../../shared/optouts';
import type { Migration } from './migrate';

/**
 * The schema of an account's cache (one file per account: messages, contacts, sync state).
 * Append only: never edit a released migration. Tests: test/main/core/db/account-migrations.test.ts.
 */
export const accountMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, conversations, contacts, full-text search, sync state',
    up(db) {
      db.exec(`
        -- id is the sort key: created_at (ms) * 1000 + a tie-breaker, so rowid order is time order
        -- for threads, lists and full-text results alike.
        CREATE TABLE messages (
          id          INTEGER PRIMARY KEY,
          direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
          provider_id TEXT,
          contact     TEXT NOT NULL,           -- the customer's number (from for in, recipient for out)
          our_number  TEXT,                    -- our number the customer wrote to (incoming)
          type        TEXT NOT NULL,
          body        TEXT NOT NULL,           -- words for display and search
          raw_message TEXT NOT NULL,           -- the API's "message" string as received
          raw_json    TEXT NOT NULL,           -- the whole API item as received
          status      TEXT,                    -- normalized (outgoing)
          status_raw  TEXT,
          state_raw   TEXT,
          created_at  INTEGER NOT NULL,        -- UTC epoch ms
          created_raw TEXT NOT NULL,           -- the API's createdDate string
          read_at     INTEGER,                 -- incoming: when opened in the app
          updated_at  INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX messages_provider ON messages (direction, provider_id) WHERE provider_id IS NOT NULL;
        CREATE INDEX messages_thread ON messages (contact, id);
        CREATE INDEX messages_direction ON messages (direction, id);
        CREATE INDEX messages_status ON messages (direction, status, id);

        CREATE TABLE conversations (
          contact         TEXT PRIMARY KEY,
          last_id         INTEGER NOT NULL,
          last_at         INTEGER NOT NULL,
          last_direction  TEXT NOT NULL,
          last_type       TEXT NOT NULL,
          last_preview    TEXT NOT NULL,
          last_status     TEXT,
          unread          INTEGER NOT NULL DEFAULT 0,
          last_inbound_at INTEGER
        ) STRICT;
        CREATE INDEX conversations_recent ON conversations (last_id);

        CREATE TABLE contacts (
          number     TEXT PRIMARY KEY,
          name       TEXT NOT NULL DEFAULT '',
          opted_in   INTEGER NOT NULL DEFAULT 0,
          capable    INTEGER,
          blacklist  INTEGER,
          updated_at INTEGER NOT NULL
        ) STRICT;

        CREATE VIRTUAL TABLE messages_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
        END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
          UPDATE messages_fts SET body = new.body WHERE rowid = old.id;
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          DELETE FROM messages_fts WHERE rowid = old.id;
        END;

        CREATE VIRTUAL TABLE contacts_fts USING fts5(name, number, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
          INSERT INTO contacts_fts (rowid, name, number) VALUES (new.rowid, new.name, new.number);
        END;
        CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name ON contacts BEGIN
          UPDATE contacts_fts SET name = new.name WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
          DELETE FROM contacts_fts WHERE rowid = old.rowid;
        END;

        CREATE TABLE sync_state (
          direction       TEXT PRIMARY KEY CHECK (direction IN ('in', 'out')),
          synced_until    INTEGER,             -- every message created up to here is cached
          pending_windows TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end], …] still to read (resume)
          run_started_at  INTEGER,
          run_until       INTEGER,             -- the end of the run in progress
          last_success_at INTEGER
        ) STRICT;
      `);
    },
  },
  {
    version: 2,
    name: 'index new messages for full-text search from the write batch',
    up(db) {
      // The row trigger made SQLite open a statement savepoint per insert, and FTS5 flushes its
      // pending index data on every savepoint: one tiny segment per message. MessagesStore now
      // adds a batch's rows to messages_fts itself, in rowid order, in the same transaction.
      // Updates and deletes keep their triggers (they are rare).
      db.exec('DROP TRIGGER messages_fts_insert');
    },
  },
  {
    version: 3,
    name: 'outbox queue',
    up(db) {
      db.exec(`
        -- A message the user sent from this app is shown at once as a row of messages with a
        -- local id; provider_id joins it when SMSGlobal answers, so a later sync updates the same row.
        ALTER TABLE messages ADD COLUMN local_id TEXT;
        CREATE UNIQUE INDEX messages_local ON messages (local_id) WHERE local_id IS NOT NULL;

        CREATE TABLE outbox_queue (
          local_id     TEXT PRIMARY KEY,
          seq          INTEGER NOT NULL UNIQUE,   -- send order
          recipient    TEXT NOT NULL,
          message      TEXT NOT NULL,             -- the WhatsApp message object, JSON
          state        TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'unknown', 'sent', 'failed', 'cancelled')),
          attempts     INTEGER NOT NULL DEFAULT 0,
          error_code   TEXT,
          last_error   TEXT,
          attempted_at INTEGER,                   -- when the last attempt went out (for reconciling)
          provider_id  TEXT,
          created_at   INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX outbox_queue_state ON outbox_queue (state, seq);
      `);
    },
  },
  {
    version: 4,
    name: 'longer prefix indexes for search as you type',
    up(db) {
      // Without a prefix index of its length, "deliv"* makes FTS5 merge the whole doclist of
      // every matching term before it can return the newest hits (tens of ms on a million
      // messages); with one it streams. Rebuilt from messages, which hold the indexed text.
      db.exec(`
        DROP TRIGGER messages_fts_update;
        DROP TRIGGER messages_fts_delete;
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6');
        INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages ORDER BY id;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
          UPDATE messages_fts SET body = new.body WHERE rowid = old.id;
        END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          DELETE FROM messages_fts WHERE rowid = old.id;
        END;
      `);
    },
  },
  {
    version: 5,
    name: 'messages waiting in the app queue get their own status',
    up(db) {
      // They showed as "queued", which is also what SMSGlobal says of messages it has accepted.
      db.exec(`
        UPDATE messages SET status = 'waiting'
          WHERE local_id IS NOT NULL AND provider_id IS NULL AND status = 'queued'
            AND local_id IN (SELECT local_id FROM outbox_queue WHERE state = 'queued');
        UPDATE conversations SET last_status = 'waiting'
          WHERE last_status = 'queued' AND last_id IN (SELECT id FROM messages WHERE status = 'waiting');
      `);
    },
  },
  {
    version: 6,
    name: 'the words of the message index, for searches longer than its prefix indexes',
    up(db) {
      // A view of messages_fts's own index (no data of its own): search turns a long typed
      // prefix into the exact words that start with it (see fts-query.ts).
      db.exec(`CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab(messages_fts, 'row');`);
    },
  },
  {
    version: 7,
    name: 'the sync starts from SMSGlobal\'s own stamps, with open-ended windows, and keeps the account\'s UTC offset',
    up(db) {
      // synced_until held the local clock at the end of a run, which is not the account's: an
      // account in another zone than Settings lost every message newer than that mismatch. It now
      // holds the newest createdAt a finished run saw (SMSGlobal's stamp), starting from what is
      // cached: rows the app sent itself (local_id) carry the local clock and are left out; a
      // direction with nothing cached starts at the beginning (2014-01-01). A pending window's end
      // may now be null (open: everything newer), and a run keeps the UTC offset it writes dates at.
      db.exec(`
        CREATE TABLE account_clock (
          id                 INTEGER PRIMARY KEY CHECK (id = 1),
          utc_offset_minutes INTEGER NOT NULL,   -- minutes east of UTC, from an answer's createdDate
          sample_at          INTEGER NOT NULL    -- that item's createdAt (UTC ms); a newer sample replaces it
        ) STRICT;
        ALTER TABLE sync_state ADD COLUMN run_offset_minutes INTEGER;
        ALTER TABLE sync_state DROP COLUMN run_until;
        UPDATE sync_state SET synced_until = coalesce(
            (SELECT max(created_at) FROM messages m WHERE m.direction = sync_state.direction AND m.local_id IS NULL),
            1388534400000)
          WHERE synced_until IS NOT NULL;
      `);
    },
  },
  {
    version: 8,
    name: 'send queue: "needs attention" and "arrived" states, when an outcome became unknown, indexes for the send pipeline',
    up(db) {
      // A CHECK constraint cannot be altered in SQLite: the table is rebuilt (sqlite.org/lang_altertable.html#otheralter).
      // unknown_at: the 30-minute bound before "needs attention" counts from it, across restarts;
      // rows already unknown take their last update as that moment.
      db.exec(`
        CREATE TABLE outbox_queue_new (
          local_id     TEXT PRIMARY KEY,
          seq          INTEGER NOT NULL UNIQUE,
          recipient    TEXT NOT NULL,
          message      TEXT NOT NULL,
          state        TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'unknown', 'attention', 'sent', 'arrived', 'failed', 'cancelled')),
          attempts     INTEGER NOT NULL DEFAULT 0,
          error_code   TEXT,
          last_error   TEXT,
          attempted_at INTEGER,
          unknown_at   INTEGER,
          provider_id  TEXT,
          created_at   INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        ) STRICT;
        INSERT INTO outbox_queue_new (local_id, seq, recipient, message, state, attempts, error_code, last_error, attempted_at, unknown_at, provider_id, created_at, updated_at)
          SELECT local_id, seq, recipient, message, state, attempts, error_code, last_error, attempted_at,
                 CASE WHEN state = 'unknown' THEN updated_at END, provider_id, created_at, updated_at
            FROM outbox_queue;
        DROP TABLE outbox_queue;
        ALTER TABLE outbox_queue_new RENAME TO outbox_queue;
        CREATE INDEX outbox_queue_state ON outbox_queue (state, seq);
        -- "not already claimed by another record": one lookup per listed message, not a scan.
        CREATE INDEX outbox_queue_provider ON outbox_queue (provider_id) WHERE provider_id IS NOT NULL;
        -- Is anything earlier to this number still open? Only open rows, so the index stays small.
        CREATE INDEX outbox_queue_open ON outbox_queue (recipient, seq) WHERE state IN ('queued', 'sending', 'unknown', 'attention');
      `);
    },
  },
  {
    version: 9,
    name: 'names the user gives contacts; an index for the unread total',
    up(db) {
      // name stays what the opt-in list says (a refresh from SMSGlobal rewrites it); local_name is
      // the user's own and wins wherever a contact is named. contacts_fts indexes the name shown.
      db.exec(`
        ALTER TABLE contacts ADD COLUMN local_name TEXT;
        DROP TRIGGER contacts_fts_insert;
        DROP TRIGGER contacts_fts_update;
        CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
          INSERT INTO contacts_fts (rowid, name, number) VALUES (new.rowid, coalesce(new.local_name, new.name), new.number);
        END;
        CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, local_name ON contacts BEGIN
          UPDATE contacts_fts SET name = coalesce(new.local_name, new.name) WHERE rowid = old.rowid;
        END;
        CREATE INDEX conversations_unread ON conversations (unread) WHERE unread > 0;
      `);
    },
  },
  {
    version: 10,
    name: 'opt-out ledger and template library',
    up(db) {
      db.exec(`
        -- Every opt-out and opt-in: keyword messages found by the sync, and changes made by hand.
        -- A number's current state is its latest event (see optouts/ledger-store.ts for the order),
        -- so the ledger comes out the same whatever order the sync's pages arrive in.
        CREATE TABLE opt_out_events (
          id          INTEGER PRIMARY KEY,
          number      TEXT NOT NULL,
          action      TEXT NOT NULL CHECK (action IN ('out', 'in')),
          at          INTEGER NOT NULL,        -- UTC epoch ms: the message's time, or when it was done by hand
          source      TEXT NOT NULL CHECK (source IN ('keyword', 'manual')),
          provider_id TEXT,                    -- keyword: SMSGlobal's id of the customer's message
          message_key INTEGER,                 -- keyword: messages.id
          text        TEXT,                    -- keyword: the message as written
          note        TEXT,                    -- manual: the user's reason
          tiebreak    TEXT NOT NULL,           -- orders events of the same millisecond (ids grow with time)
          recorded_at INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX opt_out_events_message ON opt_out_events (provider_id) WHERE source = 'keyword';
        CREATE INDEX opt_out_events_number ON opt_out_events (number, at);

        -- The latest event per number, kept with the events in the same transactions.
        CREATE TABLE opt_out_state (
          number   TEXT PRIMARY KEY,
          event_id INTEGER NOT NULL,
          action   TEXT NOT NULL CHECK (action IN ('out', 'in')),
          at       INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX opt_out_state_action ON opt_out_state (action, at);

        -- The keyword lists the keyword events were found with (one row). Settings own the lists;
        -- this copy tells the sync thread which words to look for and the main thread when the
        -- events must be found again (the lists changed, or another account's cache was open).
        CREATE TABLE opt_out_keywords (
          id    INTEGER PRIMARY KEY CHECK (id = 1),
          lists TEXT NOT NULL
        ) STRICT;

        -- The keyword form (shared/optouts.ts keywordForm) of every incoming text short enough to
        -- be a keyword: new keyword lists find their messages in years of history by key.
        -- One B-tree keyed by the form (WITHOUT ROWID): one write per short text during a sync.
        CREATE TABLE keyword_forms (
          form        TEXT NOT NULL,
          message_key INTEGER NOT NULL,      -- messages.id
          PRIMARY KEY (form, message_key)
        ) STRICT, WITHOUT ROWID;

        -- Templates as approved in WhatsApp Manager: SMSGlobal's API cannot list them. A name seen
        -- in the outgoing history arrives with an empty body: an entry for the user to complete.
        CREATE TABLE templates (
          name         TEXT PRIMARY KEY,
          category     TEXT CHECK (category IN ('marketing', 'utility', 'authentication')),
          language     TEXT NOT NULL DEFAULT '',
          body         TEXT NOT NULL DEFAULT '',
          media_header INTEGER NOT NULL DEFAULT 0,
          buttons      INTEGER NOT NULL DEFAULT 0,
          from_history INTEGER NOT NULL DEFAULT 0,
          created_at   INTEGER NOT NULL,
          updated_at   INTEGER NOT NULL
        ) STRICT;
        INSERT OR IGNORE INTO templates (name, from_history, created_at, updated_at)
          SELECT DISTINCT json_extract(raw_message, '$.template_name'), 1, unixepoch() * 1000, unixepoch() * 1000
          FROM messages
          WHERE direction = 'out' AND type = 'template' AND json_valid(raw_message)
            AND json_extract(raw_message, '$.template_name') GLOB '[a-z0-9_]*'
            AND NOT json_extract(raw_message, '$.template_name') GLOB '*[^a-z0-9_]*';
      `);
      // The history already cached gets its keyword forms here, once, a slice at a time (a
      // statement cannot write while another is still reading).
      const slice = db.prepare<[number, number], { id: number; body: string }>(
        "SELECT id, body FROM messages WHERE id > ? AND direction = 'in' AND type = 'text' AND length(body) <= ? ORDER BY id LIMIT 5000",
      );
      const insert = db.prepare<[number, string]>('INSERT OR IGNORE INTO keyword_forms (message_key, form) VALUES (?, ?)');
      for (let after = -1; ; ) {
        const rows = slice.all(after, KEYWORD_TEXT_MAX);
        const last = rows.at(-1);
        if (!last) break;
        for (const row of rows) {
          const form = keywordForm(row.body);
          if (form !== null) insert.run(row.id, form);
        }
        after = last.id;
      }
    },
  },
  {
    version: 11,
    name: 'campaign journal: campaigns and their recipients; campaign messages tagged; when a message was seen delivered and read',
    up(db) {
      // A campaign's every row is written at confirmation, with the message frozen as it will go
      // out (editing the file or the template later changes nothing). Recipient rows move through
      // the send pipeline's states (shared/campaign-runs.ts); `skipped` rows keep the check's reason.
      // The messages a campaign sends are ordinary rows of `messages` (outbox, threads, search),
      // tagged with campaign_id; delivered/read come later from the sync on that row, joined by
      // provider id. SMSGlobal's list carries no delivery times: delivered_at and seen_at are when
      // the app first saw the status (a trigger, so the sync's write path is unchanged).
      db.exec(`
        CREATE TABLE campaigns (
          id            TEXT PRIMARY KEY,
          draft_id      TEXT UNIQUE,          -- the draft it was confirmed from: confirming it again finds this row
          name          TEXT NOT NULL,
          template_name TEXT NOT NULL,
          template_body TEXT,
          mapping       TEXT NOT NULL,        -- the frozen mapping (JSON)
          settings      TEXT NOT NULL,        -- CampaignSettings (JSON, validated at read)
          time_zone     TEXT NOT NULL,        -- the business's zone at confirmation: the daily cap's midnight
          state         TEXT NOT NULL CHECK (state IN ('scheduled', 'waiting', 'sending', 'paused', 'completed', 'cancelled')),
          pause_reason  TEXT,
          notice        TEXT,
          parent_id     TEXT REFERENCES campaigns (id) ON DELETE SET NULL,
          file_name     TEXT NOT NULL,
          columns       TEXT NOT NULL,        -- the file's column names (JSON)
          phone_column  INTEGER NOT NULL,
          total         INTEGER NOT NULL,
          created_at    INTEGER NOT NULL,
          started_at    INTEGER,
          finished_at   INTEGER,
          updated_at    INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX campaigns_created ON campaigns (created_at);
        CREATE INDEX campaigns_parent ON campaigns (parent_id) WHERE parent_id IS NOT NULL;

        CREATE TABLE campaign_recipients (
          campaign_id  TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
          row          INTEGER NOT NULL,      -- the spreadsheet's row number (header = 1); also the send order
          cells        TEXT NOT NULL,         -- the user's original values (JSON array)
          recipient    TEXT,                  -- international digits; null when the cell was not a number
          name         TEXT,
          search       TEXT NOT NULL,         -- digits and the lower-cased name, for the report's search
          message      TEXT,                  -- the frozen WhatsApp message (JSON); null for skipped rows
          state        TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'accepted', 'failed', 'unknown', 'attention', 'skipped', 'cancelled')),
          attempts     INTEGER NOT NULL DEFAULT 0,
          error_code   TEXT,                  -- a skip's verdict, a failure's code
          last_error   TEXT,
          retryable    INTEGER NOT NULL DEFAULT 0,  -- 1: a failure that may go through later; 2: one already in a retry run
          provider_id  TEXT,
          attempted_at INTEGER,               -- when the last POST started (this computer's clock)
          unknown_at   INTEGER,               -- when its outcome became unknown (the attention bound)
          sent_at      INTEGER,               -- when the accepted attempt started
          updated_at   INTEGER NOT NULL,
          PRIMARY KEY (campaign_id, row)
        ) STRICT;
        -- The runner's next batch (planned, in row order), its unresolved rows, and the report's state filters.
        CREATE INDEX campaign_recipients_state ON campaign_recipients (campaign_id, state, row);
        -- The report's search (with or without a state filter): a scan of this covering index, not of the rows.
        CREATE INDEX campaign_recipients_search ON campaign_recipients (campaign_id, row, state, search);
        -- "Not claimed by another record": one lookup per listed message.
        CREATE INDEX campaign_recipients_provider ON campaign_recipients (provider_id) WHERE provider_id IS NOT NULL;

        ALTER TABLE messages ADD COLUMN campaign_id TEXT;
        ALTER TABLE messages ADD COLUMN delivered_at INTEGER;
        ALTER TABLE messages ADD COLUMN seen_at INTEGER;
        CREATE TRIGGER messages_delivery_seen AFTER UPDATE OF status ON messages
          WHEN new.direction = 'out' AND new.status IN ('delivered', 'read') AND (new.delivered_at IS NULL OR (new.status = 'read' AND new.seen_at IS NULL))
        BEGIN
          UPDATE messages SET delivered_at = coalesce(delivered_at, new.updated_at),
                              seen_at = CASE WHEN new.status = 'read' THEN coalesce(seen_at, new.updated_at) ELSE seen_at END
            WHERE id = new.id;
        END;
      `);
    },
  },
];

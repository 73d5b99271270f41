import type Database from 'better-sqlite3';
import { keywordForm } from '../../../shared/optouts';
import { decodeMessageBody, encodeMessageBody, messagePreview, messageSearchText, type MessageContent } from '../../../shared/messages';
import type { NormalizedStatus } from '../../../shared/status';
import { normalizeStatus } from '../../../shared/status';
import type { IncomingMessage, OutgoingMessage } from '../api/client';
import { OptOutLedger, type KeywordHit } from '../optouts/ledger-store';
import { TemplateLibraryStore } from '../templates/library-store';
import type { Db } from './database';

/**
 * Writes API messages into the cache. Upserts by (direction, provider id), so reading the same
 * message twice changes nothing but its status; keeps each conversation's last message and unread
 * count in the same transaction; the FTS index follows through triggers.
 */

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Contacts whose conversation changed. */
  contacts: Set<string>;
}

interface Row {
  direction: 'in' | 'out';
  providerId: string;
  contact: string;
  ourNumber: string | null;
  rawMessage: string;
  rawJson: string;
  statusRaw: string | null;
  stateRaw: string | null;
  createdAt: number;
  createdRaw: string;
  readAt: number | null;
}

interface ConversationChange {
  id: number;
  createdAt: number;
  direction: 'in' | 'out';
  /** The preview is made from this once per conversation, not for every row of a batch. */
  content: MessageContent;
  status: string | null;
  unread: number;
  inboundAt: number | null;
}

/** Sort keys: created_at in ms × 1000 plus a tie-breaker for messages of the same millisecond. */
export const keyBase = (createdAt: number): number => createdAt * 1000;

export class MessagesStore {
  private readonly maxKeyIn;
  private readonly insert;
  private readonly findExisting;
  private readonly updateStatus;
  private readonly upsertConversation;
  private readonly refreshLastStatus;
  private readonly index;

  /**
   * The opt-out ledger and the template library are written in the same transactions as the
   * messages they come from, so a crash cannot keep one without the other.
   */
  constructor(
    private readonly db: Db,
    readonly optOuts = new OptOutLedger(db),
    readonly templates = new TemplateLibraryStore(db),
  ) {
    this.maxKeyIn = db.prepare<[number, number], { max: number | null }>('SELECT max(id) AS max FROM messages WHERE id BETWEEN ? AND ?');
    // Positional parameters: binding from an object by name costs more per row than the insert.
    // (Choosing the key inside this statement with a subquery on messages was slower: SQLite
    // then stages the insert through a temporary table.)
    this.insert = db.prepare<
      [number, string, string, string, string | null, string, string, string, string, string | null, string | null, string | null, number, string, number | null, number]
    >(
      `INSERT INTO messages (id, direction, provider_id, contact, our_number, type, body, raw_message, raw_json, status, status_raw, state_raw, created_at, created_raw, read_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (direction, provider_id) WHERE provider_id IS NOT NULL DO NOTHING`,
    );
    this.findExisting = db.prepare<[string, string], { id: number; contact: string; status_raw: string | null; state_raw: string | null }>(
      'SELECT id, contact, status_raw, state_raw FROM messages WHERE direction = ? AND provider_id = ?',
    );
    this.updateStatus = db.prepare<[string | null, string | null, string, string, number, number]>(
      'UPDATE messages SET status_raw = ?, state_raw = ?, status = ?, raw_json = ?, updated_at = ? WHERE id = ?',
    );
    this.upsertConversation = db.prepare<[string, number, number, string, string, string, string | null, number, number | null]>(
      `INSERT INTO conversations (contact, last_id, last_at, last_direction, last_type, last_preview, last_status, unread, last_inbound_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (contact) DO UPDATE SET
         last_direction = CASE WHEN excluded.last_id > conversations.last_id THEN excluded.last_direction ELSE conversations.last_direction END,
         last_type      = CASE WHEN excluded.last_id > conversations.last_id THEN excluded.last_type ELSE conversations.last_type END,
         last_preview   = CASE WHEN excluded.last_id > conversations.last_id THEN excluded.last_preview ELSE conversations.last_preview END,
         last_status    = CASE WHEN excluded.last_id > conversations.last_id THEN excluded.last_status ELSE conversations.last_status END,
         last_at        = max(conversations.last_at, excluded.last_at),
         last_id        = max(conversations.last_id, excluded.last_id),
         unread         = conversations.unread + excluded.unread,
         last_inbound_at = max(coalesce(conversations.last_inbound_at, 0), coalesce(excluded.last_inbound_at, 0))`,
    );
    this.refreshLastStatus = db.prepare<[string, string, number]>('UPDATE conversations SET last_status = ? WHERE contact = ? AND last_id = ?');
    this.index = db.prepare<[number, string]>('INSERT INTO messages_fts (rowid, body) VALUES (?, ?)');
  }

  /** Statements of the send path (a row per message sent), prepared on first use and kept. */
  private readonly sendPath = new Map<string, Database.Statement>();
  private prepared<P extends unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.sendPath.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.sendPath.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  private nextKey(createdAt: number): number {
    const base = keyBase(createdAt);
    const max = this.maxKeyIn.get(base, base + 999)?.max ?? null;
    if (max === null) return base;
    if (max >= base + 999) throw new Error('more than 1000 messages in one millisecond');
    return max + 1;
  }

  /**
   * Writes rows in one transaction (the caller may already hold one). Rows go in time order:
   * FTS5 buffers index entries only while rowids grow, and flushes on every step back, so a
   * newest-first page written as it arrives would cost a flush per row.
   */
  private upsertRows(unsorted: Row[]): UpsertResult {
    const rows = [...unsorted].sort((a, b) => a.createdAt - b.createdAt);
    const result: UpsertResult = { inserted: 0, updated: 0, contacts: new Set() };
    const now = Date.now();
    const write = (): void => {
      const indexed: [number, string][] = [];
      // Opt-out keywords among new incoming texts, template names among new outgoing messages.
      const keywords = rows[0]?.direction === 'in' ? this.optOuts.currentMatcher() : null;
      const hits: KeywordHit[] = [];
      const forms: [number, string][] = [];
      const templateNames = new Set<string>();
      // Each conversation's change is folded over the batch and written once.
      const conversations = new Map<string, ConversationChange>();
      for (const row of rows) {
        const content = decodeMessageBody(row.rawMessage);
        const status = row.direction === 'out' ? normalizeStatus(row.statusRaw, row.stateRaw) : null;
        const body = messageSearchText(content);
        const id = this.nextKey(row.createdAt);
        const info = this.insert.run(
          id,
          row.direction,
          row.providerId,
          row.contact,
          row.ourNumber,
          content.type,
          body,
          row.rawMessage,
          row.rawJson,
          status,
          row.statusRaw,
          row.stateRaw,
          row.createdAt,
          row.createdRaw,
          row.readAt,
          now,
        );
        if (info.changes === 1) {
          indexed.push([id, body]);
          result.inserted++;
          result.contacts.add(row.contact);
          if (keywords && content.type === 'text') {
            // keywordForm() refuses anything longer than a keyword by its length alone.
            const form = keywordForm(content.text);
            if (form !== null) {
              forms.push([id, form]);
              const action = keywords.lookup(form);
              if (action) hits.push({ number: row.contact, action, at: row.createdAt, providerId: row.providerId, messageKey: id, text: content.text });
            }
          } else if (row.direction === 'out' && content.type === 'template') templateNames.add(content.template_name);
          const unread = row.direction === 'in' && row.readAt === null ? 1 : 0;
          const inboundAt = row.direction === 'in' ? row.createdAt : null;
          const change = conversations.get(row.contact);
          // Rows are in time order, so a later row is the conversation's newer last message.
          conversations.set(row.contact, {
            id,
            createdAt: row.createdAt,
            direction: row.direction,
            content,
            status,
            unread: (change?.unread ?? 0) + unread,
            inboundAt: inboundAt ?? change?.inboundAt ?? null,
          });
          continue;
        }
        // Seen before: only an outgoing status can change.
        if (row.direction !== 'out') continue;
        const existing = this.findExisting.get(row.direction, row.providerId);
        if (!existing || (existing.status_raw === row.statusRaw && existing.state_raw === row.stateRaw)) continue;
        this.updateStatus.run(row.statusRaw, row.stateRaw, status ?? 'unknown', row.rawJson, now, existing.id);
        this.refreshLastStatus.run(status ?? 'unknown', existing.contact, existing.id);
        result.updated++;
        result.contacts.add(existing.contact);
      }
      for (const [contact, c] of conversations) {
        this.upsertConversation.run(contact, c.id, c.createdAt, c.direction, c.content.type, messagePreview(c.content).slice(0, 200), c.status, c.unread, c.inboundAt);
      }
      // Full-text entries for the new rows, in one run of inserts in rowid order (see migration 2).
      for (const [id, body] of indexed) this.index.run(id, body);
      this.optOuts.recordKeywords(forms, hits, now);
      if (templateNames.size > 0) this.templates.seed(templateNames, now);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
    return result;
  }


  /** `isRead` decides whether a newly cached incoming message counts as unread. */
  upsertIncoming(items: readonly IncomingMessage[], isRead: (createdAt: number) => boolean): UpsertResult {
    return this.upsertRows(
      items.map((m) => ({
        direction: 'in',
        providerId: m.id,
        contact: m.from,
        ourNumber: m.to,
        rawMessage: m.message,
        // raw_message holds the message; raw_json the rest of the item, so the text is stored once.
        rawJson: JSON.stringify({ id: m.id, from: m.from, to: m.to, createdDate: m.createdDate }),
        statusRaw: null,
        stateRaw: null,
        createdAt: m.createdAt,
        createdRaw: m.createdDate,
        readAt: isRead(m.createdAt) ? m.createdAt : null,
      })),
    );
  }

  upsertOutgoing(items: readonly OutgoingMessage[]): UpsertResult {
    return this.upsertRows(
      items.map((m) => ({
        direction: 'out',
        providerId: m.id,
        contact: m.recipient,
        ourNumber: null,
        rawMessage: m.message,
        rawJson: JSON.stringify({ id: m.id, recipient: m.recipient, status: m.status, state: m.state, createdDate: m.createdDate }),
        statusRaw: m.status,
        stateRaw: m.state,
        createdAt: m.createdAt,
        createdRaw: m.createdDate,
        readAt: null,
      })),
    );
  }

  /** Shows a message the user is sending, before SMSGlobal has an id for it. */
  insertLocal(input: { localId: string; contact: string; message: MessageContent; createdAt: number; status: NormalizedStatus }): number {
    const id = this.nextKey(input.createdAt);
    const raw = encodeMessageBody(input.message);
    const body = messageSearchText(input.message);
    const now = Date.now();
    this.prepared(
      `INSERT INTO messages (id, direction, provider_id, local_id, contact, our_number, type, body, raw_message, raw_json, status, status_raw, state_raw, created_at, created_raw, read_at, updated_at)
       VALUES (?, 'out', NULL, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?)`,
    ).run(id, input.localId, input.contact, input.message.type, body, raw, JSON.stringify({ to: [input.contact] }), input.status, input.createdAt, new Date(input.createdAt).toISOString(), now);
    this.index.run(id, body);
    this.upsertConversation.run(input.contact, id, input.createdAt, 'out', input.message.type, messagePreview(input.message).slice(0, 200), input.status, 0, null);
    if (input.message.type === 'template') this.templates.seed([input.message.template_name], now);
    return id;
  }

  setLocalStatus(localId: string, status: NormalizedStatus, statusRaw: string | null = null): string | null {
    const row = this.prepared<[string], { id: number; contact: string }>('SELECT id, contact FROM messages WHERE local_id = ?').get(localId);
    if (!row) return null;
    this.prepared('UPDATE messages SET status = ?, status_raw = ?, updated_at = ? WHERE id = ?').run(status, statusRaw, Date.now(), row.id);
    this.refreshLastStatus.run(status, row.contact, row.id);
    return row.contact;
  }

  /** Replaces the content (and maybe the recipient) of a message that has not gone out yet. */
  updateLocal(localId: string, contact: string, message: MessageContent): string[] {
    const row = this.db.prepare<[string], { id: number; contact: string }>('SELECT id, contact FROM messages WHERE local_id = ?').get(localId);
    if (!row) return [];
    this.db
      .prepare('UPDATE messages SET contact = ?, type = ?, body = ?, raw_message = ?, raw_json = ?, updated_at = ? WHERE id = ?')
      .run(contact, message.type, messageSearchText(message), encodeMessageBody(message), JSON.stringify({ to: [contact] }), Date.now(), row.id);
    const touched = [...new Set([row.contact, contact])];
    for (const c of touched) this.refreshConversation(c);
    return touched;
  }

  deleteLocal(localId: string): string | null {
    const row = this.db.prepare<[string], { id: number; contact: string }>('SELECT id, contact FROM messages WHERE local_id = ?').get(localId);
    if (!row) return null;
    this.db.prepare('DELETE FROM messages WHERE id = ?').run(row.id);
    this.refreshConversation(row.contact);
    return row.contact;
  }

  /**
   * Joins SMSGlobal's answer to the local row. If a sync already brought the same message in
   * (same provider id), that row stays and the local one goes, so nothing shows twice.
   */
  linkSent(localId: string, sent: { id: string; status: string; state: string; createdDate: string; recipient: string }): string | null {
    const local = this.prepared<[string], { id: number; contact: string }>('SELECT id, contact FROM messages WHERE local_id = ?').get(localId);
    if (!local) return null;
    const synced = this.findExisting.get('out', sent.id);
    if (synced && synced.id !== local.id) {
      this.db.prepare('DELETE FROM messages WHERE id = ?').run(local.id);
      this.db.prepare('UPDATE messages SET local_id = ? WHERE id = ?').run(localId, synced.id);
      this.refreshConversation(local.contact);
      return local.contact;
    }
    const status = normalizeStatus(sent.status, sent.state);
    this.prepared('UPDATE messages SET provider_id = ?, status = ?, status_raw = ?, state_raw = ?, raw_json = ?, created_raw = ?, updated_at = ? WHERE id = ?').run(
      sent.id,
      status,
      sent.status,
      sent.state,
      JSON.stringify({ id: sent.id, recipient: sent.recipient, status: sent.status, state: sent.state, createdDate: sent.createdDate }),
      sent.createdDate,
      Date.now(),
      local.id,
    );
    this.refreshLastStatus.run(status, local.contact, local.id);
    return local.contact;
  }

  /** Recomputes one conversation from its messages (after an edit or a delete). */
  refreshConversation(contact: string): void {
    const last = this.db
      .prepare<[string], { id: number; created_at: number; direction: string; raw_message: string; status: string | null }>(
        'SELECT id, created_at, direction, raw_message, status FROM messages WHERE contact = ? ORDER BY id DESC LIMIT 1',
      )
      .get(contact);
    if (!last) {
      this.db.prepare('DELETE FROM conversations WHERE contact = ?').run(contact);
      return;
    }
    const counts = this.db
      .prepare<[string], { unread: number; inbound: number | null }>(
        "SELECT sum(direction = 'in' AND read_at IS NULL) AS unread, max(CASE WHEN direction = 'in' THEN created_at END) AS inbound FROM messages WHERE contact = ?",
      )
      .get(contact);
    const content = decodeMessageBody(last.raw_message);
    this.db
      .prepare(
        `INSERT INTO conversations (contact, last_id, last_at, last_direction, last_type, last_preview, last_status, unread, last_inbound_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact) DO UPDATE SET last_id = excluded.last_id, last_at = excluded.last_at, last_direction = excluded.last_direction, last_type = excluded.last_type,
           last_preview = excluded.last_preview, last_status = excluded.last_status, unread = excluded.unread, last_inbound_at = excluded.last_inbound_at`,
      )
      .run(contact, last.id, last.created_at, last.direction, content.type, messagePreview(content).slice(0, 200), last.status, counts?.unread ?? 0, counts?.inbound ?? null);
  }

  count(direction?: 'in' | 'out'): number {
    const row = direction
      ? this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM messages WHERE direction = ?').get(direction)
      : this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get();
    return row?.n ?? 0;
  }

  /** Marks a conversation's incoming messages as opened. */
  markRead(contact: string, at = Date.now()): number {
    return this.db.transaction(() => {
      const changed = this.db.prepare("UPDATE messages SET read_at = ? WHERE contact = ? AND direction = 'in' AND read_at IS NULL").run(at, contact).changes;
      this.db.prepare('UPDATE conversations SET unread = 0 WHERE contact = ?').run(contact);
      return changed;
    })();
  }
}

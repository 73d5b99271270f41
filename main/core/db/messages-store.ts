import { decodeMessageBody, messagePreview, messageSearchText } from '../../../shared/messages';
import { normalizeStatus } from '../../../shared/status';
import type { IncomingMessage, OutgoingMessage } from '../api/client';
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

/** Sort keys: created_at in ms × 1000 plus a tie-breaker for messages of the same millisecond. */
export const keyBase = (createdAt: number): number => createdAt * 1000;

export class MessagesStore {
  private readonly maxKeyIn;
  private readonly insert;
  private readonly findExisting;
  private readonly updateStatus;
  private readonly upsertConversation;
  private readonly refreshLastStatus;

  constructor(private readonly db: Db) {
    this.maxKeyIn = db.prepare<[number, number], { max: number | null }>('SELECT max(id) AS max FROM messages WHERE id BETWEEN ? AND ?');
    this.insert = db.prepare(
      `INSERT INTO messages (id, direction, provider_id, contact, our_number, type, body, raw_message, raw_json, status, status_raw, state_raw, created_at, created_raw, read_at, updated_at)
       VALUES (@id, @direction, @providerId, @contact, @ourNumber, @type, @body, @rawMessage, @rawJson, @status, @statusRaw, @stateRaw, @createdAt, @createdRaw, @readAt, @now)
       ON CONFLICT (direction, provider_id) WHERE provider_id IS NOT NULL DO NOTHING`,
    );
    this.findExisting = db.prepare<[string, string], { id: number; contact: string; status_raw: string | null; state_raw: string | null }>(
      'SELECT id, contact, status_raw, state_raw FROM messages WHERE direction = ? AND provider_id = ?',
    );
    this.updateStatus = db.prepare<[string | null, string | null, string, string, number, number]>(
      'UPDATE messages SET status_raw = ?, state_raw = ?, status = ?, raw_json = ?, updated_at = ? WHERE id = ?',
    );
    this.upsertConversation = db.prepare(
      `INSERT INTO conversations (contact, last_id, last_at, last_direction, last_type, last_preview, last_status, unread, last_inbound_at)
       VALUES (@contact, @id, @createdAt, @direction, @type, @preview, @status, @unread, @inboundAt)
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
  }

  private nextKey(createdAt: number): number {
    const base = keyBase(createdAt);
    const max = this.maxKeyIn.get(base, base + 999)?.max ?? null;
    if (max === null) return base;
    if (max >= base + 999) throw new Error('more than 1000 messages in one millisecond');
    return max + 1;
  }

  /** Writes rows in one transaction (the caller may already hold one). */
  private upsertRows(rows: Row[]): UpsertResult {
    const result: UpsertResult = { inserted: 0, updated: 0, contacts: new Set() };
    const now = Date.now();
    const write = (): void => {
      for (const row of rows) {
        const content = decodeMessageBody(row.rawMessage);
        const status = row.direction === 'out' ? normalizeStatus(row.statusRaw, row.stateRaw) : null;
        const id = this.nextKey(row.createdAt);
        const info = this.insert.run({
          id,
          direction: row.direction,
          providerId: row.providerId,
          contact: row.contact,
          ourNumber: row.ourNumber,
          type: content.type,
          body: messageSearchText(content),
          rawMessage: row.rawMessage,
          rawJson: row.rawJson,
          status,
          statusRaw: row.statusRaw,
          stateRaw: row.stateRaw,
          createdAt: row.createdAt,
          createdRaw: row.createdRaw,
          readAt: row.readAt,
          now,
        });
        if (info.changes === 1) {
          result.inserted++;
          result.contacts.add(row.contact);
          this.upsertConversation.run({
            contact: row.contact,
            id,
            createdAt: row.createdAt,
            direction: row.direction,
            type: content.type,
            preview: messagePreview(content).slice(0, 200),
            status,
            unread: row.direction === 'in' && row.readAt === null ? 1 : 0,
            inboundAt: row.direction === 'in' ? row.createdAt : null,
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
        rawJson: JSON.stringify({ id: m.id, from: m.from, to: m.to, message: m.message, createdDate: m.createdDate }),
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
        rawJson: JSON.stringify({ id: m.id, recipient: m.recipient, status: m.status, state: m.state, message: m.message, createdDate: m.createdDate }),
        statusRaw: m.status,
        stateRaw: m.state,
        createdAt: m.createdAt,
        createdRaw: m.createdDate,
        readAt: null,
      })),
    );
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

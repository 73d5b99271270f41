import { decodeMessageBody, messagePreview, type MessageType } from '../../../shared/messages';
import {
  MARK_START,
  SYMBOL_SEARCH_WINDOW,
  WINDOW_MS,
  type ConversationSummary,
  type MessageDetail,
  type MessageView,
  type OutboxFilter,
  type ContactHit,
  type SearchResult,
  type Thread,
} from '../../../shared/history';
import type { NormalizedStatus } from '../../../shared/status';
import type { CountryCode } from 'libphonenumber-js';
import { filterDigits } from '../../../shared/phone';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import type { Db } from './database';
import { CountCache } from './count-cache';
import { MAX_EXPANDED_TERMS, prefixUpperBound, toFtsQuery } from './fts-query';
import { keyBase } from './messages-store';

/**
 * The read side of the cache: every screen's query, each written for an index it can use
 * (test/main/core/db/query-plans.test.ts checks them with EXPLAIN QUERY PLAN).
 */

export interface MessageRow {
  id: number;
  direction: 'in' | 'out';
  provider_id: string | null;
  contact: string;
  our_number: string | null;
  raw_message: string;
  raw_json: string;
  status: string | null;
  status_raw: string | null;
  state_raw: string | null;
  created_at: number;
  created_raw: string;
  read_at: number | null;
  updated_at: number;
  /** The campaign that sent it, and that campaign's name while its journal exists. */
  campaign_id?: string | null;
  campaign_name?: string | null;
}

interface ConversationRow {
  contact: string;
  name: string | null;
  last_at: number;
  last_preview: string;
  last_direction: 'in' | 'out';
  last_type: string;
  last_status: string | null;
  unread: number;
  last_inbound_at: number | null;
}

const MESSAGE_COLUMNS = 'm.id, m.direction, m.provider_id, m.contact, m.our_number, m.raw_message, m.raw_json, m.status, m.status_raw, m.state_raw, m.created_at, m.created_raw, m.read_at, m.updated_at, m.campaign_id, (SELECT name FROM campaigns WHERE id = m.campaign_id) AS campaign_name';

export function toMessageView(row: MessageRow): MessageView {
  const content = decodeMessageBody(row.raw_message);
  return {
    key: String(row.id),
    providerId: row.provider_id,
    direction: row.direction,
    contact: row.contact,
    content,
    preview: messagePreview(content),
    status: (row.status as NormalizedStatus | null) ?? null,
    statusRaw: row.status_raw,
    createdAt: row.created_at,
    read: row.direction === 'out' || row.read_at !== null,
    campaign: row.campaign_id && row.campaign_name ? { id: row.campaign_id, name: row.campaign_name } : null,
  };
}

function windowOf(lastInboundAt: number | null, now: number): { windowOpen: boolean; windowClosesAt: number | null } {
  if (!lastInboundAt) return { windowOpen: false, windowClosesAt: null };
  const closes = lastInboundAt + WINDOW_MS;
  return { windowOpen: closes > now, windowClosesAt: closes > now ? closes : null };
}

function toConversation(row: ConversationRow, now: number): ConversationSummary {
  return {
    contact: row.contact,
    name: row.name && row.name !== '' ? row.name : null,
    lastAt: row.last_at,
    lastPreview: row.last_preview,
    lastDirection: row.last_direction,
    lastType: row.last_type as MessageType,
    lastStatus: (row.last_status as NormalizedStatus | null) ?? null,
    unread: row.unread,
    ...windowOf(row.last_inbound_at, now),
  };
}

/** The name the app shows for a contact row `c`: the user's own, else the opt-in list's ('' for none). */
const SHOWN_NAME = 'coalesce(c.local_name, c.name)';

/**
 * A page of the conversation list, newest first. The page is chosen on the index alone, then
 * joined: with the join outside, SQLite looks up the contact of every row it skips (54 ms for a
 * page 50,000 rows down, instead of 0.6 ms).
 */
export const CONVERSATION_PAGE_SQL = `SELECT v.*, ${SHOWN_NAME} AS name FROM (SELECT rowid AS r, last_id AS k FROM conversations ORDER BY last_id DESC LIMIT ? OFFSET ?) p
  CROSS JOIN conversations v ON v.rowid = p.r LEFT JOIN contacts c ON c.number = v.contact ORDER BY p.k DESC`;

/**
 * The date range and number filters the outbox and search share. Dates filter on the message's
 * sort key (created ms × 1000, see keyBase), which is time-ordered, so the range rides the index.
 */
function addRangeAndNumber(
  keyColumn: string,
  filter: { from?: number | undefined; to?: number | undefined; number?: string | undefined },
  clauses: string[],
  params: Record<string, string | number>,
  country: CountryCode,
): void {
  if (filter.from !== undefined) {
    clauses.push(`${keyColumn} >= @fromKey`);
    params['fromKey'] = keyBase(filter.from);
  }
  if (filter.to !== undefined) {
    // `to` is the last millisecond wanted, inclusive.
    clauses.push(`${keyColumn} < @toKey`);
    params['toKey'] = keyBase(filter.to + 1);
  }
  const digits = filterDigits(filter.number ?? '', country);
  if (digits) {
    clauses.push('instr(m.contact, @digits) > 0');
    params['digits'] = digits;
  }
}

/** Matches counted before a search says "1,000+". */
export const COUNT_CAP = 1000;
/** Messages looked through per symbol search (👍): see searchSymbols. */
export const SYMBOL_SCAN_ROWS = SYMBOL_SEARCH_WINDOW;
/** A number filter matching more contacts than this is tested on every message instead. */
const MAX_NUMBER_CONTACTS = 500;
/** Word search with a number: customers with at most this many messages are read first (see searchWords). */
const CONTACT_FIRST_MAX = 2_000;
/** Word matches looked at to count a filtered word search (see wordCount). */
const COUNT_SCAN_ROWS = 10_000;

type NumberScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'contacts'; contacts: string[]; messages: number; clause: string; params: Record<string, string> }
  | { kind: 'digits'; digits: string; clause: string; params: Record<string, string> };

export interface SearchInput {
  text: string;
  direction?: 'in' | 'out' | undefined;
  from?: number | undefined;
  to?: number | undefined;
  number?: string | undefined;
  limit: number;
  before?: string | undefined;
}

type SearchRow = MessageRow & { snippet: string; name: string | null };

/** Runs of symbols and emoji ("👍", "❤️"), which the full-text index does not keep. */
export function symbolsOf(text: string): string[] {
  return text.normalize('NFC').match(/(?:\p{Extended_Pictographic}|\p{So})(?:\p{Extended_Pictographic}|\p{So}|\p{M}|\u200d)*/gu) ?? [];
}

export class HistoryQueries {
  private readonly statements;
  private readonly counts;

  /** `defaultCountry` reads typed number filters the way the composer reads numbers ("0427 000 008"). */
  constructor(
    private readonly db: Db,
    private readonly defaultCountry: () => CountryCode = () => DEFAULT_SETTINGS.defaultCountry,
    /** Tests shrink the symbol search's window to see it continue. */
    private readonly symbolScanRows = SYMBOL_SCAN_ROWS,
  ) {
    this.counts = new CountCache(db);
    this.statements = {
      conversations: db.prepare<[number, number], ConversationRow>(CONVERSATION_PAGE_SQL),
      conversationCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM conversations'),
      conversation: db.prepare<[string], ConversationRow>(`SELECT v.*, ${SHOWN_NAME} AS name FROM conversations v LEFT JOIN contacts c ON c.number = v.contact WHERE v.contact = ?`),
      name: db.prepare<[string], { name: string }>(`SELECT ${SHOWN_NAME} AS name FROM contacts c WHERE c.number = ?`),
      contactsLike: db.prepare<[string, number], { contact: string }>('SELECT contact FROM conversations WHERE instr(contact, ?) > 0 LIMIT ?'),
      // The oldest key among the newest N messages below a key: the window a symbol search reads.
      scanWindow: db.prepare<[number, number], { floor: number | null; scanned: number }>(
        'SELECT min(id) AS floor, count(*) AS scanned FROM (SELECT id FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?)',
      ),
      messagesOf: db.prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM (SELECT 1 FROM json_each(?) j CROSS JOIN messages m ON m.contact = j.value LIMIT ?)',
      ),
      wroteToUs: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM conversations WHERE contact = ? AND last_inbound_at IS NOT NULL'),
      unread: db.prepare<[], { messages: number; conversations: number }>('SELECT coalesce(sum(unread), 0) AS messages, count(*) AS conversations FROM conversations WHERE unread > 0'),
      older: db.prepare<[string, number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.contact = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?`),
      newer: db.prepare<[string, number, number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.contact = ? AND m.id > ? ORDER BY m.id ASC LIMIT ?`),
      byKey: db.prepare<[number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = ?`),
      // One more than toFtsQuery expands, so it can tell "too many".
      wordsInRange: db.prepare<[string, string], { term: string }>(`SELECT term FROM messages_fts_terms WHERE term >= ? AND term < ? LIMIT ${MAX_EXPANDED_TERMS + 1}`),
    };
  }

  conversations(offset: number, limit: number, filter?: string, now = Date.now()): { total: number; items: ConversationSummary[] } {
    if (!filter) {
      const rows = this.statements.conversations.all(limit, offset);
      return { total: this.statements.conversationCount.get()?.n ?? 0, items: rows.map((r) => toConversation(r, now)) };
    }
    // A filter matches the number's digits or the contact's name.
    const digits = filterDigits(filter, this.defaultCountry());
    const like = `%${filter.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const where = `WHERE (${SHOWN_NAME} LIKE @like ESCAPE '\\'${digits ? ' OR instr(v.contact, @digits) > 0' : ''})`;
    const params = { like, digits, limit, offset };
    const total = this.counts.count(`SELECT count(*) AS n FROM conversations v LEFT JOIN contacts c ON c.number = v.contact ${where}`, { like, digits });
    const rows = this.db
      .prepare<typeof params, ConversationRow>(`SELECT v.*, ${SHOWN_NAME} AS name FROM conversations v LEFT JOIN contacts c ON c.number = v.contact ${where} ORDER BY v.last_id DESC LIMIT @limit OFFSET @offset`)
      .all(params);
    return { total, items: rows.map((r) => toConversation(r, now)) };
  }

  conversation(contact: string, now = Date.now()): ConversationSummary | null {
    const row = this.statements.conversation.get(contact);
    return row ? toConversation(row, now) : null;
  }

  /** True when this number has written to us (a message from it is in the cache). */
  hasWrittenToUs(contact: string): boolean {
    return this.statements.wroteToUs.get(contact) !== undefined;
  }

  /** A page of a thread, in time order: the latest messages, older/newer than a key, or around one. */
  thread(query: { contact: string; before?: string | undefined; after?: string | undefined; around?: string | undefined; limit: number }, now = Date.now()): Thread {
    const { contact, limit } = query;
    const s = this.statements;
    let items: MessageRow[];
    let hasOlder: boolean;
    let hasNewer: boolean;
    if (query.around !== undefined) {
      const centre = Number(query.around);
      const half = Math.floor(limit / 2);
      const older = s.older.all(contact, centre + 1, half + 1); // includes the centre
      const newer = s.newer.all(contact, centre, limit - half + 1);
      hasOlder = older.length > half;
      hasNewer = newer.length > limit - half;
      items = [...older.slice(0, half).reverse(), ...newer.slice(0, limit - half)];
    } else if (query.after !== undefined) {
      const newer = s.newer.all(contact, Number(query.after), limit + 1);
      hasNewer = newer.length > limit;
      hasOlder = true;
      items = newer.slice(0, limit);
    } else {
      const before = query.before !== undefined ? Number(query.before) : Number.MAX_SAFE_INTEGER;
      const older = s.older.all(contact, before, limit + 1);
      hasOlder = older.length > limit;
      hasNewer = query.before !== undefined;
      items = older.slice(0, limit).reverse();
    }
    const conversation = s.conversation.get(contact);
    const name = conversation?.name ?? this.nameOf(contact);
    return {
      contact,
      name: name && name !== '' ? name : null,
      ...windowOf(conversation?.last_inbound_at ?? null, now),
      items: items.map(toMessageView),
      hasOlder,
      hasNewer,
    };
  }

  private outboxWhere(filter: OutboxFilter): { where: string; params: Record<string, string | number> } {
    const clauses = ["m.direction = 'out'"];
    const params: Record<string, string | number> = {};
    if (filter.status) {
      clauses.push('m.status = @status');
      params['status'] = filter.status;
    }
    addRangeAndNumber('m.id', filter, clauses, params, this.defaultCountry());
    return { where: clauses.join(' AND '), params };
  }

  outbox(filter: OutboxFilter, offset: number, limit: number): { total: number; items: (MessageView & { name: string | null })[] } {
    const { where, params } = this.outboxWhere(filter);
    const total = this.counts.count(`SELECT count(*) AS n FROM messages m WHERE ${where}`, params);
    const rows = this.db
      .prepare<Record<string, string | number>, MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE ${where} ORDER BY m.id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset });
    // Names are looked up for the page's contacts only, after the page is chosen (a join would
    // look up the contact of every row an offset skips).
    const names = new Map<string, string | null>();
    const nameOf = (contact: string): string | null => {
      if (!names.has(contact)) names.set(contact, this.nameOf(contact));
      return names.get(contact) ?? null;
    };
    return { total, items: rows.map((row) => ({ ...toMessageView(row), name: nameOf(row.contact) })) };
  }

  /** The name shown for a number: the user's own, else the opt-in list's; null for none. */
  nameOf(contact: string): string | null {
    const name = this.statements.name.get(contact)?.name;
    return name && name !== '' ? name : null;
  }

  /**
   * Incoming messages created after `createdAfter`, written at or after `writtenSince` and still
   * unread, per contact, newest first: what a sync brought in (notifications.ts). Rides the
   * (direction, id) index over the recent range only.
   */
  arrivals(createdAfter: number, writtenSince: number, limit = 50): { contact: string; name: string | null; count: number; preview: string }[] {
    const rows = this.db
      .prepare<[number, number, number], { contact: string; n: number; last: number }>(
        `SELECT m.contact AS contact, count(*) AS n, max(m.id) AS last FROM messages m
         WHERE m.direction = 'in' AND m.id >= ? AND m.updated_at >= ? AND m.read_at IS NULL
         GROUP BY m.contact ORDER BY last DESC LIMIT ?`,
      )
      .all(keyBase(createdAfter), writtenSince, limit);
    return rows.map((r) => {
      const newest = this.statements.byKey.get(r.last);
      return { contact: r.contact, name: this.nameOf(r.contact), count: r.n, preview: newest ? toMessageView(newest).preview : '' };
    });
  }

  /** The Inbox entry's badge: unread messages, and how many conversations hold them. */
  unread(): { messages: number; conversations: number } {
    return this.statements.unread.get() ?? { messages: 0, conversations: 0 };
  }

  /** Every outgoing row of a filter, oldest first, for export. */
  *outboxRows(filter: OutboxFilter): IterableIterator<MessageRow> {
    const { where, params } = this.outboxWhere(filter);
    yield* this.db.prepare<Record<string, string | number>, MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE ${where} ORDER BY m.id`).iterate(params);
  }

  *threadRows(contact: string): IterableIterator<MessageRow> {
    yield* this.db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.contact = ? ORDER BY m.id`).iterate(contact);
  }

  detail(key: string): MessageDetail | null {
    const row = this.statements.byKey.get(Number(key));
    if (!row) return null;
    let raw: Record<string, unknown> = {};
    try {
      raw = JSON.parse(row.raw_json) as Record<string, unknown>;
    } catch {
      // Unreadable JSON: show what the columns hold.
    }
    // The message is stored once, in raw_message; put it back where the API had it.
    raw = { ...raw, message: row.raw_message };
    return { ...toMessageView(row), name: this.nameOf(row.contact), ourNumber: row.our_number, stateRaw: row.state_raw, createdRaw: row.created_raw, raw, updatedAt: row.updated_at };
  }

  /**
   * Search: words through the full-text index; an empty text with a number filter lists that
   * number's messages; symbols the index drops (👍, ❤) are looked for in the newest messages.
   * `total` counts the matches up to COUNT_CAP (beyond it, "1,000+": counting every hit of a
   * common word on years of history would cost more than the search); `next` continues the list.
   */
  search(query: SearchInput): SearchResult & { rows: SearchRow[] } {
    const match = toFtsQuery(query.text, (prefix) => this.statements.wordsInRange.all(prefix, prefixUpperBound(prefix)).map((r) => r.term));
    if (match) return this.searchWords(query, match);
    if (query.text.trim() === '') return this.searchNumber(query);
    return this.searchSymbols(query);
  }

  /** The clauses every kind of search shares: direction and dates; `key` is the message key column. The number is a scope (numberScope). */
  private searchFilters(query: SearchInput, key: string): { clauses: string[]; params: Record<string, string | number> } {
    const clauses: string[] = [];
    const params: Record<string, string | number> = {};
    if (query.direction) {
      clauses.push('m.direction = @direction');
      params['direction'] = query.direction;
    }
    addRangeAndNumber(key, { from: query.from, to: query.to }, clauses, params, this.defaultCountry());
    return { clauses, params };
  }

  /**
   * The customers a number filter means. Usually one (a whole number) or a few: their messages
   * come from the thread index. A digit or two matches most numbers: then each message's number
   * is tested instead.
   */
  private numberScope(number: string | undefined): NumberScope {
    if (!number?.trim()) return { kind: 'all' };
    const digits = filterDigits(number, this.defaultCountry());
    if (!digits) return { kind: 'all' };
    const contacts = this.statements.contactsLike.all(digits, MAX_NUMBER_CONTACTS + 1).map((r) => r.contact);
    if (contacts.length === 0) return { kind: 'none' };
    if (contacts.length > MAX_NUMBER_CONTACTS) return { kind: 'digits', digits, clause: 'instr(m.contact, @digits) > 0', params: { digits } };
    const list = JSON.stringify(contacts);
    const messages = this.statements.messagesOf.get(list, CONTACT_FIRST_MAX + 1)?.n ?? 0;
    return { kind: 'contacts', contacts, messages, clause: 'm.contact IN (SELECT value FROM json_each(@contacts))', params: { contacts: list } };
  }

  /** Counts matches up to COUNT_CAP; `capped` when there are more. */
  private cappedCount(from: string, where: string[], params: Record<string, string | number>): { total: number; totalCapped: boolean } {
    const n = this.counts.count(`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(' AND ') || '1'} LIMIT ${COUNT_CAP + 1})`, params);
    return { total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
  }

  private page(rows: SearchRow[], limit: number, extra: { contacts: ContactHit[]; total: number; totalCapped: boolean; next?: string | null }): SearchResult & { rows: SearchRow[] } {
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const next = extra.next !== undefined ? extra.next : hasMore && last ? String(last.id) : null;
    return {
      hits: page.map((row) => ({
        message: toMessageView(row),
        name: row.name && row.name !== '' ? row.name : null,
        snippet: row.snippet && row.snippet.includes(MARK_START) ? row.snippet : messagePreview(decodeMessageBody(row.raw_message)),
      })),
      contacts: extra.contacts,
      hasMore: hasMore || next !== null,
      total: extra.total,
      totalCapped: extra.totalCapped,
      next,
      rows: page,
    };
  }

  private searchWords(query: SearchInput, match: string): SearchResult & { rows: SearchRow[] } {
    const scope = this.numberScope(query.number);
    const contacts =
      query.before === undefined && scope.kind === 'all'
        ? this.db
            .prepare<[string], ContactHit>(
              `SELECT c.number AS contact, ${SHOWN_NAME} AS name FROM contacts_fts JOIN contacts c ON c.rowid = contacts_fts.rowid
               WHERE contacts_fts MATCH ? AND ${SHOWN_NAME} != '' ORDER BY rank LIMIT 8`,
            )
            // Names are few: the plain prefix query is quick there, and the message index's words
            // (the expansion above) are not the names' words.
            .all(toFtsQuery(query.text) ?? match)
        : [];
    if (scope.kind === 'none') return this.page([], query.limit, { contacts, total: 0, totalCapped: false });
    const { clauses, params } = this.searchFilters(query, 'messages_fts.rowid');
    clauses.unshift('messages_fts MATCH @match');
    params['match'] = match;
    // "thanks 👍": the words find the candidates, the symbols (which the index drops) must be there too.
    symbolsOf(query.text).forEach((symbol, i) => {
      clauses.push(`instr(m.body, @symbol${i}) > 0`);
      params[`symbol${i}`] = symbol;
    });
    let from = 'messages_fts JOIN messages m ON m.id = messages_fts.rowid';
    // The index streams its matches newest first: order (and page) by its rowid so no sort is needed.
    let key = 'messages_fts.rowid';
    let counted: { total: number; totalCapped: boolean };
    if (scope.kind === 'contacts' && scope.messages <= CONTACT_FIRST_MAX) {
      // A customer with few messages: read theirs and test each against the index (0.5 ms),
      // rather than walk every message with the words looking for theirs (600 ms on a million).
      from = 'json_each(@contacts) j CROSS JOIN messages m ON m.contact = j.value CROSS JOIN messages_fts ON messages_fts.rowid = m.id';
      key = 'm.id';
      Object.assign(params, scope.params);
      counted = this.cappedCount(from, clauses, params);
    } else {
      if (scope.kind !== 'all') {
        clauses.push(scope.clause);
        Object.assign(params, scope.params);
      }
      counted = this.wordCount(query, match, clauses.filter((c) => c.includes('m.')), params);
    }
    const paged = query.before === undefined ? clauses : [...clauses, `${key} < @before`];
    const rows = this.db
      .prepare<Record<string, string | number>, SearchRow>(
        `SELECT ${MESSAGE_COLUMNS}, snippet(messages_fts, 0, char(2), char(3), '…', 16) AS snippet, ${SHOWN_NAME} AS name
         FROM ${from} LEFT JOIN contacts c ON c.number = m.contact
         WHERE ${paged.join(' AND ')} ORDER BY ${key} DESC LIMIT @limit`,
      )
      .all({ ...params, limit: query.limit + 1, ...(query.before !== undefined ? { before: Number(query.before) } : {}) });
    return this.page(rows, query.limit, { contacts, ...counted });
  }

  /**
   * The total of a word search. Without filters on the message, the index alone counts (to the
   * cap). With them (direction, number, symbols), only the newest COUNT_SCAN_ROWS matches of the
   * words are looked at: a common word for one customer would otherwise mean reading every
   * message with that word; past them the total is "at least".
   */
  private wordCount(query: SearchInput, match: string, messageClauses: string[], params: Record<string, string | number>): { total: number; totalCapped: boolean } {
    const range = this.searchFilters({ ...query, direction: undefined }, 'rowid');
    const inner = `SELECT rowid AS id FROM messages_fts WHERE ${['messages_fts MATCH @match', ...range.clauses].join(' AND ')}`;
    if (messageClauses.length === 0) return this.cappedCount(`(${inner})`, [], { ...range.params, match });
    const scanned = this.counts.count(`SELECT count(*) AS n FROM (${inner} LIMIT ${COUNT_SCAN_ROWS + 1})`, { ...range.params, match });
    const counted = this.cappedCount(`(${inner} ORDER BY rowid DESC LIMIT ${COUNT_SCAN_ROWS}) f JOIN messages m ON m.id = f.id`, messageClauses, { ...params, ...range.params });
    return { total: counted.total, totalCapped: counted.totalCapped || scanned > COUNT_SCAN_ROWS };
  }

  /**
   * No words, a number: that number's messages, newest first, from the thread index (see numberScope).
   */
  private searchNumber(query: SearchInput): SearchResult & { rows: SearchRow[] } {
    const scope = this.numberScope(query.number);
    if (scope.kind === 'none' || scope.kind === 'all') return this.page([], query.limit, { contacts: [], total: 0, totalCapped: false });
    const { clauses, params } = this.searchFilters(query, 'm.id');
    let from = 'messages m';
    if (scope.kind === 'contacts' && scope.contacts.length === 1) {
      // One customer (the usual case: a whole number): their thread, in key order, no sorting.
      clauses.unshift('m.contact = @contact');
      params['contact'] = scope.contacts[0] ?? '';
    } else if (scope.kind === 'contacts') {
      // A few customers: each one's messages from the thread index, then sorted together.
      from = 'json_each(@contacts) j CROSS JOIN messages m ON m.contact = j.value';
      Object.assign(params, scope.params);
    } else {
      // Most numbers match: most messages are hits, and the newest come quickly.
      clauses.unshift(scope.clause);
      Object.assign(params, scope.params);
    }
    const counted = this.cappedCount(from, clauses, params);
    const paged = query.before === undefined ? clauses : [...clauses, 'm.id < @before'];
    const rows = this.db
      .prepare<Record<string, string | number>, SearchRow>(
        `SELECT ${MESSAGE_COLUMNS}, '' AS snippet, ${SHOWN_NAME} AS name FROM ${from} LEFT JOIN contacts c ON c.number = m.contact
         WHERE ${paged.join(' AND ') || '1'} ORDER BY m.id DESC LIMIT @limit`,
      )
      .all({ ...params, limit: query.limit + 1, ...(query.before !== undefined ? { before: Number(query.before) } : {}) });
    return this.page(rows, query.limit, { contacts: [], ...counted });
  }

  /**
   * Symbols the index drops (👍, ❤, ★): looked for, as typed, in the text of the newest
   * SYMBOL_SCAN_ROWS messages at a time (the index's own copy of the text, narrower than the
   * messages). `next` continues below what was looked through, so "Search older messages" reaches
   * the whole history a window at a time.
   */
  private searchSymbols(query: SearchInput): SearchResult & { rows: SearchRow[] } {
    const scope = this.numberScope(query.number);
    const needle = query.text.trim().normalize('NFC');
    const before = query.before !== undefined ? Number(query.before) : Number.MAX_SAFE_INTEGER;
    const window = this.statements.scanWindow.get(before, this.symbolScanRows);
    if (scope.kind === 'none' || !window || window.floor === null) return this.page([], query.limit, { contacts: [], total: 0, totalCapped: false });
    const reachedStart = window.scanned < this.symbolScanRows;
    const { clauses, params } = this.searchFilters(query, 'm.id');
    clauses.unshift('m.id >= @floor', 'm.id < @before', 'instr(m.body, @needle) > 0');
    Object.assign(params, { floor: window.floor, before, needle });
    if (scope.kind !== 'all') {
      clauses.push(scope.clause);
      Object.assign(params, scope.params);
    }
    const rows = this.db
      .prepare<Record<string, string | number>, SearchRow>(
        `SELECT ${MESSAGE_COLUMNS}, '' AS snippet, ${SHOWN_NAME} AS name FROM messages m LEFT JOIN contacts c ON c.number = m.contact
         WHERE ${clauses.join(' AND ')} ORDER BY m.id DESC LIMIT @limit`,
      )
      .all({ ...params, limit: query.limit + 1 });
    const more = rows.length > query.limit;
    // All of the window's matches are on this page unless there are more: count only then.
    const counted = more ? this.cappedCount('messages m', clauses, params) : { total: rows.length, totalCapped: false };
    const last = rows[Math.min(rows.length, query.limit) - 1];
    const next = more && last ? String(last.id) : reachedStart ? null : String(window.floor);
    // Matches below this window are not counted: the total is then "at least".
    return this.page(rows, query.limit, { contacts: [], total: counted.total, totalCapped: counted.totalCapped || !reachedStart, next });
  }

}


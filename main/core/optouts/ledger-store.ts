import {
  compileKeywords,
  DEFAULT_OPT_IN_KEYWORDS,
  DEFAULT_OPT_OUT_KEYWORDS,
  keywordForm,
  keywordListsKey,
  StoredKeywordLists,
  type KeywordAction,
  type KeywordLists,
  type KeywordMatcher,
  type OptedOutRecord,
  type OptOutEvent,
  type OptOutStatus,
} from '../../../shared/optouts';
import type { Db } from '../db/database';
import { likeFilterParams } from '../db/like-filter';

/**
 * The opt-out ledger in an account's cache: events (keyword messages the sync stored, changes
 * made by hand) and each number's current state, which is its latest event. Events are ordered
 * by time, then manual after keyword, then by tie-break (SMSGlobal's id, zero-padded so it sorts
 * as a number: ids grow with time), so the state does not depend on the order the sync's pages
 * arrived in, even for a STOP and a START in the same second.
 *
 * MessagesStore calls `recordKeywords` inside its write transaction, so a message and the opt-out
 * it carries are committed together or not at all.
 */

/** A keyword message found while writing a batch. */
export interface KeywordHit {
  number: string;
  action: KeywordAction;
  at: number;
  providerId: string;
  messageKey: number;
  text: string;
}

interface EventRow {
  number: string;
  action: 'out' | 'in';
  at: number;
  source: 'keyword' | 'manual';
  provider_id: string | null;
  message_key: number | null;
  text: string | null;
  note: string | null;
}

const EVENT_ORDER = 'at DESC, source = \'manual\' DESC, tiebreak DESC, id DESC';

/** A number's latest event (its state): a few rows of opt_out_events_number. */
export const LATEST_EVENT_SQL = `SELECT id, action, at FROM opt_out_events WHERE number = ? ORDER BY ${EVENT_ORDER} LIMIT 1`;

/** Many numbers at once: one primary-key lookup per table and number. */
export const STATUS_SQL = `SELECT j.value AS requested, e.number, e.action, e.at, e.source, e.provider_id, e.message_key, e.text, e.note, c.blacklist, v.last_inbound_at
  FROM json_each(?) j
  LEFT JOIN opt_out_state s ON s.number = j.value AND s.action = 'out'
  LEFT JOIN opt_out_events e ON e.id = s.event_id
  LEFT JOIN contacts c ON c.number = j.value
  LEFT JOIN conversations v ON v.contact = j.value
  ORDER BY j.key`;

/** The messages whose keyword form is in the lists: each keyword, its index entries, their messages (CROSS JOIN keeps that order). */
export const KEYWORD_MESSAGES_SQL = `SELECT m.id, m.provider_id, m.contact, m.body, m.created_at, f.form
  FROM json_each(?) k CROSS JOIN keyword_forms f ON f.form = k.value CROSS JOIN messages m ON m.id = f.message_key
  WHERE m.direction = 'in'`;

/** SMSGlobal ids are decimal strings that outgrow 2^53: padded, they compare as numbers. */
export function providerTiebreak(providerId: string): string {
  return /^\d{1,40}$/.test(providerId) ? providerId.padStart(40, '0') : providerId;
}

function toEvent(row: EventRow): OptOutEvent {
  return {
    number: row.number,
    action: row.action,
    at: row.at,
    how: row.source,
    text: row.text,
    note: row.note,
    providerId: row.provider_id,
    messageKey: row.message_key === null ? null : String(row.message_key),
  };
}

const DEFAULT_LISTS: KeywordLists = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS };

function parseStoredLists(key: string): KeywordLists {
  try {
    const parsed = StoredKeywordLists.safeParse(JSON.parse(key));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable: fall through to the defaults; the main thread rewrites the row on its next read.
  }
  return DEFAULT_LISTS;
}

export class OptOutLedger {
  private readonly statements;
  private matcherKey: string | null = null;
  private listsKeyFor: KeywordLists | null = null;
  private listsKey = '';
  private matcher: KeywordMatcher = compileKeywords(DEFAULT_LISTS);

  constructor(private readonly db: Db) {
    this.statements = {
      storedLists: db.prepare<[], { lists: string }>('SELECT lists FROM opt_out_keywords WHERE id = 1'),
      storeLists: db.prepare<[string]>('INSERT INTO opt_out_keywords (id, lists) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET lists = excluded.lists'),
      insertForm: db.prepare<[number, string]>('INSERT OR IGNORE INTO keyword_forms (message_key, form) VALUES (?, ?)'),
      insertKeyword: db.prepare<[string, string, number, string, number, string, string, number]>(
        `INSERT OR IGNORE INTO opt_out_events (number, action, at, source, provider_id, message_key, text, tiebreak, recorded_at)
         VALUES (?, ?, ?, 'keyword', ?, ?, ?, ?, ?)`,
      ),
      insertManual: db.prepare<[string, string, number, string, string, number]>(
        `INSERT INTO opt_out_events (number, action, at, source, note, tiebreak, recorded_at) VALUES (?, ?, ?, 'manual', ?, ?, ?)`,
      ),
      latest: db.prepare<[string], { id: number; action: string; at: number }>(LATEST_EVENT_SQL),
      setState: db.prepare<[string, number, string, number]>(
        `INSERT INTO opt_out_state (number, event_id, action, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (number) DO UPDATE SET event_id = excluded.event_id, action = excluded.action, at = excluded.at`,
      ),
      status: db.prepare<[string], EventRow & { requested: string; blacklist: number | null; last_inbound_at: number | null }>(STATUS_SQL),
      optedOutAmong: db.prepare<[string], EventRow>(
        `SELECT e.number, e.action, e.at, e.source, e.provider_id, e.message_key, e.text, e.note
         FROM opt_out_state s JOIN opt_out_events e ON e.id = s.event_id
         WHERE s.action = 'out' AND s.number IN (SELECT value FROM json_each(?))`,
      ),
      history: db.prepare<[string], EventRow>(`SELECT number, action, at, source, provider_id, message_key, text, note FROM opt_out_events WHERE number = ? ORDER BY at, source = 'manual', tiebreak, id`),
      everything: db.prepare<[], EventRow & { name: string | null; current: string }>(
        `SELECT e.number, e.action, e.at, e.source, e.provider_id, e.message_key, e.text, e.note, c.name, s.action AS current
         FROM opt_out_events e JOIN opt_out_state s ON s.number = e.number LEFT JOIN contacts c ON c.number = e.number
         ORDER BY e.number, e.at, e.source = 'manual', e.tiebreak, e.id`,
      ),
    };
  }

  /**
   * The keyword lists the stored events were found with. Read inside the sync's write
   * transaction for every batch of incoming messages (one tiny row), so a batch always uses the
   * lists the main thread last applied, even if they changed in the middle of a sync.
   */
  currentMatcher(): KeywordMatcher {
    const key = this.statements.storedLists.get()?.lists ?? null;
    if (key !== this.matcherKey) {
      this.matcherKey = key;
      this.matcher = compileKeywords(key === null ? DEFAULT_LISTS : parseStoredLists(key));
    }
    return this.matcher;
  }

  /**
   * Adds a batch's keyword forms (short incoming texts) and its keyword messages, and updates
   * those numbers' state. Call inside the batch's transaction.
   */
  recordKeywords(forms: readonly [messageKey: number, form: string][], hits: readonly KeywordHit[], now: number): void {
    for (const [key, form] of forms) this.statements.insertForm.run(key, form);
    if (hits.length === 0) return;
    const numbers = new Set<string>();
    for (const hit of hits) if (this.insertHit(hit, now)) numbers.add(hit.number);
    for (const number of numbers) this.refreshState(number);
  }

  private insertHit(hit: KeywordHit, now: number): boolean {
    return this.statements.insertKeyword.run(hit.number, hit.action, hit.at, hit.providerId, hit.messageKey, hit.text, providerTiebreak(hit.providerId), now).changes > 0;
  }

  private refreshState(number: string): void {
    const latest = this.statements.latest.get(number);
    if (latest) this.statements.setState.run(number, latest.id, latest.action, latest.at);
  }

  /**
   * A change made by hand. It takes effect now, and never before the number's latest event: the
   * user decided with that event in view, and this computer's clock may be behind SMSGlobal's.
   */
  recordManual(number: string, action: KeywordAction, note: string, now: number): OptOutEvent {
    return this.db.transaction(() => {
      const latest = this.statements.latest.get(number);
      const at = Math.max(now, latest ? latest.at + 1 : 0);
      this.statements.insertManual.run(number, action, at, note, String(now).padStart(40, '0'), now);
      this.refreshState(number);
      return { number, action, at, how: 'manual' as const, text: null, note, providerId: null, messageKey: null };
    }).immediate();
  }

  /**
   * Applies the keyword lists: when they differ from the ones the events were found with, every
   * keyword event is found again from the cached history (manual events stay) and every state
   * recomputed, in one transaction. Answers whether anything was rebuilt.
   */
  applyKeywords(lists: KeywordLists, now: number): boolean {
    // The service hands the same lists object until Settings change: normalising every word
    // again on each read would cost more than the read.
    if (this.listsKeyFor !== lists) {
      this.listsKey = keywordListsKey(lists);
      this.listsKeyFor = lists;
    }
    const key = this.listsKey;
    // Checked before taking the write lock too: the answer is nearly always "unchanged", and a
    // sync batch holding the lock would otherwise delay every read that asks.
    if (this.statements.storedLists.get()?.lists === key) return false;
    return this.db.transaction(() => {
      if (this.statements.storedLists.get()?.lists === key) return false;
      this.statements.storeLists.run(key);
      const matcher = this.currentMatcher();
      this.db.prepare("DELETE FROM opt_out_events WHERE source = 'keyword'").run();
      // Only the messages whose keyword form is in a list: an index lookup, however long the history.
      const found = this.db
        .prepare<[string], { id: number; provider_id: string | null; contact: string; body: string; created_at: number; form: string }>(KEYWORD_MESSAGES_SQL)
        .all(JSON.stringify([...matcher.forms.out, ...matcher.forms.in]));
      for (const row of found) {
        // A form is written once per message key; a key reused for another text would not match.
        if (keywordForm(row.body) !== row.form) continue;
        const action = matcher.lookup(row.form);
        if (action && row.provider_id !== null) this.insertHit({ number: row.contact, action, at: row.created_at, providerId: row.provider_id, messageKey: row.id, text: row.body }, now);
      }
      this.db.exec(`DELETE FROM opt_out_state;
        INSERT INTO opt_out_state (number, event_id, action, at)
          SELECT number, id, action, at FROM (SELECT number, id, action, at, row_number() OVER (PARTITION BY number ORDER BY ${EVENT_ORDER}) AS n FROM opt_out_events) WHERE n = 1;`);
      return true;
    }).immediate();
  }

  /**
   * What the app knows about messaging each number, in the order asked: opted out (since when,
   * how, the evidence), blacklisted by SMSGlobal, and the customer's latest message. One query
   * for the whole list: campaigns ask about thousands of numbers at once.
   */
  status(numbers: readonly string[]): OptOutStatus[] {
    if (numbers.length === 0) return [];
    return this.statements.status.all(JSON.stringify(numbers)).map((row) => {
      const optedOut = row.number === null ? null : toEvent(row);
      const blacklisted = row.blacklist === 1;
      return { number: row.requested, optedOut, blacklisted, blocked: optedOut !== null || blacklisted, lastInboundAt: row.last_inbound_at };
    });
  }

  /**
   * The opt-out events of those of these numbers that are opted out now, in no order. A campaign's
   * check asks this for every batch of a 100,000-row file: one `IN` lookup per number, nothing
   * read for the numbers that are not opted out (nearly all of them).
   */
  optedOutAmong(numbers: readonly string[]): OptOutEvent[] {
    if (numbers.length === 0) return [];
    return this.statements.optedOutAmong.all(JSON.stringify(numbers)).map(toEvent);
  }

  /** Numbers whose latest event is an opt-out, newest first, for the Opted out tab. */
  optedOut(query: { filter?: string | undefined; offset: number; limit: number }): { total: number; items: OptedOutRecord[] } {
    const clauses = ["s.action = 'out'"];
    const params: Record<string, string | number> = { limit: query.limit, offset: query.offset };
    if (query.filter) {
      clauses.push("(c.name LIKE @like ESCAPE '\\' OR instr(s.number, @digits) > 0 OR e.text LIKE @like ESCAPE '\\' OR e.note LIKE @like ESCAPE '\\')");
      Object.assign(params, likeFilterParams(query.filter));
    }
    const from = `FROM opt_out_state s JOIN opt_out_events e ON e.id = s.event_id LEFT JOIN contacts c ON c.number = s.number WHERE ${clauses.join(' AND ')}`;
    const total = this.db.prepare<Record<string, string | number>, { n: number }>(`SELECT count(*) AS n ${from}`).get(params)?.n ?? 0;
    const rows = this.db
      .prepare<Record<string, string | number>, EventRow & { name: string | null }>(
        `SELECT e.number, e.action, e.at, e.source, e.provider_id, e.message_key, e.text, e.note, c.name ${from} ORDER BY s.at DESC, s.number LIMIT @limit OFFSET @offset`,
      )
      .all(params);
    return { total, items: rows.map((row) => ({ ...toEvent(row), name: row.name === '' ? null : row.name })) };
  }

  /** Every change to one number, oldest first. */
  history(number: string): OptOutEvent[] {
    return this.statements.history.all(number).map(toEvent);
  }

  /** The whole ledger, number by number and oldest first, with each number's current state (the CSV evidence). */
  *allEvents(): Generator<OptOutEvent & { name: string | null; current: 'out' | 'in' }> {
    for (const row of this.statements.everything.iterate()) {
      yield { ...toEvent(row), name: row.name === '' ? null : row.name, current: row.current === 'out' ? 'out' : 'in' };
    }
  }
}

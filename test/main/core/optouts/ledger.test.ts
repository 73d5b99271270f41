import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage, OutgoingMessage } from '../../../../main/core/api/client';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { ContactsStore } from '../../../../main/core/db/contacts-store';
import { openDatabase } from '../../../../main/core/db/database';
import { MessagesStore } from '../../../../main/core/db/messages-store';
import { KEYWORD_MESSAGES_SQL, LATEST_EVENT_SQL, STATUS_SQL } from '../../../../main/core/optouts/ledger-store';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../../shared/optouts';
import { tempDir } from '../../../helpers/temp';

const T0 = Date.UTC(2025, 2, 3, 9);
const A = '61400000001';
const B = '61400000002';
const C = '61400000003';
const DEFAULTS = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS };

const incoming = (id: number | string, from: string, message: string, at: number): IncomingMessage => ({
  id: String(id),
  from,
  to: '61480000001',
  message,
  createdAt: at,
  createdDate: new Date(at).toISOString(),
});

function cache(file = path.join(tempDir(), 'cache.sqlite3')) {
  const db = openDatabase(file, { migrations: accountMigrations, synchronous: 'NORMAL' });
  const messages = new MessagesStore(db);
  return { db, file, messages, ledger: messages.optOuts, contacts: new ContactsStore(db) };
}

/** What the ledger must say: each number's latest keyword message (time, then SMSGlobal id). */
function expectedState(history: readonly IncomingMessage[]): Map<string, 'out' | 'in'> {
  const words: Record<string, 'out' | 'in'> = { STOP: 'out', 'stop!': 'out', Unsubscribe: 'out', START: 'in', 'Start.': 'in', unstop: 'in' };
  const latest = new Map<string, IncomingMessage>();
  for (const m of history) {
    if (!(m.message in words)) continue;
    const current = latest.get(m.from);
    const later = !current || m.createdAt > current.createdAt || (m.createdAt === current.createdAt && BigInt(m.id) > BigInt(current.id));
    if (later) latest.set(m.from, m);
  }
  return new Map([...latest].map(([number, m]) => [number, words[m.message] as 'out' | 'in']));
}

function stateOf(ledger: MessagesStore['optOuts'], numbers: readonly string[]): Map<string, 'out' | 'in'> {
  const state = new Map<string, 'out' | 'in'>();
  for (const s of ledger.status(numbers)) {
    if (s.optedOut) state.set(s.number, 'out');
    else if (ledger.history(s.number).length > 0) state.set(s.number, 'in');
  }
  return state;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('opt-out ledger', () => {
  it('a STOP opts the number out as of that message, with the message as evidence', () => {
    const { db, messages, ledger } = cache();
    messages.upsertIncoming([incoming(11, A, 'Where is my parcel?', T0), incoming(12, A, 'Stop!', T0 + 60_000), incoming(13, B, 'stop please', T0)], () => true);
    const [a, b] = ledger.status([A, B]);
    expect(a).toMatchObject({ number: A, blocked: true, blacklisted: false, lastInboundAt: T0 + 60_000 });
    expect(a?.optedOut).toMatchObject({ action: 'out', at: T0 + 60_000, how: 'keyword', text: 'Stop!', providerId: '12', note: null });
    const key = a?.optedOut?.messageKey;
    expect(db.prepare('SELECT raw_message FROM messages WHERE id = ?').get(Number(key))).toEqual({ raw_message: 'Stop!' });
    expect(b).toMatchObject({ optedOut: null, blocked: false });
    db.close();
  });

  it('STOP and START in every order of time and of arrival give the latest word', () => {
    const words = ['STOP', 'START', 'STOP', 'Where is my order?'];
    const { db, messages, ledger } = cache();
    const outcomes = new Set<string>();
    for (const times of permutations([0, 1, 2, 3])) {
      const history = words.map((word, i) => incoming(100 + i, A, word, T0 + (times[i] as number) * 60_000));
      const expected = expectedState(history);
      outcomes.add(expected.get(A) ?? 'none');
      // Every arrival order, one message per page (the worst case for an order-dependent ledger).
      for (const arrival of permutations(history)) {
        db.exec('DELETE FROM messages; DELETE FROM messages_fts; DELETE FROM conversations; DELETE FROM opt_out_events; DELETE FROM opt_out_state; DELETE FROM keyword_forms;');
        for (const m of arrival) messages.upsertIncoming([m], () => true);
        expect(stateOf(ledger, [A]), `times ${times.join(',')}, arrival ${arrival.map((m) => m.id).join(',')}`).toEqual(expected);
      }
    }
    // Both outcomes occur: the test covers histories that end opted out and opted back in.
    expect([...outcomes].sort()).toEqual(['in', 'out']);
    db.close();
  });

  it('a STOP and a START in the same second: the later SMSGlobal id wins, whatever arrives first', () => {
    for (const [stopId, startId, winner] of [
      ['9007199254740993', '9007199254740992', 'out'],
      ['9007199254740992', '9007199254740993', 'in'],
      ['999', '1000', 'in'],
    ] as const) {
      for (const order of [0, 1]) {
        const { db, messages, ledger } = cache();
        const stop = incoming(stopId, A, 'STOP', T0);
        const start = incoming(startId, A, 'START', T0);
        for (const m of order === 0 ? [stop, start] : [start, stop]) messages.upsertIncoming([m], () => true);
        expect(stateOf(ledger, [A]).get(A), `${stopId} vs ${startId}`).toBe(winner);
        db.close();
      }
    }
  });

  it('any history split into pages in any order gives the same final state per number (property)', () => {
    const word = fc.constantFrom('STOP', 'stop!', 'Unsubscribe', 'START', 'Start.', 'unstop', 'hello', 'stop please', 'ok');
    const message = fc.record({ from: fc.constantFrom(A, B, C), word, second: fc.integer({ min: 0, max: 40 }) });
    const { db, messages, ledger } = cache();
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 25 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 25 }), fc.infiniteStream(fc.nat()), (drafts, pageSizes, seeds) => {
        const history = drafts.map((d, i) => incoming(5000 + i, d.from, d.word, T0 + d.second * 1000));
        // Pages of varying sizes, written in a shuffled order.
        const pages: IncomingMessage[][] = [];
        for (let i = 0, p = 0; i < history.length; p++) {
          const size = pageSizes[p % pageSizes.length] as number;
          pages.push(history.slice(i, i + size));
          i += size;
        }
        const shuffled = pages.map((page) => ({ page, key: seeds.next().value as number })).sort((x, y) => x.key - y.key);
        db.exec('DELETE FROM messages; DELETE FROM messages_fts; DELETE FROM conversations; DELETE FROM opt_out_events; DELETE FROM opt_out_state; DELETE FROM keyword_forms;');
        for (const { page } of shuffled) messages.upsertIncoming(page, () => true);
        expect(stateOf(ledger, [A, B, C])).toEqual(expectedState(history));
      }),
      { numRuns: 200 },
    );
    db.close();
  });

  it('reading the same messages again adds no event; outgoing messages are never keywords', () => {
    const { db, messages, ledger } = cache();
    const stop = incoming(1, A, 'STOP', T0);
    messages.upsertIncoming([stop], () => true);
    messages.upsertIncoming([stop], () => true);
    const out: OutgoingMessage = { id: '2', recipient: B, status: 'sent', state: '', message: 'STOP', createdAt: T0, createdDate: new Date(T0).toISOString() };
    messages.upsertOutgoing([out]);
    expect(ledger.history(A)).toHaveLength(1);
    expect(ledger.history(B)).toEqual([]);
    db.close();
  });

  it('is written in the message batch’s transaction: a batch rolled back leaves no opt-out', () => {
    const { db, messages, ledger } = cache();
    expect(() =>
      db.transaction(() => {
        messages.upsertIncoming([incoming(1, A, 'STOP', T0)], () => true);
        throw new Error('the process died here');
      })(),
    ).toThrow('the process died here');
    expect(ledger.status([A])[0]?.optedOut).toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM opt_out_events').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    db.close();
  });

  it('manual changes are events with a time and a note, never dated before the latest event', () => {
    const { db, messages, ledger } = cache();
    ledger.recordManual(B, 'out', 'Asked by phone', T0);
    expect(ledger.status([B])[0]?.optedOut).toMatchObject({ how: 'manual', note: 'Asked by phone', at: T0, text: null });
    // A keyword message later than the manual change decides again.
    messages.upsertIncoming([incoming(7, B, 'START', T0 + 60_000)], () => true);
    expect(ledger.status([B])[0]?.optedOut).toBeNull();
    // This computer's clock is behind the message's: the change is dated just after it, not before.
    const back = ledger.recordManual(B, 'out', 'Called again to complain', T0);
    expect(back.at).toBe(T0 + 60_001);
    expect(ledger.status([B])[0]?.optedOut).toMatchObject({ how: 'manual', note: 'Called again to complain' });
    ledger.recordManual(B, 'in', 'Signed the paper form', T0 + 120_000);
    expect(ledger.status([B])[0]?.optedOut).toBeNull();
    expect(ledger.history(B).map((e) => [e.how, e.action, e.note ?? e.text])).toEqual([
      ['manual', 'out', 'Asked by phone'],
      ['keyword', 'in', 'START'],
      ['manual', 'out', 'Called again to complain'],
      ['manual', 'in', 'Signed the paper form'],
    ]);
    db.close();
  });

  it('answers many numbers at once, in order, with SMSGlobal’s blacklist', () => {
    const { db, messages, ledger, contacts } = cache();
    messages.upsertIncoming([incoming(1, A, 'STOP', T0), incoming(2, C, 'hello', T0 + 5000)], () => true);
    contacts.save([{ number: B, name: 'Bea', optedIn: true, capable: true, blacklist: true }]);
    const numbers = [C, B, A, '61499999999'];
    const answer = ledger.status(numbers);
    expect(answer.map((s) => [s.number, s.blocked, s.blacklisted, s.optedOut?.action ?? null, s.lastInboundAt])).toEqual([
      [C, false, false, null, T0 + 5000],
      [B, true, true, null, null],
      [A, true, false, 'out', T0],
      ['61499999999', false, false, null, null],
    ]);
    const many = Array.from({ length: 5000 }, (_, i) => `6141${String(i).padStart(7, '0')}`);
    expect(ledger.status([...many, A]).filter((s) => s.blocked).map((s) => s.number)).toEqual([A]);
    db.close();
  });

  it('finds the keyword events again when the lists change; manual events stay', () => {
    const { db, messages, ledger } = cache();
    expect(ledger.applyKeywords(DEFAULTS, T0)).toBe(true);
    expect(ledger.applyKeywords({ optOut: [...DEFAULT_OPT_OUT_KEYWORDS].reverse(), optIn: DEFAULT_OPT_IN_KEYWORDS }, T0)).toBe(false);
    messages.upsertIncoming([incoming(1, A, 'Pare!', T0), incoming(2, B, 'END', T0), incoming(3, C, 'stop', T0)], () => true);
    ledger.recordManual(C, 'in', 'Rejoined at the counter', T0 + 1000);
    expect(ledger.status([A, B, C]).map((s) => s.blocked)).toEqual([false, true, false]);
    // "PARE" added, "END" removed (a customer's "end" was about their booking).
    const lists = { optOut: [...DEFAULT_OPT_OUT_KEYWORDS.filter((w) => w !== 'END'), 'PARE'], optIn: DEFAULT_OPT_IN_KEYWORDS };
    expect(ledger.applyKeywords(lists, T0 + 2000)).toBe(true);
    expect(ledger.status([A, B, C]).map((s) => s.blocked)).toEqual([true, false, false]);
    expect(ledger.history(C).map((e) => e.how)).toEqual(['keyword', 'manual']);
    // The sync's write path uses the applied lists from now on.
    messages.upsertIncoming([incoming(4, B, 'pare', T0 + 3000)], () => true);
    expect(ledger.status([B])[0]?.optedOut?.text).toBe('pare');
    db.close();
  });

  it('the sync thread’s connection follows lists applied by the main thread mid-sync', () => {
    const main = cache();
    const worker = cache(main.file);
    worker.messages.upsertIncoming([incoming(1, A, 'PARE', T0)], () => true);
    expect(worker.ledger.status([A])[0]?.blocked).toBe(false);
    main.ledger.applyKeywords({ optOut: ['PARE'], optIn: ['VOLVER'] }, T0);
    expect(main.ledger.status([A])[0]?.blocked).toBe(true);
    worker.messages.upsertIncoming([incoming(2, B, 'pare', T0), incoming(3, C, 'STOP', T0)], () => true);
    expect(main.ledger.status([B, C]).map((s) => s.blocked)).toEqual([true, false]);
    worker.db.close();
    main.db.close();
  });

  it('lists the opted-out numbers newest first, with a filter', () => {
    const { db, messages, ledger, contacts } = cache();
    contacts.save([{ number: A, name: 'Ana Lima', optedIn: true, capable: null, blacklist: null }]);
    messages.upsertIncoming([incoming(1, A, 'STOP', T0), incoming(2, B, 'baja', T0 + 1000), incoming(3, C, 'STOP', T0 + 2000), incoming(4, C, 'START', T0 + 3000)], () => true);
    ledger.recordManual('61400000009', 'out', 'Wrote to the shop email', T0 + 5000);
    const page = ledger.optedOut({ offset: 0, limit: 10 });
    expect(page.total).toBe(3);
    expect(page.items.map((r) => [r.number, r.how, r.text ?? r.note])).toEqual([
      ['61400000009', 'manual', 'Wrote to the shop email'],
      [B, 'keyword', 'baja'],
      [A, 'keyword', 'STOP'],
    ]);
    expect(page.items[2]?.name).toBe('Ana Lima');
    expect(ledger.optedOut({ filter: 'ana', offset: 0, limit: 10 }).items.map((r) => r.number)).toEqual([A]);
    expect(ledger.optedOut({ filter: '0002', offset: 0, limit: 10 }).items.map((r) => r.number)).toEqual([B]);
    expect(ledger.optedOut({ filter: 'email', offset: 0, limit: 10 }).total).toBe(1);
    expect(ledger.optedOut({ offset: 1, limit: 1 }).items.map((r) => r.number)).toEqual([B]);
    db.close();
  });

  it('its queries ride their indexes', () => {
    const { db } = cache();
    const plan = (sql: string, ...params: unknown[]): string =>
      db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((r) => r.detail)
        .join('\n');
    const status = plan(STATUS_SQL, '[]');
    expect(status).toMatch(/SEARCH s USING INDEX sqlite_autoindex_opt_out_state_1 \(number=\?\)/);
    expect(status).toMatch(/SEARCH e USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(status).toMatch(/SEARCH c USING INDEX sqlite_autoindex_contacts_1 \(number=\?\)/);
    expect(status).toMatch(/SEARCH v USING INDEX sqlite_autoindex_conversations_1 \(contact=\?\)/);
    const keywords = plan(KEYWORD_MESSAGES_SQL, '[]');
    expect(keywords).toMatch(/SEARCH f USING PRIMARY KEY \(form=\?\)/);
    expect(keywords).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan(LATEST_EVENT_SQL, A)).toMatch(/SEARCH opt_out_events USING INDEX opt_out_events_number \(number=\?\)/);
    db.close();
  });
});

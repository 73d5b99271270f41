import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARK_START } from '../../../../shared/history';
import type { IncomingMessage, OutgoingMessage } from '../../../../main/core/api/client';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { ContactsStore } from '../../../../main/core/db/contacts-store';
import { openDatabase } from '../../../../main/core/db/database';
import { foldToken, MAX_EXPANDED_TERMS, prefixUpperBound, toFtsQuery } from '../../../../main/core/db/fts-query';
import { HistoryQueries } from '../../../../main/core/db/history-queries';
import { MessagesStore } from '../../../../main/core/db/messages-store';
import { csvCell, toCsv } from '../../../../main/core/export/csv';
import { tempDir } from '../../../helpers/temp';

const T0 = Date.UTC(2026, 0, 1);
const incoming = (id: number, from: string, message: string, at: number): IncomingMessage => ({ id: String(id), from, to: '61480000001', message, createdAt: at, createdDate: new Date(at).toISOString() });
const outgoing = (id: number, to: string, message: string, at: number, status = 'sent'): OutgoingMessage => ({ id: String(id), recipient: to, status, state: '', message, createdAt: at, createdDate: new Date(at).toISOString() });

function cache() {
  const db = openDatabase(path.join(tempDir(), 'cache.sqlite3'), { migrations: accountMigrations });
  return { db, messages: new MessagesStore(db), queries: new HistoryQueries(db), contacts: new ContactsStore(db) };
}

describe('message cache', () => {
  it('upserts by provider id, keeps conversations and the FTS index in step', () => {
    const { db, messages, queries } = cache();
    const unread = (): boolean => false;
    expect(messages.upsertIncoming([incoming(1, '61400000001', 'Is the parcel ready?', T0)], unread).inserted).toBe(1);
    expect(messages.upsertIncoming([incoming(1, '61400000001', 'Is the parcel ready?', T0)], unread).inserted).toBe(0);
    messages.upsertOutgoing([outgoing(2, '61400000001', 'Yes, come by at 3pm', T0 + 60_000)]);
    const updated = messages.upsertOutgoing([outgoing(2, '61400000001', 'Yes, come by at 3pm', T0 + 60_000, 'DELIVRD')]);
    expect(updated).toMatchObject({ inserted: 0, updated: 1 });
    const conversation = queries.conversation('61400000001', T0 + 120_000);
    expect(conversation).toMatchObject({ unread: 1, lastPreview: 'Yes, come by at 3pm', lastStatus: 'delivered', lastDirection: 'out', windowOpen: true });
    expect(queries.conversation('61400000001', T0 + 25 * 3600_000)?.windowOpen).toBe(false);
    expect(messages.markRead('61400000001')).toBe(1);
    expect(queries.conversation('61400000001')?.unread).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM messages_fts').get()).toEqual({ n: 2 });
    db.close();
  });

  it('keeps messages of the same millisecond apart and in order', () => {
    const { db, messages, queries } = cache();
    messages.upsertIncoming([incoming(10, '61400000002', 'first', T0), incoming(11, '61400000002', 'second', T0), incoming(12, '61400000002', 'third', T0)], () => true);
    expect(queries.thread({ contact: '61400000002', limit: 10 }).items.map((m) => m.preview)).toEqual(['first', 'second', 'third']);
    db.close();
  });

  it('pages threads older, newer and around a message', () => {
    const { db, messages, queries } = cache();
    messages.upsertIncoming(
      Array.from({ length: 30 }, (_, i) => incoming(100 + i, '61400000003', `message ${i}`, T0 + i * 1000)),
      () => true,
    );
    const latest = queries.thread({ contact: '61400000003', limit: 10 });
    expect(latest.items.map((m) => m.preview)).toEqual(Array.from({ length: 10 }, (_, i) => `message ${20 + i}`));
    expect(latest).toMatchObject({ hasOlder: true, hasNewer: false });
    const older = queries.thread({ contact: '61400000003', limit: 10, before: latest.items[0]?.key });
    expect(older.items[9]?.preview).toBe('message 19');
    const centre = latest.items[0]?.key ?? '';
    const around = queries.thread({ contact: '61400000003', limit: 10, around: older.items[5]?.key });
    expect(around.items.map((m) => m.preview)).toContain('message 15');
    expect(around).toMatchObject({ hasOlder: true, hasNewer: true });
    expect(centre).not.toBe('');
    db.close();
  });

  it('searches words and prefixes with marked snippets, names, and filters', () => {
    const { db, messages, queries, contacts } = cache();
    messages.upsertIncoming([incoming(1, '61400000004', 'Where is my parcel?', T0)], () => true);
    messages.upsertOutgoing([outgoing(2, '61400000005', JSON.stringify({ type: 'document', url: 'https://x.example/a.pdf', filename: 'invoice-2044.pdf', caption: 'Your invoice' }), T0 + 1000)]);
    contacts.save([{ number: '61400000004', name: 'Zoë Parcelle', optedIn: true, capable: true, blacklist: false }]);
    const parcel = queries.search({ text: 'parc', limit: 10 });
    expect(parcel.hits).toHaveLength(1);
    expect(parcel.hits[0]?.snippet).toContain(MARK_START);
    expect(parcel.hits[0]?.name).toBe('Zoë Parcelle');
    expect(parcel.contacts).toEqual([{ contact: '61400000004', name: 'Zoë Parcelle' }]);
    expect(queries.search({ text: 'invoice 2044', limit: 10 }).hits[0]?.message.content).toMatchObject({ type: 'document', filename: 'invoice-2044.pdf' });
    expect(queries.search({ text: 'zoe', limit: 10 }).contacts).toHaveLength(1);
    expect(queries.search({ text: 'invoice', direction: 'in', limit: 10 }).hits).toHaveLength(0);
    expect(queries.search({ text: 'invoice', number: '0005', limit: 10 }).hits).toHaveLength(1);
    expect(queries.search({ text: 'invoice', to: T0, limit: 10 }).hits).toHaveLength(0);
    // Operators and quotes are just text.
    expect(() => queries.search({ text: 'NEAR( "a OR b* ) AND', limit: 10 })).not.toThrow();
    db.close();
  });

  it('finds whole words past the longest prefix index, with accents and case folded', () => {
    const { db, messages, queries } = cache();
    messages.upsertIncoming(
      [
        incoming(1, '61400000001', 'Your parcel was delivered today', T0),
        incoming(2, '61400000002', 'When is the delivery window?', T0 + 1000),
        incoming(3, '61400000003', 'Parcel undelivered, please call', T0 + 2000),
        incoming(4, '61400000004', 'Envoyé par la Délivrance centrale', T0 + 3000),
        incoming(5, '61400000005', 'Delivered to the wrong parcel locker', T0 + 4000),
      ],
      () => true,
    );
    const ids = (text: string): string[] => queries.search({ text, limit: 10 }).hits.map((h) => h.message.providerId ?? '');
    expect(ids('deliver')).toEqual(['5', '2', '1']);
    expect(ids('DELIVERED')).toEqual(['5', '1']);
    expect(ids('parcel delivered')).toEqual(['5', '1']);
    expect(ids('delivra')).toEqual(['4']);
    expect(ids('délivrance')).toEqual(['4']);
    expect(ids('deliverance')).toEqual([]);
    // The words before the last are matched whole, as before.
    expect(ids('delivere parcel')).toEqual([]);
    db.close();
  });

  it('counts matches up to a thousand, then says "1,000+"', () => {
    const { db, messages, queries } = cache();
    messages.upsertIncoming(
      Array.from({ length: 1003 }, (_, i) => incoming(i + 1, `6140000${String(i % 50).padStart(4, '0')}`, i % 100 === 0 ? 'parcel refund please' : 'parcel arrived', T0 + i * 1000)),
      () => true,
    );
    expect(queries.search({ text: 'refund', limit: 5 })).toMatchObject({ total: 11, totalCapped: false });
    const many = queries.search({ text: 'parcel', limit: 5 });
    expect(many).toMatchObject({ total: 1000, totalCapped: true, hasMore: true });
    expect(many.next).toBe(many.hits[4]?.message.key);
    // The total is the whole search's, on every page.
    expect(queries.search({ text: 'refund', limit: 5, before: many.next ?? undefined })).toMatchObject({ total: 11 });
    db.close();
  });

  it('searches words for one number whether the customer has few messages or thousands, and counts them', () => {
    const { db, messages, queries } = cache();
    messages.upsertIncoming(
      Array.from({ length: 2100 }, (_, i) => incoming(i + 1, '61400000001', i % 2 === 0 ? `parcel ${i}` : `refund ${i}`, T0 + i * 1000)),
      () => true,
    );
    messages.upsertOutgoing([outgoing(5000, '61400000002', 'your parcel left', T0 + 5_000_000), outgoing(5001, '61400000001', 'parcel sent', T0 + 5_000_001)]);
    // Few messages: read the customer's own, newest first.
    expect(queries.search({ text: 'parcel', number: '0400 000 002', limit: 5 })).toMatchObject({ total: 1, totalCapped: false, hits: [{ message: { preview: 'your parcel left' } }] });
    // Thousands: walk the word's matches; the count stops at the cap.
    const big = queries.search({ text: 'parcel', number: '0400 000 001', limit: 3 });
    expect(big.hits.map((h) => h.message.preview)).toEqual(['parcel sent', 'parcel 2098', 'parcel 2096']);
    expect(big).toMatchObject({ total: 1000, totalCapped: true });
    const page2 = queries.search({ text: 'parcel', number: '0400 000 001', limit: 3, before: big.next ?? undefined });
    expect(page2.hits.map((h) => h.message.preview)).toEqual(['parcel 2094', 'parcel 2092', 'parcel 2090']);
    // Filters on the message itself: counted among the word's matches.
    expect(queries.search({ text: 'parcel', direction: 'out', limit: 5 })).toMatchObject({ total: 2, totalCapped: false });
    db.close();
  });

  it('lists a number’s messages when there are no words, newest first, page by page', () => {
    const { db, messages, queries, contacts } = cache();
    messages.upsertIncoming(Array.from({ length: 7 }, (_, i) => incoming(i + 1, '61442000022', `question ${i}`, T0 + i * 1000)), () => true);
    messages.upsertOutgoing([outgoing(20, '61442000022', 'answer', T0 + 60_000), outgoing(21, '61442000033', 'other', T0 + 61_000), outgoing(22, '61442000044', 'third', T0 + 62_000)]);
    contacts.save([{ number: '61442000022', name: 'Wei Clarke', optedIn: true, capable: true, blacklist: false }]);
    const first = queries.search({ text: '', number: '0442 000 022', limit: 5 });
    expect(first.hits.map((h) => h.message.preview)).toEqual(['answer', 'question 6', 'question 5', 'question 4', 'question 3']);
    expect(first).toMatchObject({ total: 8, totalCapped: false, hasMore: true });
    expect(first.hits[0]?.name).toBe('Wei Clarke');
    const second = queries.search({ text: '', number: '0442 000 022', limit: 5, before: first.next ?? undefined });
    expect(second.hits.map((h) => h.message.preview)).toEqual(['question 2', 'question 1', 'question 0']);
    expect(second).toMatchObject({ hasMore: false, next: null });
    // Part of a number: every conversation it is part of.
    expect(queries.search({ text: '', number: '0442 000', limit: 3 }).hits.map((h) => h.message.preview)).toEqual(['third', 'other', 'answer']);
    expect(queries.search({ text: '', number: '0442 000', direction: 'in', limit: 3 }).hits.map((h) => h.message.preview)).toEqual(['question 6', 'question 5', 'question 4']);
    expect(queries.search({ text: '', number: '0499', limit: 3 })).toMatchObject({ hits: [], total: 0, next: null });
    db.close();
  });

  it('finds emoji and symbols the full-text index drops, a window of messages at a time', () => {
    const { db, messages } = cache();
    const queries = new HistoryQueries(db, () => 'AU', 4);
    messages.upsertIncoming(
      [
        incoming(1, '61400000001', 'Perfect, thanks 👍', T0),
        incoming(2, '61400000002', 'See you soon ❤️', T0 + 1000),
        incoming(3, '61400000003', 'thanks a lot', T0 + 2000),
        incoming(4, '61400000004', '👍', T0 + 3000),
        incoming(5, '61400000005', 'ok', T0 + 4000),
        incoming(6, '61400000006', 'great', T0 + 5000),
        incoming(7, '61400000007', 'fine', T0 + 6000),
      ],
      () => true,
    );
    const previews = (result: { hits: { message: { preview: string } }[] }): string[] => result.hits.map((h) => h.message.preview);
    // The newest 4 messages hold one 👍; the rest of the history is reached by continuing.
    const first = queries.search({ text: '👍', limit: 10 });
    expect(previews(first)).toEqual(['👍']);
    expect(first).toMatchObject({ total: 1, totalCapped: true, hasMore: true });
    const older = queries.search({ text: '👍', limit: 10, before: first.next ?? undefined });
    expect(previews(older)).toEqual(['Perfect, thanks 👍']);
    expect(older).toMatchObject({ hasMore: false, next: null });
    expect(previews(new HistoryQueries(db).search({ text: '❤️', limit: 10 }))).toEqual(['See you soon ❤️']);
    // Words and a symbol: the words find the messages, the symbol must be there too.
    expect(previews(queries.search({ text: 'thanks 👍', limit: 10 }))).toEqual(['Perfect, thanks 👍']);
    expect(previews(queries.search({ text: '👍', number: '0400 000 004', limit: 10 }))).toEqual(['👍']);
    db.close();
  });

  it('filters the outbox by status, dates and number', () => {
    const { db, messages, queries } = cache();
    messages.upsertOutgoing([
      outgoing(1, '61400000006', 'a', T0, 'delivered'),
      outgoing(2, '61400000007', 'b', T0 + 86_400_000, 'failed'),
      outgoing(3, '61400000006', 'c', T0 + 2 * 86_400_000, 'read'),
    ]);
    expect(queries.outbox({}, 0, 10).total).toBe(3);
    expect(queries.outbox({ status: 'failed' }, 0, 10).items.map((m) => m.preview)).toEqual(['b']);
    expect(queries.outbox({ from: T0 + 1000, to: T0 + 86_400_000 }, 0, 10).items.map((m) => m.preview)).toEqual(['b']);
    expect(queries.outbox({ number: '+61 400 000 006' }, 0, 10).items.map((m) => m.preview)).toEqual(['c', 'a']);
    db.close();
  });

  it('reads number filters the way the composer reads numbers: local, international, or part of one', () => {
    const { db, messages, contacts } = cache();
    const queries = new HistoryQueries(db, () => 'AU');
    messages.upsertIncoming([incoming(1, '61442000022', 'Is my order ready?', T0), incoming(2, '61427000008', 'Thanks for the order', T0 + 1000)], () => true);
    messages.upsertOutgoing([outgoing(3, '61442000022', 'Your order is ready', T0 + 2000), outgoing(4, '61427000008', 'Your order shipped', T0 + 3000)]);
    contacts.save([{ number: '61442000022', name: 'Wei Clarke', optedIn: true, capable: true, blacklist: false }]);
    const conversations = (filter: string): string[] => queries.conversations(0, 10, filter).items.map((c) => c.contact);
    const outbox = (number: string): string[] => queries.outbox({ number }, 0, 10).items.map((m) => m.preview);
    const search = (number: string): string[] => queries.search({ text: 'order', number, limit: 10 }).hits.map((h) => h.message.preview);
    for (const typed of ['0442000022', '0442 000 022', '+61442000022', '+61 442 000 022', '61442000022', '442 000']) {
      expect(conversations(typed), typed).toEqual(['61442000022']);
      expect(outbox(typed), typed).toEqual(['Your order is ready']);
      expect(search(typed), typed).toEqual(['Your order is ready', 'Is my order ready?']);
    }
    for (const typed of ['0427 000 008', '0427000008', '+61 427 000 008', '0427 0']) {
      expect(conversations(typed), typed).toEqual(['61427000008']);
      expect(outbox(typed), typed).toEqual(['Your order shipped']);
    }
    expect(conversations('Wei')).toEqual(['61442000022']);
    // A United Kingdom shop types its own local numbers.
    messages.upsertIncoming([incoming(5, '447700900012', 'Hello', T0 + 4000)], () => true);
    expect(new HistoryQueries(db, () => 'GB').conversations(0, 10, '07700 900012').items.map((c) => c.contact)).toEqual(['447700900012']);
    db.close();
  });
});

describe('pure helpers', () => {
  it('quotes every word of a search and prefixes the last', () => {
    expect(toFtsQuery('  hello wor ')).toBe('"hello" AND "wor"*');
    expect(toFtsQuery('a"b OR c')).toBe('"a" AND "b" AND "OR" AND "c"');
    expect(toFtsQuery('!!!')).toBeNull();
  });

  it('matches a last word longer than the prefix indexes as the exact words that start with it', () => {
    const asked: string[] = [];
    const words = (found: string[]) => (prefix: string): string[] => {
      asked.push(prefix);
      return found;
    };
    expect(toFtsQuery('parcel Delivere', words(['delivered', 'deliveres']))).toBe('"parcel" AND ("delivered" OR "deliveres")');
    // Nothing listed (no such word, or folded differently than the index): the prefix query.
    expect(toFtsQuery('parcel Delivere', words([]))).toBe('"parcel" AND "Delivere"*');
    // Too many to list: the prefix query.
    expect(toFtsQuery('appointment', words(Array.from({ length: MAX_EXPANDED_TERMS + 1 }, (_, i) => `appointment${i}`)))).toBe('"appointment"*');
    // Up to the longest prefix index, and for words before the last, nothing is looked up.
    expect(toFtsQuery('delivered parcel', words(['x']))).toBe('"delivered" AND "parcel"*');
    expect(asked).toEqual(['delivere', 'delivere', 'appointment']);
    expect(foldToken('Résumé')).toBe('resume');
    expect(prefixUpperBound('delive')).toBe('delivf');
    expect(prefixUpperBound('caf\u00e9')).toBe('caf\u00ea');
  });

  it('writes CSV that Excel opens: BOM, quoting, defused formulas', () => {
    const { bytes, rows } = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=HYPERLINK("evil")', '+61400000001']]);
    const text = Buffer.from(bytes).toString('utf8');
    expect(text.startsWith('\uFEFFa,b\r\n')).toBe(true);
    expect(text).toContain('"x,y","say ""hi"""');
    expect(text).toContain(`"'=HYPERLINK(""evil"")",+61400000001`);
    expect(rows).toBe(2);
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+61 412 345 678')).toBe('+61 412 345 678');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell("-1+1+cmd|' /C calc'!A0")).toBe("'-1+1+cmd|' /C calc'!A0");
    expect(csvCell('+1+HYPERLINK("x")')).toBe(`"'+1+HYPERLINK(""x"")"`);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage, OutgoingMessage } from '../../../../main/core/api/client';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { ContactsStore } from '../../../../main/core/db/contacts-store';
import { openDatabase } from '../../../../main/core/db/database';
import { HistoryQueries } from '../../../../main/core/db/history-queries';
import { MessagesStore } from '../../../../main/core/db/messages-store';
import { RenameContact } from '../../../../shared/contacts';
import { tempDir } from '../../../helpers/temp';

const T0 = Date.UTC(2026, 0, 1);
const incoming = (id: number, from: string, message: string, at: number): IncomingMessage => ({ id: String(id), from, to: '61480000001', message, createdAt: at, createdDate: new Date(at).toISOString() });
const outgoing = (id: number, to: string, message: string, at: number): OutgoingMessage => ({ id: String(id), recipient: to, status: 'sent', state: '', message, createdAt: at, createdDate: new Date(at).toISOString() });

function cache() {
  const db = openDatabase(path.join(tempDir(), 'cache.sqlite3'), { migrations: accountMigrations });
  return { db, messages: new MessagesStore(db), queries: new HistoryQueries(db), contacts: new ContactsStore(db) };
}

const optIn = (number: string, name: string) => ({ number, name, optedIn: true, capable: true, blacklist: false });

describe('contact names given in the app', () => {
  it('win over the opt-in list everywhere a contact is named, and survive a refresh of that list', () => {
    const { db, messages, queries, contacts } = cache();
    messages.upsertIncoming([incoming(1, '61400000001', 'Is my parcel ready?', T0)], () => false);
    messages.upsertOutgoing([outgoing(2, '61400000001', 'Yes, come by at 3pm', T0 + 60_000)]);
    contacts.save([optIn('61400000001', 'J. Smith')]);
    expect(queries.conversation('61400000001')?.name).toBe('J. Smith');

    expect(contacts.rename('61400000001', 'Jane (florist)')).toBe('Jane (florist)');
    // The opt-in list is read again from SMSGlobal: its name changes, the user's stays in front.
    contacts.save([optIn('61400000001', 'Jane Smith')]);
    expect(queries.conversations(0, 10).items[0]?.name).toBe('Jane (florist)');
    expect(queries.conversation('61400000001')?.name).toBe('Jane (florist)');
    expect(queries.thread({ contact: '61400000001', limit: 10 }).name).toBe('Jane (florist)');
    expect(queries.outbox({}, 0, 10).items[0]?.name).toBe('Jane (florist)');
    const key = queries.outbox({}, 0, 10).items[0]?.key ?? '';
    expect(queries.detail(key)?.name).toBe('Jane (florist)');
    expect(queries.search({ text: 'parcel', limit: 10 }).hits[0]?.name).toBe('Jane (florist)');
    expect(queries.search({ text: 'florist', limit: 10 }).contacts).toEqual([{ contact: '61400000001', name: 'Jane (florist)' }]);
    expect(queries.conversations(0, 10, 'florist').total).toBe(1);
    expect(contacts.get('61400000001')).toMatchObject({ name: 'Jane Smith', localName: 'Jane (florist)', optedIn: true });
    // The opt-in list keeps SMSGlobal's own name.
    expect(contacts.optIns({ sort: 'name', offset: 0, limit: 10 }).items[0]?.name).toBe('Jane Smith');

    // Forgetting the name shows the opt-in list's again.
    expect(contacts.rename('61400000001', null)).toBe('Jane Smith');
    expect(queries.conversation('61400000001')?.name).toBe('Jane Smith');
    expect(queries.search({ text: 'florist', limit: 10 }).contacts).toEqual([]);
    db.close();
  });

  it('name a number that is not on the opt-in list, without opting it in', () => {
    const { db, messages, queries, contacts } = cache();
    messages.upsertIncoming([incoming(1, '61400000002', 'Hello?', T0)], () => false);
    expect(queries.conversation('61400000002')?.name).toBeNull();
    expect(contacts.rename('61400000002', 'Walk-in customer')).toBe('Walk-in customer');
    expect(queries.conversation('61400000002')?.name).toBe('Walk-in customer');
    expect(contacts.optedIn().has('61400000002')).toBe(false);
    expect(contacts.optIns({ sort: 'name', offset: 0, limit: 10 }).total).toBe(0);
    expect(contacts.rename('61400000002', null)).toBeNull();
    expect(queries.conversation('61400000002')?.name).toBeNull();
    db.close();
  });

  it('count unread messages and the conversations holding them for the Inbox badge', () => {
    const { db, messages, queries } = cache();
    expect(queries.unread()).toEqual({ messages: 0, conversations: 0 });
    messages.upsertIncoming([incoming(1, '61400000003', 'one', T0), incoming(2, '61400000003', 'two', T0 + 1), incoming(3, '61400000004', 'three', T0 + 2)], () => false);
    messages.upsertIncoming([incoming(4, '61400000005', 'old and read', T0 + 3)], () => true);
    expect(queries.unread()).toEqual({ messages: 3, conversations: 2 });
    messages.markRead('61400000003');
    expect(queries.unread()).toEqual({ messages: 1, conversations: 1 });
    db.close();
  });
});

describe('the name the user types', () => {
  it('is trimmed, bounded, free of hidden characters, and empty means "no name"', () => {
    expect(RenameContact.parse({ contact: '61400000001', name: '  Jane  ' }).name).toBe('Jane');
    expect(RenameContact.parse({ contact: '61400000001', name: '   ' }).name).toBeNull();
    expect(RenameContact.parse({ contact: '61400000001', name: 'فاطمة' }).name).toBe('فاطمة');
    const override = RenameContact.safeParse({ contact: '61400000001', name: 'Jane\u202E876' });
    expect(override.success).toBe(false);
    expect(override.error?.issues.map((i) => i.message)).toEqual(['The name holds invisible control characters; type it again.']);
    expect(RenameContact.safeParse({ contact: '61400000001', name: 'x'.repeat(81) }).error?.issues[0]?.message).toMatch(/80 characters/);
  });
});

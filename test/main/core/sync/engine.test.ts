import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { ContactsStore } from '../../../../main/core/db/contacts-store';
import { openDatabase } from '../../../../main/core/db/database';
import { MessagesStore } from '../../../../main/core/db/messages-store';
import { SyncStateStore } from '../../../../main/core/db/sync-state-store';
import { runSync } from '../../../../main/core/sync/engine';
import { clientFor, control, simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the sync engine', () => {
  it('stops every part of a failed run before it reports the failure', async () => {
    const sim = await simulator({ incoming: 20_000, outgoing: 100, faults: { latencyMs: 30 } });
    // The opt-in list fails at once, while the history reads have only begun.
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 402, match: { method: 'GET', path: '/v2/whatsapp/opt-in' } });
    const db = openDatabase(path.join(tempDir(), 'cache.sqlite3'), { migrations: accountMigrations, synchronous: 'NORMAL' });
    const stores = { messages: new MessagesStore(db), syncState: new SyncStateStore(db), contacts: new ContactsStore(db) };
    const options = { now: Date.now, concurrency: 4, overlapMs: 0, stallBudgetMs: 100, windowsInFlight: 2, statusRecheckDays: 7, fallbackTimeZone: sim.timeZone };
    const events = { progress: () => undefined, changed: () => undefined, log: () => undefined };
    const client = clientFor(sim);
    const failure = await runSync(stores, client, options, events, new AbortController().signal).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'payment_required' });
    // Requests already on the wire reach the simulator a moment later; after that, nothing of
    // the failed run may still read or write (it would race the next run).
    await wait(200);
    const requests = sim.log().length;
    const state = JSON.stringify([stores.syncState.get('in'), stores.syncState.get('out')]);
    const cached = stores.messages.count();
    await wait(600);
    expect(sim.log().length).toBe(requests);
    expect(JSON.stringify([stores.syncState.get('in'), stores.syncState.get('out')])).toBe(state);
    expect(stores.messages.count()).toBe(cached);
    db.close();
  });
});

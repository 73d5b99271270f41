import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase } from '../../../../main/core/db/database';
import { SyncStateStore } from '../../../../main/core/db/sync-state-store';
import { tempDir } from '../../../helpers/temp';

describe('sync state store', () => {
  it('keeps an open window (end null) and the offset of an unfinished run across a reopen', () => {
    const file = path.join(tempDir(), 'cache.sqlite3');
    const db = openDatabase(file, { migrations: accountMigrations });
    const store = new SyncStateStore(db);
    expect(store.get('in')).toEqual({ syncedUntil: null, pendingWindows: [], runStartedAt: null, runOffsetMinutes: null, lastSuccessAt: null });
    const state = { syncedUntil: 5_000, pendingWindows: [[1_000, 2_000], [3_000, null]] as [number, number | null][], runStartedAt: 7, runOffsetMinutes: 765, lastSuccessAt: 6 };
    store.transaction(() => store.set('in', state));
    db.close();
    const again = openDatabase(file, { migrations: accountMigrations });
    expect(new SyncStateStore(again).get('in')).toEqual(state);
    // Something else than windows in the column is read as none, never as a crash.
    again.prepare(`UPDATE sync_state SET pending_windows = '[[1, "x"]]'`).run();
    expect(new SyncStateStore(again).get('in').pendingWindows).toEqual([]);
    again.close();
  });

  it('keeps the newest sample of the account\'s clock, whatever order samples come in', () => {
    const db = openDatabase(path.join(tempDir(), 'cache.sqlite3'), { migrations: accountMigrations });
    const store = new SyncStateStore(db);
    expect(store.clock()).toBeNull();
    store.learnClock({ offsetMinutes: 825, at: 2_000 });
    store.learnClock({ offsetMinutes: 765, at: 3_000 });
    store.learnClock({ offsetMinutes: 825, at: 1_000 });
    expect(store.clock()).toEqual({ offsetMinutes: 765, at: 3_000 });
    db.close();
  });
});

import type { ClockSample } from '../api/client';
import type { Db } from './database';

/** A date window [start, end] in UTC ms, inclusive; end null is open: everything newer than start. */
export type Window = [number, number | null];

export interface SyncState {
  /**
   * Null until a run of this direction has finished. After that: the newest createdAt (SMSGlobal's
   * own stamp, never a local clock) a finished run had seen, where the next run starts reading.
   */
  syncedUntil: number | null;
  pendingWindows: Window[];
  runStartedAt: number | null;
  /** The fixed UTC offset an unfinished run writes its dates at, kept so a resumed run matches. */
  runOffsetMinutes: number | null;
  lastSuccessAt: number | null;
}

interface Row {
  synced_until: number | null;
  pending_windows: string;
  run_started_at: number | null;
  run_offset_minutes: number | null;
  last_success_at: number | null;
}

const isTime = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

function isWindowList(value: unknown): value is Window[] {
  return Array.isArray(value) && value.every((w) => Array.isArray(w) && w.length === 2 && isTime(w[0]) && (w[1] === null || isTime(w[1])));
}

const EMPTY: SyncState = { syncedUntil: null, pendingWindows: [], runStartedAt: null, runOffsetMinutes: null, lastSuccessAt: null };

/**
 * How far each direction is synced, the windows of an unfinished run (so a sync killed half-way
 * resumes where it stopped instead of starting over), and the account's clock as SMSGlobal's
 * answers showed it.
 */
export class SyncStateStore {
  private readonly select;
  private readonly upsert;
  private readonly selectClock;
  private readonly upsertClock;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string], Row>(
      'SELECT synced_until, pending_windows, run_started_at, run_offset_minutes, last_success_at FROM sync_state WHERE direction = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO sync_state (direction, synced_until, pending_windows, run_started_at, run_offset_minutes, last_success_at)
       VALUES (@direction, @syncedUntil, @pendingWindows, @runStartedAt, @runOffsetMinutes, @lastSuccessAt)
       ON CONFLICT (direction) DO UPDATE SET synced_until = excluded.synced_until, pending_windows = excluded.pending_windows,
         run_started_at = excluded.run_started_at, run_offset_minutes = excluded.run_offset_minutes, last_success_at = excluded.last_success_at`,
    );
    this.selectClock = db.prepare<[], { utc_offset_minutes: number; sample_at: number }>('SELECT utc_offset_minutes, sample_at FROM account_clock WHERE id = 1');
    // Only a newer sample replaces the one kept: answers may arrive out of order.
    this.upsertClock = db.prepare<[number, number]>(
      `INSERT INTO account_clock (id, utc_offset_minutes, sample_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET utc_offset_minutes = excluded.utc_offset_minutes, sample_at = excluded.sample_at
       WHERE excluded.sample_at > account_clock.sample_at`,
    );
  }

  get(direction: 'in' | 'out'): SyncState {
    const row = this.select.get(direction);
    if (!row) return { ...EMPTY };
    let pending: unknown = [];
    try {
      pending = JSON.parse(row.pending_windows);
    } catch {
      pending = [];
    }
    return {
      syncedUntil: row.synced_until,
      pendingWindows: isWindowList(pending) ? pending : [],
      runStartedAt: row.run_started_at,
      runOffsetMinutes: row.run_offset_minutes,
      lastSuccessAt: row.last_success_at,
    };
  }

  /** Call inside the transaction that wrote the data the new state describes. */
  set(direction: 'in' | 'out', state: SyncState): void {
    this.upsert.run({
      direction,
      syncedUntil: state.syncedUntil,
      pendingWindows: JSON.stringify(state.pendingWindows),
      runStartedAt: state.runStartedAt,
      runOffsetMinutes: state.runOffsetMinutes,
      lastSuccessAt: state.lastSuccessAt,
    });
  }

  /** The account's UTC offset from the newest answer seen so far; null until one was seen. */
  clock(): ClockSample | null {
    const row = this.selectClock.get();
    return row ? { offsetMinutes: row.utc_offset_minutes, at: row.sample_at } : null;
  }

  /** Keeps `sample` when it is newer than the one kept. */
  learnClock(sample: ClockSample): void {
    this.upsertClock.run(sample.offsetMinutes, sample.at);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

import type { Db } from './database';

export type Window = [number, number];

export interface SyncState {
  syncedUntil: number | null;
  pendingWindows: Window[];
  runStartedAt: number | null;
  runUntil: number | null;
  lastSuccessAt: number | null;
}

interface Row {
  synced_until: number | null;
  pending_windows: string;
  run_started_at: number | null;
  run_until: number | null;
  last_success_at: number | null;
}

function isWindowList(value: unknown): value is Window[] {
  return Array.isArray(value) && value.every((w) => Array.isArray(w) && w.length === 2 && w.every((n) => typeof n === 'number' && Number.isFinite(n)));
}

/**
 * How far each direction is synced, and the windows of an unfinished run, so a sync killed
 * half-way resumes where it stopped instead of starting over.
 */
export class SyncStateStore {
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.select = db.prepare<[string], Row>('SELECT synced_until, pending_windows, run_started_at, run_until, last_success_at FROM sync_state WHERE direction = ?');
    this.upsert = db.prepare(
      `INSERT INTO sync_state (direction, synced_until, pending_windows, run_started_at, run_until, last_success_at)
       VALUES (@direction, @syncedUntil, @pendingWindows, @runStartedAt, @runUntil, @lastSuccessAt)
       ON CONFLICT (direction) DO UPDATE SET synced_until = excluded.synced_until, pending_windows = excluded.pending_windows,
         run_started_at = excluded.run_started_at, run_until = excluded.run_until, last_success_at = excluded.last_success_at`,
    );
  }

  get(direction: 'in' | 'out'): SyncState {
    const row = this.select.get(direction);
    if (!row) return { syncedUntil: null, pendingWindows: [], runStartedAt: null, runUntil: null, lastSuccessAt: null };
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
      runUntil: row.run_until,
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
      runUntil: state.runUntil,
      lastSuccessAt: state.lastSuccessAt,
    });
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

import type { SyncStatus } from '../../../shared/history';
import { AppError } from '../../../shared/result';
import type { AccountService } from '../account';
import type { ApiClient, IncomingMessage, ListResult, OutgoingMessage } from '../api/client';
import type { SettingsStore } from '../db/settings-store';
import type { Window } from '../db/sync-state-store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Workspace, WorkspaceManager } from '../workspace';
import { floorToSecond, MAX_REACHABLE, pagesFor, splitWindow } from './windowing';

/**
 * Pulls incoming and outgoing messages into the cache. The first run reads the whole history in
 * date windows small enough for the API's 10,000-item reach; later runs read from where the
 * last one ended (minus an overlap for clock and time-zone slack) and re-read recent outgoing
 * messages for status changes. Unfinished windows are saved as they complete, so a run killed
 * half-way resumes instead of starting over; upserts make every repeat harmless.
 */

type Direction = 'in' | 'out';
type Item = IncomingMessage | OutgoingMessage;

const DAY = 86_400_000;
/** WhatsApp Business API did not exist before this: the first run starts here. */
export const HISTORY_START = Date.UTC(2014, 0, 1);

export interface SyncOptions {
  workspaces: WorkspaceManager;
  account: AccountService;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
  now?: () => number;
  /** Requests in flight at once, across both directions. */
  concurrency?: number;
  /** Re-read this much before the last synced point. */
  overlapMs?: number;
  /** Rows per write transaction; small enough that IPC keeps answering while a sync writes. */
  writeChunk?: number;
  /** Date windows of one direction read at the same time. */
  windowsInFlight?: number;
}

interface Entry {
  window: Window;
  estimate: number | null;
  retried?: boolean;
}

interface DirectionProgress {
  fetched: number;
  estimateLeft: number;
  window: Window | null;
}

/** A counting semaphore: at most `limit` API requests in flight. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class SyncService {
  private running: Promise<SyncStatus> | null = null;
  private controller: AbortController | null = null;
  private phase: SyncStatus['phase'] = 'idle';
  private lastError: SyncStatus['lastError'] = null;
  private readonly progress = new Map<Direction, DirectionProgress>();
  private timer: NodeJS.Timeout | null = null;
  private lastEmit = 0;
  private changedContacts = new Set<string>();
  private changedTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: SyncOptions) {
    this.now = options.now ?? Date.now;
  }

  status(): SyncStatus {
    const ws = this.options.workspaces.current();
    const states = ws ? (['in', 'out'] as const).map((d) => ws.syncState.get(d)) : [];
    const successes = states.map((s) => s.lastSuccessAt);
    const lastSyncedAt = successes.length === 2 && successes.every((s) => s !== null) ? Math.min(...(successes)) : null;
    return {
      running: this.running !== null,
      phase: this.phase,
      progress: [...this.progress.entries()].map(([direction, p]) => ({
        direction,
        fetched: p.fetched,
        total: p.fetched + Math.max(0, Math.round(p.estimateLeft)),
        window: p.window,
      })),
      lastSyncedAt,
      lastError: this.lastError,
      complete: states.length === 2 && states.every((s) => s.syncedUntil !== null),
    };
  }

  private emitStatus(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < 150) return;
    this.lastEmit = now;
    this.options.events.emit('sync.progress', this.status());
  }

  private noteChanged(contacts: Iterable<string>): void {
    for (const contact of contacts) if (this.changedContacts.size < 500) this.changedContacts.add(contact);
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => this.flushChanged(), 300);
  }

  private flushChanged(): void {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = null;
    if (this.changedContacts.size === 0) return;
    this.options.events.emit('messages.changed', { contacts: [...this.changedContacts], reason: 'sync' });
    this.changedContacts = new Set();
  }

  /** Starts a sync, or joins the one already running. */
  start(): Promise<SyncStatus> {
    if (this.running) return this.running;
    const ws = this.options.workspaces.require();
    const client = this.options.account.client();
    this.controller = new AbortController();
    this.phase = 'planning';
    this.lastError = null;
    this.progress.clear();
    this.emitStatus(true);
    const signal = this.controller.signal;
    const run = this.runAll(ws, client, signal)
      .finally(() => {
        this.running = null;
        this.controller = null;
        this.flushChanged();
        this.emitStatus(true);
      })
      // Answer with the status after the run is over (running: false), not the one from inside it.
      .then(() => this.status());
    this.running = run;
    return run;
  }

  cancel(): SyncStatus {
    this.controller?.abort();
    return this.status();
  }

  /** Waits for the current run, if any (used when the app closes or the account changes). */
  async stop(): Promise<void> {
    this.stopTimer();
    this.controller?.abort();
    await this.running?.catch(() => undefined);
  }

  private async runAll(ws: Workspace, client: ApiClient, signal: AbortSignal): Promise<void> {
    const limiter = new Limiter(this.options.concurrency ?? 8);
    const started = this.now();
    try {
      this.phase = 'fetching';
      await Promise.all([
        ...(['in', 'out'] as const).map((d) => this.runDirection(ws, client, d, limiter, signal)),
        // The opt-in list carries the customers' names, which the inbox shows.
        limiter.run(async () => {
          const optIns = await client.listOptIns({ signal });
          ws.contacts.save(optIns.map((o) => ({ number: o.number, name: o.name, optedIn: true, capable: o.capable, blacklist: o.blacklist })));
        }),
      ]);
      this.phase = 'done';
      this.options.account.reportOutcome(null);
      this.options.log.info('sync finished', { ms: this.now() - started, fetched: [...this.progress.values()].reduce((n, p) => n + p.fetched, 0) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'cancelled') {
        this.phase = 'cancelled';
      } else {
        this.phase = 'failed';
        const data = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'internal', message: 'The sync stopped because of an error inside the app. Details are in the log.' };
        if (!(error instanceof AppError)) this.options.log.error('sync failed', { error });
        this.lastError = { ...data, at: this.now() };
        this.options.account.reportOutcome(error);
      }
      // Completed windows are saved; the next run continues with the rest.
      this.controller?.abort();
    }
  }

  private async runDirection(ws: Workspace, client: ApiClient, direction: Direction, limiter: Limiter, signal: AbortSignal): Promise<void> {
    const state = ws.syncState.get(direction);
    const now = this.now();
    const progress: DirectionProgress = { fetched: 0, estimateLeft: 0, window: null };
    this.progress.set(direction, progress);
    let until: number;
    let queue: Entry[];
    if (state.pendingWindows.length > 0 && state.runUntil !== null) {
      until = state.runUntil;
      queue = state.pendingWindows.map((window) => ({ window, estimate: null }));
      this.options.log.info('sync resumes', { direction, windows: queue.length });
    } else {
      until = floorToSecond(now) - 1000;
      let from = state.syncedUntil !== null ? floorToSecond(state.syncedUntil - (this.options.overlapMs ?? 10 * 60_000)) : HISTORY_START;
      if (direction === 'out' && state.syncedUntil !== null) {
        const recheckDays = this.options.settings.get().statusRecheckDays;
        from = Math.min(from, floorToSecond(now - recheckDays * DAY));
      }
      queue = from <= until ? [{ window: [from, until], estimate: null }] : [];
      ws.syncState.transaction(() => ws.syncState.set(direction, { ...state, pendingWindows: queue.map((e) => e.window), runUntil: until, runStartedAt: now }));
    }
    // History downloaded by the first run is not "unread"; only the last day's messages are.
    const initial = state.syncedUntil === null;
    const isRead = initial ? (createdAt: number) => createdAt < now - DAY : () => false;
    const chunk = this.options.writeChunk ?? 5000;

    const list = (window: Window, offset: number, limit: number): Promise<ListResult<Item>> =>
      limiter.run(() => {
        const query = { startDate: window[0], endDate: window[1], offset, limit };
        const page: Promise<ListResult<Item>> = direction === 'in' ? client.listIncoming(query, { signal }) : client.listOutgoing(query, { signal });
        return page;
      });

    // Pages arriving together are written together: fewer, larger transactions cost less per row.
    let buffer: Item[] = [];
    const flush = async (): Promise<void> => {
      while (buffer.length > 0) {
        const part = buffer.slice(0, chunk);
        buffer = buffer.slice(chunk);
        const result =
          direction === 'in' ? ws.messages.upsertIncoming(part as IncomingMessage[], isRead) : ws.messages.upsertOutgoing(part as OutgoingMessage[]);
        this.noteChanged(result.contacts);
        progress.fetched += part.length;
        progress.estimateLeft -= part.length;
        this.emitStatus();
        await yieldToEventLoop();
      }
    };
    const write = async (items: Item[], seen: Set<string>): Promise<void> => {
      for (const item of items) seen.add(item.id);
      buffer.push(...items);
      if (buffer.length >= chunk) await flush();
    };

    // Windows being read: with the queue, they are what a restart must still read.
    const active = new Set<Entry>();
    const persistQueue = (): void => {
      const pending = [...active, ...queue].map((e) => e.window);
      ws.syncState.transaction(() => ws.syncState.set(direction, { ...ws.syncState.get(direction), pendingWindows: pending, runUntil: until }));
    };

    /** Reads one window; answers with the windows to read instead when it is too big or changed. */
    const readWindow = async (entry: Entry): Promise<Entry[]> => {
      progress.window = entry.window;
      // A window expected to be too big is probed for its total alone.
      const probeOnly = entry.estimate !== null && entry.estimate > MAX_REACHABLE;
      const first = await list(entry.window, 1, probeOnly ? 1 : 1000);
      if (entry.estimate === null) progress.estimateLeft += first.total;
      else progress.estimateLeft += first.total - entry.estimate;
      if (first.total > MAX_REACHABLE) {
        const halves = splitWindow(entry.window);
        // Each half is expected to hold half; its own probe corrects the estimate.
        if (halves) return halves.map((window) => ({ window, estimate: first.total / 2 }));
        this.options.log.warn('more messages in one second than the API can list', { direction, window: entry.window, total: first.total });
      }
      const seen = new Set<string>();
      const pages = pagesFor(first.total);
      if (!probeOnly) await write(first.items, seen);
      const rest = probeOnly ? pages : pages.slice(1);
      await Promise.all(rest.map(async (page) => write((await list(entry.window, page.offset, page.limit)).items, seen)));
      // A window counts as read only once all of it is on disk.
      await flush();
      const expected = Math.min(first.total, MAX_REACHABLE);
      if (seen.size !== expected && !entry.retried) {
        // The window changed while it was paged (offsets shifted): read it once more.
        this.options.log.info('window changed while paging; reading it again', { direction, expected, seen: seen.size });
        progress.estimateLeft += seen.size;
        progress.fetched -= seen.size;
        return [{ ...entry, estimate: first.total, retried: true }];
      }
      return [];
    };

    // Two windows at a time, so the next window's first page is on its way while one is written.
    // A worker with nothing to do waits while others may still split windows into new work.
    const waiting: (() => void)[] = [];
    const wakeAll = (): void => waiting.splice(0).forEach((resolve) => resolve());
    const worker = async (): Promise<void> => {
      while (queue.length > 0 || active.size > 0) {
        if (signal.aborted) throw new AppError({ code: 'cancelled', message: 'The sync was cancelled.' });
        const entry = queue.shift();
        if (!entry) {
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        active.add(entry);
        try {
          queue.unshift(...(await readWindow(entry)));
        } finally {
          active.delete(entry);
          wakeAll();
        }
        persistQueue();
      }
    };
    await Promise.all(Array.from({ length: this.options.windowsInFlight ?? 3 }, worker));
    progress.window = null;
    ws.syncState.transaction(() =>
      ws.syncState.set(direction, { syncedUntil: until, pendingWindows: [], runStartedAt: null, runUntil: null, lastSuccessAt: this.now() }),
    );
  }

  /** Runs a sync every `syncIntervalMinutes` (0 = only by hand); call again when the setting changes. */
  startTimer(): void {
    this.stopTimer();
    const minutes = this.options.settings.get().syncIntervalMinutes;
    if (minutes <= 0) return;
    this.timer = setTimeout(() => {
      if (this.options.workspaces.current()) {
        this.start().catch((error: unknown) => this.options.log.warn('scheduled sync could not start', { error }));
      }
      this.startTimer();
    }, minutes * 60_000);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

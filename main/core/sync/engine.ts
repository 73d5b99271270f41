import { timeZoneOffsetMinutes } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import { newerSample, type ClockSample, type IncomingMessage, type ListQuery, type ListResult, type OutgoingMessage } from '../api/client';
import type { ContactsStore } from '../db/contacts-store';
import type { MessagesStore } from '../db/messages-store';
import type { SyncStateStore, Window } from '../db/sync-state-store';
import type { SyncApi } from './remote-api';
import { floorToSecond, MAX_REACHABLE, pagesFor, splitWindow } from './windowing';

/**
 * The sync itself: pulls incoming and outgoing messages into one account's cache. The first run
 * reads the whole history in date windows small enough for the API's 10,000-item reach; later
 * runs read from the newest createdAt a finished run saw (SMSGlobal's own stamp) minus an overlap,
 * and re-read recent outgoing messages for status changes. No clock decides what is read: the
 * newest window has no end date, so nothing newer than any clock can fall outside it, and
 * windows split from it stay contiguous, so a date written at the wrong offset moves a boundary
 * but cannot open a gap. Dates are written at one fixed UTC offset per run, the account's own as
 * its answers show it (Settings' zone only until one has). Unfinished windows are saved as they
 * complete, so a run killed half-way resumes instead of starting over; upserts make every repeat
 * harmless. It runs in a worker thread (see worker.ts), so it never holds up IPC.
 */

export type Direction = 'in' | 'out';
type Item = IncomingMessage | OutgoingMessage;

const DAY = 86_400_000;
/** WhatsApp Business API did not exist before this: the first run starts here. */
export const HISTORY_START = Date.UTC(2014, 0, 1);

export interface EngineStores {
  messages: MessagesStore;
  syncState: SyncStateStore;
  contacts: ContactsStore;
}

export interface EngineOptions {
  /** This computer's clock: only for what counts as unread on a first run, and for the record. */
  now: () => number;
  /** Requests in flight at once, across both directions. */
  concurrency: number;
  /**
   * Re-read this much before the newest message a finished run saw. At least the largest DST
   * shift (2 h, Antarctica/Troll) plus slack: a start date written at last run's offset can land
   * that far off, and re-reading is cheap (upserts make it harmless).
   */
  overlapMs: number;
  /** Rows per write transaction (fixed); by default it adapts to `stallBudgetMs`. */
  writeChunk?: number | undefined;
  /** How long one write transaction may hold the thread (progress and cancellation wait for it). */
  stallBudgetMs: number;
  /** Date windows of one direction read at the same time. */
  windowsInFlight: number;
  statusRecheckDays: number;
  /** Settings' time zone: the run writes its dates at its offset until an answer shows the account's. */
  fallbackTimeZone: string;
}

/** The default overlap: the largest DST shift (2 h) plus an hour of slack. */
export const DEFAULT_OVERLAP_MS = 3 * 3_600_000;

export interface DirectionProgress {
  fetched: number;
  estimateLeft: number;
  window: Window | null;
}

export interface EngineEvents {
  progress(direction: Direction, progress: DirectionProgress): void;
  changed(contacts: Iterable<string>): void;
  log(level: 'info' | 'warn', message: string, data?: Record<string, unknown>): void;
}

interface Entry {
  window: Window;
  estimate: number | null;
  retried?: boolean;
  /** An open window split off a bigger one: the newest createdAt seen there, to split it below. */
  newest?: number;
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

/**
 * The account's clock during one run: the UTC offset the run writes its dates at (what earlier
 * answers showed; else a one-item probe's; else Settings' zone now), and the newest sample the
 * run's answers show, kept for the next run and for Settings.
 */
class RunClock {
  private offset: Promise<number> | null = null;
  private newest: ClockSample | null;
  private saved: ClockSample | null;

  constructor(
    private readonly store: SyncStateStore,
    private readonly client: SyncApi,
    private readonly limiter: Limiter,
    private readonly options: EngineOptions,
    private readonly signal: AbortSignal,
  ) {
    this.saved = store.clock();
    this.newest = this.saved;
  }

  /** The offset for a new run's dates; asked once per run, probing at most once. */
  offsetMinutes(): Promise<number> {
    this.offset ??= this.resolve();
    return this.offset;
  }

  private async resolve(): Promise<number> {
    if (!this.newest) {
      // Nothing known yet: the newest item of either list says it (limit 1, no dates).
      const call = { signal: this.signal };
      const probes: (() => Promise<{ clock: ClockSample | null }>)[] = [
        () => this.client.listIncoming({ offset: 1, limit: 1 }, call),
        () => this.client.listOutgoing({ offset: 1, limit: 1 }, call),
      ];
      for (const probe of probes) {
        this.learn((await this.limiter.run(probe)).clock);
        if (this.newest) break;
      }
      this.save();
    }
    return this.newest?.offsetMinutes ?? timeZoneOffsetMinutes(this.options.now(), this.options.fallbackTimeZone);
  }

  learn(sample: ClockSample | null): void {
    this.newest = newerSample(this.newest, sample);
  }

  /** Writes the newest sample when it is newer than the one on disk. */
  save(): void {
    const newest = this.newest;
    if (!newest || newest === this.saved) return;
    this.store.learnClock(newest);
    this.saved = newest;
  }
}

/** Runs one sync of both directions and the opt-in names; throws an AppError when it stops early. */
export async function runSync(stores: EngineStores, client: SyncApi, options: EngineOptions, events: EngineEvents, signal: AbortSignal): Promise<void> {
  const limiter = new Limiter(options.concurrency);
  // The first failure stops the other parts too, and the run ends only once they have stopped:
  // nothing of a failed run may still be writing sync state when the next run starts.
  const failed = new AbortController();
  const stop = AbortSignal.any([signal, failed.signal]);
  let firstError: unknown = null;
  const clock = new RunClock(stores.syncState, client, limiter, options, stop);
  const part = (work: Promise<void>): Promise<void> =>
    work.catch((error: unknown) => {
      firstError ??= error;
      failed.abort();
    });
  await Promise.all([
    ...(['in', 'out'] as const).map((d) => part(runDirection(stores, client, d, limiter, clock, stop, options, events))),
    // The opt-in list carries the customers' names, which the inbox shows.
    part(
      limiter.run(async () => {
        const optIns = await client.listOptIns({ signal: stop });
        stores.contacts.save(optIns.map((o) => ({ number: o.number, name: o.name, optedIn: true, capable: o.capable, blacklist: o.blacklist })));
      }),
    ),
  ]);
  clock.save();
  if (firstError instanceof Error) throw firstError;
  if (firstError !== null) throw new AppError({ code: 'internal', message: `The sync stopped: ${JSON.stringify(firstError)}` });
}

async function runDirection(
ws: EngineStores,
client: SyncApi,
direction: Direction,
limiter: Limiter,
clock: RunClock,
signal: AbortSignal,
options: EngineOptions,
events: EngineEvents,
): Promise<void> {
  const state = ws.syncState.get(direction);
  const now = options.now();
  const progress: DirectionProgress = { fetched: 0, estimateLeft: 0, window: null };

  let offsetMinutes: number;
  let queue: Entry[];
  if (state.pendingWindows.length > 0) {
    // A resumed run writes its dates at the offset it started with, so its windows still meet.
    offsetMinutes = state.runOffsetMinutes ?? (await clock.offsetMinutes());
    queue = state.pendingWindows.map((window) => ({ window, estimate: null }));
    events.log('info', 'sync resumes', { direction, windows: queue.length });
  } else {
    offsetMinutes = await clock.offsetMinutes();
    let from = HISTORY_START;
    if (state.syncedUntil !== null) {
      from = state.syncedUntil - options.overlapMs;
      // Statuses of recent outgoing messages still change: read them again.
      if (direction === 'out') from = Math.min(from, state.syncedUntil - options.statusRecheckDays * DAY);
      from = Math.max(HISTORY_START, floorToSecond(from));
    }
    queue = [{ window: [from, null], estimate: null }];
    ws.syncState.transaction(() =>
      ws.syncState.set(direction, { ...state, pendingWindows: queue.map((e) => e.window), runStartedAt: now, runOffsetMinutes: offsetMinutes }),
    );
  }
  // The newest createdAt written by this run: where the next run starts (minus the overlap).
  let newestSeen = state.syncedUntil ?? HISTORY_START;
  // History downloaded by the first run is not "unread"; only the last day's messages are.
  const initial = state.syncedUntil === null;
  const isRead = initial ? (createdAt: number) => createdAt < now - DAY : () => false;
  // Rows per write transaction, adapted so one transaction holds the event loop for about
  // `stallBudgetMs`: large enough to write fast, small enough that IPC keeps answering.
  const budget = options.stallBudgetMs;
  let chunk = options.writeChunk ?? 1000;

  const list = async (window: Window, offset: number, limit: number): Promise<ListResult<Item>> => {
    const query: ListQuery = { startDate: window[0], offset, limit, utcOffsetMinutes: offsetMinutes };
    // The newest window has no end date: the API's filters are optional.
    if (window[1] !== null) query.endDate = window[1];
    const page = await limiter.run((): Promise<ListResult<Item>> => (direction === 'in' ? client.listIncoming(query, { signal }) : client.listOutgoing(query, { signal })));
    clock.learn(page.clock);
    return page;
  };

  // Pages arriving together are written together: fewer, larger transactions cost less per row.
  let buffer: Item[] = [];
  const flush = async (): Promise<void> => {
    while (buffer.length > 0) {
      const part = buffer.slice(0, chunk);
      buffer = buffer.slice(chunk);
      const started = performance.now();
      const result =
        direction === 'in' ? ws.messages.upsertIncoming(part as IncomingMessage[], isRead) : ws.messages.upsertOutgoing(part as OutgoingMessage[]);
      const took = Math.max(1, performance.now() - started);
      if (!options.writeChunk) chunk = Math.round(Math.min(5000, Math.max(200, (part.length * budget) / took)));
      events.changed(result.contacts);
      progress.fetched += part.length;
      progress.estimateLeft -= part.length;
      events.progress(direction, progress);
      await yieldToEventLoop();
    }
  };
  const write = async (items: Item[], seen: Set<string>): Promise<void> => {
    for (const item of items) {
      seen.add(item.id);
      if (item.createdAt > newestSeen) newestSeen = item.createdAt;
    }
    buffer.push(...items);
    if (buffer.length >= chunk) await flush();
  };

  // Windows being read: with the queue, they are what a restart must still read.
  const active = new Set<Entry>();
  const persistQueue = (): void => {
    const pending = [...active, ...queue].map((e) => e.window);
    ws.syncState.transaction(() => ws.syncState.set(direction, { ...ws.syncState.get(direction), pendingWindows: pending }));
    clock.save();
  };

  /** Reads one window; answers with the windows to read instead when it is too big or changed. */
  const readWindow = async (entry: Entry): Promise<Entry[]> => {
    progress.window = entry.window;
    events.progress(direction, progress);
    // A window expected to be too big is probed for its total alone; an open one needs to know
    // a recent item to split below (from the window it came from, else from a whole page).
    const probeOnly = entry.estimate !== null && entry.estimate > MAX_REACHABLE && (entry.window[1] !== null || entry.newest !== undefined);
    const first = await list(entry.window, 1, probeOnly ? 1 : 1000);
    if (entry.estimate === null) progress.estimateLeft += first.total;
    else progress.estimateLeft += first.total - entry.estimate;
    if (first.total > MAX_REACHABLE) {
      const newest = newestOf(first.items, entry.newest);
      const halves = splitWindow(entry.window, newest);
      // Each half is expected to hold half; its own probe corrects the estimate.
      if (halves) return halves.map((window) => ({ window, estimate: first.total / 2, ...(window[1] === null && newest !== undefined ? { newest } : {}) }));
      // Everything known of an open window is in its first second: a whole page may show newer.
      if (probeOnly && entry.window[1] === null) {
        progress.estimateLeft -= first.total;
        return [{ window: entry.window, estimate: null }];
      }
      events.log('warn', 'more messages in one second than the API can list', { direction, window: entry.window, total: first.total });
    }
    const seen = new Set<string>();
    const pages = pagesFor(first.total);
    if (!probeOnly) await write(first.items, seen);
    const rest = probeOnly ? pages : pages.slice(1);
    await Promise.all(rest.map(async (page) => write((await list(entry.window, page.offset, page.limit)).items, seen)));
    // A window counts as read only once all of it is on disk.
    await flush();
    const expected = Math.min(first.total, MAX_REACHABLE);
    if (seen.size !== expected) {
      // The window changed while it was paged (offsets shifted). Read it again; if that fails
      // too, in halves (smaller windows page in fewer requests, so they shift less). What was
      // written stays; only a window that cannot be split any more is accepted, with a warning.
      progress.estimateLeft += seen.size;
      progress.fetched -= seen.size;
      if (!entry.retried) {
        events.log('info', 'window changed while paging; reading it again', { direction, expected, seen: seen.size });
        return [{ ...entry, estimate: first.total, retried: true }];
      }
      const halves = splitWindow(entry.window, newestOf(first.items, entry.newest));
      if (halves) return halves.map((window) => ({ window, estimate: first.total / 2 }));
      events.log('warn', 'a one-second window kept changing while it was read; some of its messages may be missing until the next sync', { direction, expected, seen: seen.size });
      progress.estimateLeft -= seen.size;
      progress.fetched += seen.size;
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
  await Promise.all(Array.from({ length: options.windowsInFlight }, worker));
  progress.window = null;
  ws.syncState.transaction(() =>
    ws.syncState.set(direction, { syncedUntil: newestSeen, pendingWindows: [], runStartedAt: null, runOffsetMinutes: null, lastSuccessAt: options.now() }),
  );
}

/** The newest createdAt among a page's items (the API's order is not documented) and `known`. */
function newestOf(items: readonly Item[], known?: number): number | undefined {
  let newest = known;
  for (const item of items) if (newest === undefined || item.createdAt > newest) newest = item.createdAt;
  return newest;
}

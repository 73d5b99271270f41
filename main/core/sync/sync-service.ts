import type { AccountClock, SyncStatus } from '../../../shared/history';
import { AppError, ErrorCode } from '../../../shared/result';
import type { AccountService } from '../account';
import type { ClockSample } from '../api/client';
import { retryDelay, type BackoffPolicy } from '../backoff';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { WorkspaceManager } from '../workspace';
import { arrivalMark, noticeSince } from '../notifications';
import { DEFAULT_OVERLAP_MS, type Direction, type DirectionProgress, type EngineOptions } from './engine';
import { SyncWorker } from './worker-host';

export interface SyncOptions {
  workspaces: WorkspaceManager;
  account: AccountService;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
  /** Tuning for the engine (tests and benchmarks); defaults suit the app. */
  engine?: Partial<Omit<EngineOptions, 'now' | 'statusRecheckDays' | 'fallbackTimeZone'>>;
  /** How each list page is retried (tests shorten the waits); defaults suit the app. */
  pages?: { tries?: number; backoff?: BackoffPolicy; maxRetryWaitMs?: number };
  /** When a run that failed on a passing problem is tried again; defaults suit the app. */
  rerun?: RerunPolicy;
}

/** The next run after a failed one: at least `floorMs` later, growing by `backoff` (or Retry-After). */
export interface RerunPolicy {
  floorMs: number;
  backoff: BackoffPolicy;
}

/** 30 s to a minute after the first failure, then up to 2, 4, 8, 15 minutes while the API keeps failing. */
export const DEFAULT_RERUN: RerunPolicy = { floorMs: 30_000, backoff: { baseMs: 60_000, capMs: 15 * 60_000 } };

/** A list page is read up to this many times before the run stops (a 20 % failure rate leaves ~1 in 10^5). */
const PAGE_TRIES = 8;

/** Problems that pass: the API is busy, down for a moment, or the network dropped. */
const PASSING = new Set(['network', 'timeout', 'rate_limited', 'server']);

/** The account's offset as the answers showed it (Settings compares it with its zone). */
function accountClock(sample: ClockSample | null): AccountClock | null {
  return sample ? { offsetMinutes: sample.offsetMinutes, observedAt: sample.at } : null;
}

/** What a failed run says: the API client's sentence, without advice the sync's own schedule replaces. */
export function syncFailureMessage(code: string, message: string): string {
  if (code === 'rate_limited') return 'SMSGlobal kept limiting requests, so the sync stopped before the end.';
  return message.replace(/\s*Try again in a moment\.$/, '');
}

/**
 * Runs the sync engine in a worker thread, one run at a time, and turns what it reports into
 * status, events and the account's connection state. The main thread stays free for IPC.
 */
export class SyncService {
  private running: Promise<SyncStatus> | null = null;
  private cancelRun: (() => void) | null = null;
  private phase: SyncStatus['phase'] = 'idle';
  private lastError: SyncStatus['lastError'] = null;
  private readonly progress = new Map<Direction, DirectionProgress>();
  private timer: NodeJS.Timeout | null = null;
  /** The run scheduled after a failed one, and how many failed in a row. */
  private rerun: { timer: NodeJS.Timeout; at: number } | null = null;
  private failuresInARow = 0;
  private lastEmit = 0;
  private worker: SyncWorker | null = null;

  constructor(private readonly options: SyncOptions) {}

  /**
   * The worker for the open cache, started ahead of the first run (loading it costs a moment,
   * which then does not delay a sync); replaced when the account, and so the file, changes.
   */
  warmUp(): SyncWorker | null {
    const ws = this.options.workspaces.current();
    if (this.worker && (!ws || this.worker.file !== ws.file || !this.worker.alive)) {
      void this.worker.terminate();
      this.worker = null;
    }
    if (ws && !this.worker) this.worker = new SyncWorker(ws.file);
    return this.worker;
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
      nextAttemptAt: this.rerun?.at ?? null,
      accountClock: ws ? accountClock(ws.syncState.clock()) : null,
    };
  }

  private emitStatus(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < 150) return;
    this.lastEmit = now;
    this.options.events.emit('sync.progress', this.status());
  }

  /** Starts a sync, or joins the one already running. */
  start(): Promise<SyncStatus> {
    if (this.running) return this.running;
    const workspace = this.options.workspaces.require();
    const api = this.options.account.clientOptions();
    const worker = this.warmUp();
    if (!worker) throw new AppError({ code: 'not_configured', message: 'Add your SMSGlobal account first.' });
    this.cancelRerun();
    this.phase = 'fetching';
    this.lastError = null;
    this.progress.clear();
    const started = Date.now();
    const pages = this.options.pages ?? {};
    const mark = arrivalMark(workspace, started);
    const finished = worker.run(
      {
        // A list read is idempotent: each page is retried on its own, so one bad answer costs a
        // moment, not the run.
        api: {
          ...api,
          maxRetries: (pages.tries ?? PAGE_TRIES) - 1,
          ...(pages.backoff ? { backoff: pages.backoff } : {}),
          ...(pages.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: pages.maxRetryWaitMs } : {}),
        },
        engine: {
          concurrency: 8,
          overlapMs: DEFAULT_OVERLAP_MS,
          stallBudgetMs: 100,
          windowsInFlight: 3,
          ...this.options.engine,
          statusRecheckDays: this.options.settings.get().statusRecheckDays,
        },
      },
      (message) => {
        if (message.type === 'progress') {
          this.progress.set(message.direction, message.progress);
          this.emitStatus();
        } else if (message.type === 'changed') {
          this.options.events.emit('messages.changed', { contacts: message.contacts, reason: 'sync' });
        } else if (message.type === 'log') {
          this.options.log[message.level](message.message, message.data);
        }
      },
    );
    this.cancelRun = () => worker.cancel();
    this.emitStatus(true);
    const run = finished
      .then((outcome) => {
        if (outcome.type === 'done') {
          this.phase = 'done';
          this.failuresInARow = 0;
          this.options.account.reportOutcome(null);
          this.options.log.info('sync finished', { ms: Date.now() - started, fetched: [...this.progress.values()].reduce((n, p) => n + p.fetched, 0) });
        } else if (outcome.error.code === 'cancelled') {
          this.phase = 'cancelled';
        } else {
          this.phase = 'failed';
          const code = ErrorCode.safeParse(outcome.error.code);
          const error = new AppError({
            code: code.success ? code.data : 'internal',
            message:
              code.success && code.data !== 'internal'
                ? syncFailureMessage(code.data, outcome.error.message)
                : 'The sync stopped because of an error inside the app. Details are in the log.',
            ...(outcome.error.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.error.retryAfterSeconds } : {}),
          });
          if (error.code === 'internal') this.options.log.error('sync failed', { reason: outcome.error.message });
          this.lastError = { code: error.code, message: error.message, at: Date.now() };
          this.options.account.reportOutcome(error);
          // What was written stays, and the next run resumes the unfinished windows: soon, while
          // the problem is one that passes (the 5-minute timer would leave the inbox stale).
          if (PASSING.has(error.code)) this.scheduleRerun(error);
        }
      })
      .finally(() => {
        this.running = null;
        this.cancelRun = null;
        this.emitStatus(true);
        // New customer messages this run brought in (whatever its outcome): one notice for them.
        // A notice that cannot be made never fails the sync.
        try {
          const notice = this.options.workspaces.current() === workspace ? noticeSince(workspace, mark, this.options.settings.get().notifications) : null;
          if (notice) this.options.events.emit('messages.incoming', notice);
        } catch (error) {
          this.options.log.warn('could not tell about new messages', { error });
        }
      })
      // Answer with the status after the run is over (running: false), not the one from inside it.
      .then(() => this.status());
    this.running = run;
    return run;
  }

  cancel(): SyncStatus {
    this.cancelRun?.();
    return this.status();
  }

  private scheduleRerun(error: AppError): void {
    this.cancelRerun();
    const policy = this.options.rerun ?? DEFAULT_RERUN;
    const wait = Math.max(policy.floorMs, retryDelay(error, this.failuresInARow, policy.backoff));
    this.failuresInARow++;
    const timer = setTimeout(() => {
      this.rerun = null;
      if (!this.options.workspaces.current()) return;
      this.start().catch((reason: unknown) => this.options.log.warn('sync could not start again', { error: reason }));
    }, wait);
    timer.unref();
    this.rerun = { timer, at: Date.now() + wait };
    this.options.log.info('sync will run again', { inMs: wait, failures: this.failuresInARow });
  }

  private cancelRerun(): void {
    if (this.rerun) clearTimeout(this.rerun.timer);
    this.rerun = null;
  }

  /** Stops the timers and any run (used when the app closes or the account changes). */
  async stop(): Promise<void> {
    this.stopTimer();
    this.cancelRun?.();
    await this.running?.catch(() => undefined);
    // After the run has ended: a failure it reported on the way out may have scheduled one.
    this.cancelRerun();
    this.failuresInARow = 0;
  }

  /** Stops any run and ends the worker thread (the account changes, or the app closes). */
  async close(): Promise<void> {
    await this.stop();
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
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

import type { SyncStatus } from '../../../shared/history';
import { AppError, ErrorCode } from '../../../shared/result';
import type { AccountService } from '../account';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { WorkspaceManager } from '../workspace';
import { arrivalMark, noticeSince } from '../notifications';
import type { Direction, DirectionProgress, EngineOptions } from './engine';
import { SyncWorker } from './worker-host';

export interface SyncOptions {
  workspaces: WorkspaceManager;
  account: AccountService;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
  /** Tuning for the engine (tests and benchmarks); defaults suit the app. */
  engine?: Partial<Omit<EngineOptions, 'now' | 'statusRecheckDays'>>;
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
    this.phase = 'fetching';
    this.lastError = null;
    this.progress.clear();
    const started = Date.now();
    const mark = arrivalMark(workspace, started);
    const finished = worker.run(
      {
        api,
        engine: {
          concurrency: 8,
          overlapMs: 10 * 60_000,
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
          this.options.account.reportOutcome(null);
          this.options.log.info('sync finished', { ms: Date.now() - started, fetched: [...this.progress.values()].reduce((n, p) => n + p.fetched, 0) });
        } else if (outcome.error.code === 'cancelled') {
          this.phase = 'cancelled';
        } else {
          this.phase = 'failed';
          const code = ErrorCode.safeParse(outcome.error.code);
          const error = new AppError({
            code: code.success ? code.data : 'internal',
            message: code.success && code.data !== 'internal' ? outcome.error.message : 'The sync stopped because of an error inside the app. Details are in the log.',
            ...(outcome.error.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.error.retryAfterSeconds } : {}),
          });
          if (error.code === 'internal') this.options.log.error('sync failed', { reason: outcome.error.message });
          this.lastError = { code: error.code, message: error.message, at: Date.now() };
          this.options.account.reportOutcome(error);
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

  /** Stops the timer and any run (used when the app closes or the account changes). */
  async stop(): Promise<void> {
    this.stopTimer();
    this.cancelRun?.();
    await this.running?.catch(() => undefined);
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

import type { CampaignSummary } from '../../../shared/campaign-runs';
import { plural } from '../../../shared/plural';
import type { BackoffPolicy } from '../backoff';
import type { Logger } from '../log';
import type { Delivery } from '../send/delivery';
import { Lane, type Pace } from '../send/lane';
import { Guardrails } from './guardrails';
import type { CampaignRecord, Journal } from './journal';
import { JournalStore, type AppliedTransition } from './journal-store';
import { dayStart, estimateDuration, isQuiet, localDay, nextMidnight, quietEndsAt } from './schedule';
import { realClock, TokenBucket, type LimiterClock } from './token-bucket';

/**
 * Runs campaigns in main: one lane per sending campaign over its journal (journal-store.ts),
 * through the shared send pipeline, at its pace (a token bucket), within its daily cap and
 * outside its quiet hours, with its guardrails. The journal is the truth: the runner mirrors a
 * campaign's state and writes every change of it before acting, so a restart picks up where it
 * was (CampaignService.open).
 *
 * Holds are the runner's own waits that end by themselves (quiet hours, the daily cap, a 429's
 * Retry-After, the network); pauses wait for the user (they paused it, or a guardrail did:
 * credentials, credit, too many refusals).
 */

type Hold = NonNullable<CampaignSummary['hold']>;

export interface RunnerOptions {
  delivery: Delivery;
  log: Logger;
  backoff: BackoffPolicy;
  /** Campaign POSTs in flight at most, across every campaign (the API client's pool leaves room for replies beyond it). */
  concurrency: number;
  /** Something about a campaign changed (state, counts, hold): the service coalesces these into events. */
  changed(id: string): void;
  /** Wall clock (schedules, the daily cap's day, the journal's times). */
  now?: () => number;
  /** The limiter's clock (monotonic). */
  clock?: LimiterClock;
  /** Numbers that may not be messaged now (opted out, blacklisted): checked again before each batch. */
  blocked(numbers: readonly string[]): ReadonlySet<string>;
}

/** Pace is measured over the last seconds of answers. */
const PACE_WINDOW_MS = 5_000;
/** After a 429, the pace halves; each second without one gives back a tenth of the set pace. */
const RECOVERY_STEP = 0.1;

/** The longest a timer may be set for (Node caps setTimeout at 2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Every campaign lane asks here before its token bucket: their POSTs in flight together stay
 * within the campaigns' share of the connection pool, so replies always find a free connection.
 */
class SharedSlots {
  private readonly stores = new Set<JournalStore>();

  constructor(
    private readonly delivery: Delivery,
    private readonly total: number,
  ) {}

  add(store: JournalStore): void {
    this.stores.add(store);
  }

  remove(store: JournalStore): void {
    this.stores.delete(store);
  }

  free(): number {
    let used = 0;
    for (const store of this.stores) used += this.delivery.inFlightCount(store);
    return this.total - used;
  }
}

class SharedPace implements Pace {
  constructor(
    private readonly slots: SharedSlots,
    private readonly bucket: TokenBucket,
    private readonly clock: LimiterClock,
  ) {}

  async acquire(max: number): Promise<number> {
    let free = this.slots.free();
    // Only while several campaigns send at once can another lane have taken the slots.
    while (free <= 0) {
      await this.clock.sleep(5);
      free = this.slots.free();
    }
    return this.bucket.acquire(Math.min(max, free));
  }
}

export class CampaignRun {
  readonly store: JournalStore;
  readonly lane: Lane;
  readonly bucket: TokenBucket;
  private readonly guard = new Guardrails();
  hold: Hold | null = null;
  private holdTimer: NodeJS.Timeout | null = null;
  private day: number;
  private dayStart: number;
  private sentToday: number;
  private readonly answers: number[] = [];
  private lastSlowdown = Number.NEGATIVE_INFINITY;
  private lastRecovery = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    public record: CampaignRecord,
    private readonly journal: Journal,
    private readonly runner: CampaignRunner,
    private readonly options: RunnerOptions,
    slots: SharedSlots,
  ) {
    const now = this.now();
    this.day = localDay(now, record.timeZone);
    this.dayStart = dayStart(this.day, record.timeZone);
    this.sentToday = journal.attemptedSince(record.id, this.dayStart);
    this.store = new JournalStore(journal.db, journal.messages, record.id, {
      allowance: (limit) => this.allowance(limit),
      blocked: (numbers) => options.blocked(numbers),
      onApplied: (applied) => this.onApplied(applied),
    });
    const clock = options.clock ?? realClock;
    this.bucket = new TokenBucket(record.settings.pacePerSecond, { clock });
    this.lane = new Lane({
      name: `campaign ${record.id}`,
      delivery: options.delivery,
      store: () => (this.closed ? null : this.store),
      concurrency: options.concurrency,
      pace: new SharedPace(slots, this.bucket, clock),
      backoff: options.backoff,
      log: options.log,
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get id(): string {
    return this.record.id;
  }

  /** Rows still to go out or to be settled (needs-attention rows wait for the user, not the runner). */
  get open(): number {
    const c = this.store.counts;
    return c.planned + c.sending + c.unknown;
  }

  /** Messages a second over the last few seconds of answers. */
  pace(): number | null {
    if (this.record.state !== 'sending') return null;
    const now = this.now();
    while (this.answers.length > 0 && (this.answers[0] as number) < now - PACE_WINDOW_MS) this.answers.shift();
    const since = Math.max(this.record.startedAt ?? now, now - PACE_WINDOW_MS);
    const span = Math.max(1000, now - since);
    return Math.round((this.answers.length * 1000 * 10) / span) / 10;
  }

  /** Time left, counting the pace, the cap and quiet hours. */
  etaMs(): number | null {
    if (this.record.state !== 'sending') return null;
    const c = this.store.counts;
    const { settings, timeZone } = this.record;
    return estimateDuration(c.planned + c.sending, { pace: Math.min(settings.pacePerSecond, this.bucket.perSecond), dailyCap: settings.dailyCap, quietHours: settings.quietHours, timeZone }, this.now(), this.sentToday).durationMs;
  }

  /** How many rows may start now (the lane asks before each batch). */
  private allowance(limit: number): number {
    if (this.closed || this.record.state !== 'sending') return 0;
    const now = this.now();
    // SMSGlobal's Retry-After holds whatever else wakes the lane meanwhile (an answer that
    // reconnects the account kicks every lane); the hold's timer kicks it when it ends.
    if (this.hold?.reason === 'rate_limited' && this.hold.until !== null && now < this.hold.until) return 0;
    const { quietHours, dailyCap } = this.record.settings;
    if (quietHours && isQuiet(now, quietHours)) {
      const until = quietEndsAt(now, quietHours);
      this.holdUntil({ reason: 'quiet_hours', until, message: `Quiet hours: sending goes on at ${quietHours.end} (${quietHours.timeZone}).` });
      return 0;
    }
    this.rollDay(now);
    if (dailyCap !== null && this.sentToday >= dailyCap) {
      const until = nextMidnight(now, this.record.timeZone);
      this.holdUntil({ reason: 'daily_cap', until, message: `Today’s cap of ${plural(dailyCap, 'message')} is reached; sending goes on after midnight (${this.record.timeZone}).` });
      return 0;
    }
    if (this.hold && (this.hold.reason === 'quiet_hours' || this.hold.reason === 'daily_cap')) this.clearHold();
    return dailyCap === null ? limit : Math.min(limit, dailyCap - this.sentToday);
  }

  /** A new day in the business's zone: the cap counts from zero. */
  private rollDay(now: number): void {
    const today = localDay(now, this.record.timeZone);
    if (today === this.day) return;
    this.day = today;
    this.dayStart = dayStart(today, this.record.timeZone);
    this.sentToday = 0;
  }

  /** A hold that ends by itself at `until`: the lane is kicked then. */
  private holdUntil(hold: Hold): void {
    const same = this.hold?.reason === hold.reason && this.hold.until === hold.until;
    this.hold = hold;
    if (same && this.holdTimer) return;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (hold.until !== null) {
      this.holdTimer = setTimeout(() => {
        this.holdTimer = null;
        if (this.hold?.reason === hold.reason) this.clearHold();
        void this.lane.kick();
      }, Math.min(MAX_TIMER_MS, Math.max(0, hold.until - this.now()) + 5));
      this.holdTimer.unref();
    }
    this.options.changed(this.id);
  }

  private clearHold(): void {
    if (!this.hold) return;
    this.hold = null;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    this.options.changed(this.id);
  }

  /** Every change the pipeline made to this campaign's rows, once on disk. */
  private onApplied(applied: readonly AppliedTransition[]): void {
    for (const a of applied) {
      const t = a.transition;
      if (t.kind === 'sending') {
        this.rollDay(this.now());
        // A row sent again the same day (its first try was proven absent) counts once.
        if (a.previousAttempt === null || a.previousAttempt < this.dayStart) this.sentToday++;
      } else if (t.kind === 'accepted') {
        if (t.via === 'answer') this.onAnswer(null);
      } else if (t.kind === 'failed') {
        if (a.to === 'failed') this.onAnswer(t.failure.message);
        // No credit: the row kept its place; nothing more goes until the user tops up.
        else if (this.record.state === 'sending') this.runner.pause(this.id, `Paused: ${t.failure.message}`);
      } else if (t.kind === 'retry' && t.failure) {
        this.onNotSent(t.failure.code, t.failure.message, t.failure.retryAfterSeconds);
      }
    }
    this.runner.settle(this);
    this.options.changed(this.id);
  }

  private onAnswer(refusal: string | null): void {
    const now = this.now();
    if (refusal === null) {
      this.answers.push(now);
      // Answers to sends already under way do not end a Retry-After; its timer does.
      if (this.hold?.reason === 'offline' || (this.hold?.reason === 'rate_limited' && this.hold.until !== null && now >= this.hold.until)) this.clearHold();
      this.recover(now);
    }
    const trip = this.guard.answer(refusal);
    if (trip && this.record.state === 'sending') this.runner.pause(this.id, trip.reason);
  }

  /** A send that certainly did not go out; the row is back in line. */
  private onNotSent(code: string, message: string, retryAfterSeconds: number | undefined): void {
    if (code === 'auth' || code === 'not_configured') {
      if (this.record.state === 'sending') this.runner.pause(this.id, `Paused: ${message}`);
      return;
    }
    if (code === 'rate_limited') {
      // SMSGlobal asked to slow down: half the pace for now, and nothing until its Retry-After.
      const now = this.now();
      if (now - this.lastSlowdown > 1000) this.bucket.setRate(Math.max(1, this.bucket.perSecond / 2));
      this.lastSlowdown = now;
      const wait = (retryAfterSeconds ?? 1) * 1000;
      this.holdUntil({ reason: 'rate_limited', until: now + wait, message: `SMSGlobal asked the app to slow down; the pace is ${Math.round(this.bucket.perSecond)} a second for now.` });
      return;
    }
    if (code === 'network' || code === 'timeout') {
      this.hold = { reason: 'offline', until: null, message: 'SMSGlobal cannot be reached; sending goes on by itself when the connection is back.' };
      this.options.changed(this.id);
    }
  }

  /** After a 429, the pace climbs back to the set pace a step a second. */
  private recover(now: number): void {
    const target = this.record.settings.pacePerSecond;
    if (this.bucket.perSecond >= target || now - this.lastSlowdown < 1000 || now - this.lastRecovery < 1000) return;
    this.lastRecovery = now;
    this.bucket.setRate(Math.min(target, this.bucket.perSecond + target * RECOVERY_STEP));
  }

  /** The user resumed: the guardrails count afresh, the pace is the set one. */
  restart(): void {
    this.guard.reset();
    this.bucket.setRate(this.record.settings.pacePerSecond);
    this.clearHold();
    void this.lane.kick();
  }

  close(): void {
    this.closed = true;
    this.lane.close();
    this.bucket.close();
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
  }
}

export class CampaignRunner {
  private readonly runs = new Map<string, CampaignRun>();
  private readonly slots: SharedSlots;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Lanes that ended with answers still coming in: closing waits for them. */
  private readonly draining = new Set<Promise<void>>();
  private journal: Journal | null = null;

  constructor(private readonly options: RunnerOptions) {
    this.slots = new SharedSlots(options.delivery, options.concurrency);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The journal the runner works on (the open account's cache), or null. */
  use(journal: Journal | null): void {
    if (journal === this.journal) return;
    this.closeAll();
    this.journal = journal;
  }

  current(): Journal | null {
    return this.journal;
  }

  run(id: string): CampaignRun | null {
    return this.runs.get(id) ?? null;
  }

  /** Sends (or settles) a campaign the journal says is sending or finishing. */
  launch(record: CampaignRecord): CampaignRun | null {
    const journal = this.journal;
    if (!journal) return null;
    let run = this.runs.get(record.id);
    if (run) {
      run.record = record;
    } else {
      run = new CampaignRun(record, journal, this, this.options, this.slots);
      this.runs.set(record.id, run);
      this.slots.add(run.store);
    }
    if (!this.settle(run)) void run.lane.kick();
    return run;
  }

  /** Starts a scheduled campaign at its time (a late timer — the computer slept — makes it wait for the user instead). */
  schedule(record: CampaignRecord, lateAfterMs: number, onDue: (record: CampaignRecord, late: boolean) => void): void {
    this.unschedule(record.id);
    const startAt = record.settings.startAt ?? this.now();
    const arm = (): void => {
      const wait = startAt - this.now();
      if (wait > 0) {
        const timer = setTimeout(arm, Math.min(MAX_TIMER_MS, wait));
        timer.unref();
        this.timers.set(record.id, timer);
        return;
      }
      this.timers.delete(record.id);
      onDue(record, -wait > lateAfterMs);
    };
    arm();
  }

  unschedule(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  /** Writes a pause (by the user or a guardrail); the lane keeps settling unknown outcomes. */
  pause(id: string, reason: string): void {
    const run = this.runs.get(id);
    const journal = this.journal;
    if (!journal) return;
    journal.update(id, { state: 'paused', pauseReason: reason, notice: null }, this.now());
    this.options.log.info('campaign paused', { id, reason });
    if (run) {
      run.record = { ...run.record, state: 'paused', pauseReason: reason, notice: null };
      run.hold = null;
    }
    this.options.changed(id);
  }

  /**
   * Moves a campaign on when it has nothing left to do: sending → completed; a cancelled or
   * finished one closes its lane once nothing is in flight or unknown. True when the run ended.
   */
  settle(run: CampaignRun): boolean {
    const journal = this.journal;
    if (!journal) return false;
    const c = run.store.counts;
    if (run.record.state === 'sending' && run.open === 0) {
      const now = this.now();
      journal.update(run.id, { state: 'completed', finishedAt: now }, now);
      run.record = { ...run.record, state: 'completed', finishedAt: now };
      run.hold = null;
      this.options.log.info('campaign completed', { id: run.id });
      this.options.changed(run.id);
    }
    const finished = run.record.state === 'completed' || run.record.state === 'cancelled';
    if (finished && c.sending + c.unknown === 0 && this.options.delivery.inFlightCount(run.store) === 0) {
      this.end(run.id);
      return true;
    }
    return false;
  }

  end(id: string): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    this.slots.remove(run.store);
    run.close();
    const idle = run.lane.whenIdle().finally(() => this.draining.delete(idle));
    this.draining.add(idle);
  }

  /** Some campaign is sending now (the desktop asks before it closes its window or quits). */
  isSending(): boolean {
    for (const run of this.runs.values()) if (run.record.state === 'sending' && run.open > 0) return true;
    return false;
  }

  /** Sends what may go now and looks into unknown outcomes (the account just came back). */
  kick(): void {
    for (const run of this.runs.values()) void run.lane.kick();
  }

  async whenIdle(): Promise<void> {
    await Promise.all([...[...this.runs.values()].map((run) => run.lane.whenIdle()), ...this.draining]);
  }

  closeAll(): void {
    for (const id of [...this.runs.keys()]) this.end(id);
    for (const id of [...this.timers.keys()]) this.unschedule(id);
  }
}

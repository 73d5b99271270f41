import { backoffDelay, retryDelay, type BackoffPolicy } from '../backoff';
import type { Logger } from '../log';
import type { Delivery, DeliveryOutcome } from './delivery';
import type { DeliveryStore } from './delivery-store';

/**
 * A lane: one stream of records through the shared Delivery, with its own order and pace.
 *
 * - Order: the store hands out only the first record of each recipient's line (DeliveryStore.
 *   ready), so messages to one customer go in order, and an unknown outcome (or one waiting for
 *   the user) holds back only its own recipient; every other recipient goes on.
 * - Pace: up to `concurrency` POSTs at once, each batch marked `sending` in one durable commit
 *   before its POSTs leave, and an optional `pace` (a campaign's token bucket) asked first.
 * - Trouble: a send that certainly did not go out (no connection, no credentials, 429) pauses
 *   the lane by the app's backoff policy (or Retry-After); the record keeps its place.
 * - Unknown outcomes are reconciled in the background, in batches, re-checked with backoff; a
 *   reconciliation never blocks the lane's sends.
 *
 * Lanes share nothing but the Delivery and the API client, so a reply lane never waits behind a
 * campaign lane's records. (They do share the client's connection pool: a campaign lane's
 * concurrency must stay below it, leaving room for replies.)
 */

/** Limits how fast a lane sends: resolves with how many sends (1…max) may start now. */
export interface Pace {
  acquire(max: number): Promise<number>;
}

export interface LaneOptions {
  name: string;
  delivery: Delivery;
  /** The store to work on now (the open account's), or null when there is none. */
  store: () => DeliveryStore | null;
  /** POSTs in flight at most. */
  concurrency: number;
  pace?: Pace;
  /** Pauses after trouble and between re-checks of unknown outcomes (main/core/backoff.ts). */
  backoff: BackoffPolicy;
  log: Logger;
}

export class Lane {
  private stopped = false;
  private pumping: Promise<void> | null = null;
  private again = false;
  private readonly flights = new Set<Promise<void>>();
  /** Consecutive attempts that could not reach SMSGlobal. */
  private failures = 0;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconcileAt = Number.POSITIVE_INFINITY;
  /** Consecutive reconciliation rounds that left something unknown. */
  private rounds = 0;
  private readonly unregister: () => void;
  /** Free slots worth a commit while others are still in flight. */
  private readonly groupCommit: number;

  constructor(private readonly options: LaneOptions) {
    this.unregister = options.delivery.register(options.store);
    this.groupCommit = Math.max(1, Math.floor(options.concurrency / 4));
  }

  /** Works through the lane now: sends what is ready and looks into unknown outcomes. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // "Now" means now: a pause after trouble ends (the account just reconnected, or the user acted).
    this.pausedUntil = 0;
    this.scheduleReconcile(0);
    return this.pump();
  }

  private pump(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.fill()
      .catch((error: unknown) => this.options.log.error(`${this.options.name}: could not send`, { error }))
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          void this.pump();
        }
      });
    return this.pumping;
  }

  /** Starts sends until the lane is full, paused, or has nothing ready. */
  private async fill(): Promise<void> {
    const { delivery, concurrency, pace } = this.options;
    for (;;) {
      if (this.stopped || Date.now() < this.pausedUntil) return;
      const store = this.options.store();
      if (!store) return;
      // After trouble reaching SMSGlobal, one send at a time probes until one gets through.
      const inFlight = delivery.inFlightCount(store);
      const limit = this.failures > 0 ? 1 : concurrency;
      const free = limit - inFlight;
      // Slots are refilled a few at a time: each batch costs one durable commit before its POSTs.
      if (free <= 0 || (inFlight > 0 && free < this.groupCommit)) return;
      let ready = store.ready(free);
      if (ready.length === 0) return;
      if (pace) {
        const granted = await pace.acquire(ready.length);
        // The wait may have been long: the queue (or the account) may have changed meanwhile.
        if (this.stopped || this.options.store() !== store) return;
        const room = Math.min(granted, limit - delivery.inFlightCount(store));
        if (room <= 0) return;
        ready = store.ready(room);
        if (ready.length === 0) return;
      }
      let outcomes: Promise<DeliveryOutcome>[];
      try {
        outcomes = delivery.start(store, ready);
      } catch (error) {
        // Nothing went out (no credentials, or the mark could not be written): wait and try again.
        this.options.log.warn(`${this.options.name}: waiting to send`, { error });
        this.pause(backoffDelay(this.failures++, this.options.backoff));
        return;
      }
      for (const outcome of outcomes) this.track(outcome);
    }
  }

  private track(outcome: Promise<DeliveryOutcome>): void {
    const flight = outcome
      .then((result) => this.after(result))
      .catch((error: unknown) => this.options.log.error(`${this.options.name}: a send could not be followed up`, { error }))
      .finally(() => {
        this.flights.delete(flight);
        void this.pump();
      });
    this.flights.add(flight);
  }

  private after(outcome: DeliveryOutcome): void {
    switch (outcome.kind) {
      case 'accepted':
        this.failures = 0;
        return;
      case 'unknown':
        this.scheduleReconcile(this.firstCheckDelay());
        return;
      case 'not-sent':
        // Certainly not sent: the lane waits, the record keeps its place.
        this.pause(outcome.error.code === 'rate_limited' ? retryDelay(outcome.error, this.failures++, this.options.backoff) : backoffDelay(this.failures++, this.options.backoff));
        return;
      case 'refused':
        return;
    }
  }

  private pause(ms: number): void {
    if (this.stopped) return;
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = null;
      void this.pump();
    }, this.pausedUntil - Date.now());
    this.pauseTimer.unref();
  }

  /** The first look at a fresh unknown outcome: soon, but not at once (the list needs a moment). */
  private firstCheckDelay(): number {
    return this.options.backoff.baseMs;
  }

  /** Reconciles after `ms`, or sooner if already due sooner. */
  private scheduleReconcile(ms: number): void {
    if (this.stopped) return;
    const at = Date.now() + ms;
    if (this.reconcileTimer && at >= this.reconcileAt) return;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.reconcileAt = at;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileTimer = null;
      this.reconcileAt = Number.POSITIVE_INFINITY;
      void this.reconcile();
    }, ms);
    this.reconcileTimer.unref();
  }

  private reconcile(): Promise<void> {
    if (this.reconciling) {
      // One round at a time; the next one follows.
      return this.reconciling.then(() => this.scheduleReconcile(0));
    }
    const store = this.options.store();
    if (this.stopped || !store) return Promise.resolve();
    this.reconciling = this.options.delivery
      .reconcile(store)
      .then((report) => {
        if (report.resend > 0) void this.pump();
        if (report.waiting > 0) this.scheduleReconcile(backoffDelay(this.rounds++, this.options.backoff) + this.options.backoff.baseMs);
        else this.rounds = 0;
      })
      .catch((error: unknown) => {
        // Cannot look now (offline, no credentials): still unknown, looked at again later.
        this.options.log.info(`${this.options.name}: could not check the outgoing list yet`, { error });
        this.scheduleReconcile(backoffDelay(this.rounds++, this.options.backoff) + this.options.backoff.baseMs);
      })
      .finally(() => {
        this.reconciling = null;
      });
    return this.reconciling;
  }

  /** Resolves when nothing is being sent, written or reconciled right now. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const busy = [this.pumping, this.reconciling, ...this.flights].filter((p): p is Promise<void> => p !== null);
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    this.pauseTimer = null;
    this.reconcileTimer = null;
  }

  resume(): void {
    this.stopped = false;
    void this.kick();
  }

  close(): void {
    this.stop();
    this.unregister();
  }
}

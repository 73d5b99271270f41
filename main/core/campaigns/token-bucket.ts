import type { Pace } from '../send/lane';

/**
 * A campaign's rate limiter: a token bucket (tokens accrue at the pace, continuously) with a
 * sliding one-second window on top, so the achieved pace stays at the set pace and no one-second
 * window ever holds more sends than the pace allows, whatever the batching or the timers do.
 *
 * Grants come in small batches (what accrues in ~20 ms: one at 50/s, twenty at 1,000/s), so a
 * fast campaign costs one durable commit per batch rather than per message, and a slow one sends
 * each message on its own tick. The bucket holds at most ~100 ms of tokens, so a pause (quiet
 * hours, a full lane) never turns into a burst, and timer lateness is absorbed, not lost.
 *
 * The clock is injected: the app's is monotonic (performance.now), the tests' is fake.
 */

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface TokenBucketOptions {
  clock?: LimiterClock;
  /** Tokens worth this many ms make one batch. */
  batchMs?: number;
  /** The bucket holds tokens worth this many ms at most. */
  capacityMs?: number;
}

const WINDOW_MS = 1000;

export class TokenBucket implements Pace {
  private readonly clock: LimiterClock;
  private readonly batchMs: number;
  private readonly capacityMs: number;
  private rate: number;
  private tokens = 0;
  private last: number;
  /** Grants of the last second: [when, how many]. */
  private readonly window: [number, number][] = [];
  private windowSum = 0;
  private closed = false;

  constructor(rate: number, options: TokenBucketOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.batchMs = options.batchMs ?? 20;
    this.capacityMs = options.capacityMs ?? 100;
    this.rate = rate;
    this.last = this.clock.now();
    // A fresh bucket starts with one batch: the first send need not wait a tick.
    this.tokens = this.batch();
  }

  /** Messages per second now (a 429 slows it down; it recovers towards the set pace). */
  get perSecond(): number {
    return this.rate;
  }

  setRate(rate: number): void {
    this.refill(this.clock.now());
    this.rate = Math.max(0.1, rate);
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  private batch(): number {
    return Math.max(1, Math.floor((this.rate * this.batchMs) / 1000));
  }

  private capacity(): number {
    return Math.max(this.batch(), (this.rate * this.capacityMs) / 1000);
  }

  /** Sends allowed in any one-second window. */
  private windowLimit(): number {
    return Math.max(1, Math.floor(this.rate));
  }

  private refill(now: number): void {
    if (now > this.last) this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = Math.max(this.last, now);
    while (this.window.length > 0 && (this.window[0] as [number, number])[0] <= now - WINDOW_MS) {
      this.windowSum -= (this.window.shift() as [number, number])[1];
    }
  }

  /** How long until `want` more sends fit in the sliding window. */
  private windowWait(want: number, now: number): number {
    let excess = this.windowSum + want - this.windowLimit();
    if (excess <= 0) return 0;
    for (const [at, n] of this.window) {
      excess -= n;
      if (excess <= 0) return at + WINDOW_MS - now;
    }
    return WINDOW_MS;
  }

  /** Resolves with how many sends (1…max) may start now; 0 once closed. */
  async acquire(max: number): Promise<number> {
    for (;;) {
      if (this.closed || max <= 0) return 0;
      const now = this.clock.now();
      this.refill(now);
      const want = Math.min(max, this.batch());
      const room = this.windowLimit() - this.windowSum;
      const granted = Math.floor(Math.min(this.tokens, room, max));
      if (granted >= want) {
        this.tokens -= granted;
        this.window.push([now, granted]);
        this.windowSum += granted;
        return granted;
      }
      const tokenWait = this.tokens >= want ? 0 : ((want - this.tokens) * 1000) / this.rate;
      await this.clock.sleep(Math.max(1, Math.ceil(Math.max(tokenWait, this.windowWait(want, now)))));
    }
  }

  /** Ends every wait (the campaign stopped): they resolve with 0. */
  close(): void {
    this.closed = true;
  }
}

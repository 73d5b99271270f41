import { describe, expect, it } from 'vitest';
import { TokenBucket, type LimiterClock } from '../../../../main/core/campaigns/token-bucket';
import { busiestSecond } from '../../../helpers/campaigns';

/**
 * The rate limiter as a pure unit on a fake clock: a consumer that always wants more (a lane with
 * free slots) gets the set pace within 2%, never more than the pace in any one-second window, and
 * a slowed-down bucket obeys its new rate at once.
 */

class FakeClock implements LimiterClock {
  t = 0;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    // Timers fire late on a busy machine: up to 3 ms here.
    this.t += ms + ((this.t * 7919) % 4);
  }
}

/** Runs a greedy consumer for `seconds` of fake time; the start time of every granted send. */
async function drain(bucket: TokenBucket, clock: FakeClock, seconds: number, max = 48): Promise<number[]> {
  const sends: number[] = [];
  while (clock.t < seconds * 1000) {
    const n = await bucket.acquire(max);
    if (clock.t >= seconds * 1000) break;
    for (let i = 0; i < n; i++) sends.push(clock.t);
  }
  return sends;
}

describe('token bucket', () => {
  for (const pace of [1, 10, 50, 80, 333, 1000]) {
    it(`keeps ${pace}/s within 2% and never above it in any second`, async () => {
      const clock = new FakeClock();
      const bucket = new TokenBucket(pace, { clock });
      const sends = await drain(bucket, clock, 30);
      const achieved = sends.length / 30;
      expect(Math.abs(achieved - pace) / pace).toBeLessThanOrEqual(0.02);
      expect(busiestSecond(sends)).toBeLessThanOrEqual(pace);
    });
  }

  it('batches a fast pace and sends a slow one message by message', async () => {
    const clock = new FakeClock();
    const fast = new TokenBucket(1000, { clock });
    const grants: number[] = [];
    for (let i = 0; i < 50; i++) grants.push(await fast.acquire(48));
    // About 20 ms worth each: one commit for a batch, not per message.
    expect(Math.min(...grants.slice(1))).toBeGreaterThanOrEqual(20);
    const slow = new TokenBucket(5, { clock });
    for (let i = 0; i < 10; i++) expect(await slow.acquire(48)).toBe(1);
  });

  it('never grants more than asked, and does not bank tokens through a long idle spell', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(50, { clock });
    expect(await bucket.acquire(1)).toBe(1);
    clock.t += 60_000;
    // A minute idle is worth at most ~100 ms of tokens, not 3,000 sends at once.
    expect(await bucket.acquire(1_000)).toBeLessThanOrEqual(5);
    expect(await bucket.acquire(1)).toBe(1);
  });

  it('slows down at once and climbs back when told', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(100, { clock });
    await drain(bucket, clock, 5);
    bucket.setRate(25);
    const from = clock.t;
    const slowed: number[] = [];
    while (clock.t < from + 10_000) {
      const n = await bucket.acquire(48);
      for (let i = 0; i < n; i++) slowed.push(clock.t);
    }
    const rate = slowed.filter((t) => t >= from + 1000).length / 9;
    expect(rate).toBeGreaterThan(24);
    expect(rate).toBeLessThanOrEqual(25.5);
    expect(busiestSecond(slowed.filter((t) => t >= from + 1000))).toBeLessThanOrEqual(25);
    expect(bucket.perSecond).toBe(25);
  });

  it('ends waits with 0 once closed', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(1, { clock });
    expect(await bucket.acquire(1)).toBe(1);
    bucket.close();
    expect(await bucket.acquire(1)).toBe(0);
  });
});

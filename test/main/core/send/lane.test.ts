import { describe, expect, it } from 'vitest';
import { QueueStore } from '../../../../main/core/outbox/queue-store';
import { Lane, type Pace } from '../../../../main/core/send/lane';
import { postsTo, sendingServices } from '../../../helpers/outbox';
import { simulator } from '../../../helpers/simulator';

describe('a lane sending many recipients at once', () => {
  it('keeps each recipient’s order, stays within its concurrency, and asks its pace before each batch', async () => {
    const sim = await simulator({ accounts: [{ key: 'lane-key', secret: 'lane-secret-0123456789' }], replyRate: 0, faults: { latencyMs: 20, latencyJitterMs: 20 } });
    const { services } = await sendingServices(sim);
    // The reply lane stays out of the way: this lane has the queue to itself.
    services.outbox.stop();
    const ws = services.workspaces.require();
    const queue = new QueueStore(ws.db, ws.messages);
    const recipients = Array.from({ length: 30 }, (_, i) => `614123450${String(i).padStart(2, '0')}`);
    for (let round = 1; round <= 3; round++) for (const r of recipients) queue.enqueue(r, { type: 'text', text: `${r} #${round}` });

    let granted = 0;
    let inFlightMax = 0;
    // A stand-in for a campaign's token bucket: at most 5 sends per grant.
    const pace: Pace = {
      async acquire(max) {
        const n = Math.min(max, 5);
        granted += n;
        return n;
      },
    };
    const lane = new Lane({ name: 'test', delivery: services.delivery, store: () => queue, concurrency: 8, pace, backoff: { baseMs: 100, capMs: 1_000 }, log: services.log });
    const watch = setInterval(() => (inFlightMax = Math.max(inFlightMax, services.delivery.inFlightCount(queue))), 2);
    try {
      await lane.kick();
      await lane.whenIdle();
    } finally {
      clearInterval(watch);
      lane.close();
    }
    const states = ws.db.prepare<[], { state: string; n: number }>('SELECT state, count(*) AS n FROM outbox_queue GROUP BY state').all();
    expect(states).toEqual([{ state: 'sent', n: 90 }]);
    for (const r of recipients) expect(postsTo(sim, r).map((p) => p.text)).toEqual([`${r} #1`, `${r} #2`, `${r} #3`]);
    expect(inFlightMax).toBeGreaterThan(1);
    expect(inFlightMax).toBeLessThanOrEqual(8);
    expect(granted).toBeGreaterThanOrEqual(90);
  });
});

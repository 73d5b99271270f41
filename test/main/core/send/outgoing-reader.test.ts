import { describe, expect, it } from 'vitest';
import type { ListQuery } from '../../../../main/core/api/client';
import { planReads, readOutgoing } from '../../../../main/core/send/outgoing-reader';
import { clientFor, simulator } from '../../../helpers/simulator';

const DAY = 86_400_000;

describe('reading the outgoing list for reconciliation', () => {
  it('merges calibrated windows into few reads for every number, and reads wide ones per number', () => {
    const s = (n: number): number => 1_790_000_000_000 + n * 1000;
    expect(
      planReads([
        { recipient: 'a', window: [s(0), s(5)], narrow: true },
        { recipient: 'b', window: [s(6), s(9)], narrow: true },
        { recipient: 'c', window: [s(30), s(32)], narrow: true },
        { recipient: 'd', window: [s(0) - DAY, s(0) + DAY], narrow: false },
        { recipient: 'd', window: [s(10) - DAY, s(10) + DAY], narrow: false },
        { recipient: 'e', window: [s(0) - DAY, s(0) + DAY], narrow: false },
      ]),
    ).toEqual([
      { window: [s(0), s(9)] },
      { window: [s(30), s(32)] },
      { window: [s(0) - DAY, s(10) + DAY], destination: 'd' },
      { window: [s(0) - DAY, s(0) + DAY], destination: 'e' },
    ]);
  });

  it('reads every entry of a window holding more than one query can reach', async () => {
    const sim = await simulator({ outgoing: 12_000, incoming: 0, months: 1 });
    const client = clientFor(sim);
    const now = Date.now();
    const read = await readOutgoing(client, { window: [Math.floor((now - 40 * DAY) / 1000) * 1000, Math.floor(now / 1000) * 1000] });
    expect(read).toHaveLength(12_000);
    expect(new Set(read.map((m) => m.id)).size).toBe(12_000);
  });

  it('reads a window again when its total changes while it is paged (late listings)', async () => {
    let clock = Date.now();
    const sim = await simulator({ outgoing: 3_000, incoming: 0, months: 1, now: () => clock, faults: { listingDelayMs: 10 * DAY } });
    const client = clientFor(sim);
    let reads = 0;
    // SMSGlobal's list fills in late entries while the app pages through it: here, after the first page.
    const lagging = {
      async listOutgoing(query: ListQuery) {
        const page = await client.listOutgoing(query);
        if (++reads === 1) clock += 5 * DAY;
        return page;
      },
    };
    const start = Math.floor((clock - 40 * DAY) / 1000) * 1000;
    const read = await readOutgoing(lagging, { window: [start, Math.floor(clock / 1000) * 1000 + DAY] });
    const listedNow = sim.store.outgoing.filter((m) => m.createdAt <= clock - 10 * DAY);
    expect(read.length).toBe(listedNow.length);
    expect(reads).toBeGreaterThan(4);
  });
});

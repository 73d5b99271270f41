import { describe, expect, it } from 'vitest';
import { coverageBound, coveredByNewest, coveredByWitness, listWindow, offsetsFrom, WitnessLog, type Witness } from '../../../../main/core/send/coverage';
import { seededRandom } from '../../../../main/simulator/random';

const floorSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/**
 * A model of one account: SMSGlobal's list clock runs `offset` ahead of the app's monotonic clock
 * (hours, when the account's time zone is set wrong), a send is created on the server somewhere
 * between its POST and its answer, and the list shows that moment rounded down to the second.
 */
function model(seed: number) {
  const random = seededRandom(seed);
  const offset = Math.round((random() - 0.5) * 2 * 14 * 3_600_000) + Math.round(random() * 1000);
  let mono = 1_000_000 + Math.round(random() * 1_000_000);
  const send = (): { startedAt: number; createdAt: number; answeredAt: number; listedAt: number } => {
    mono += Math.round(random() * 3_000);
    const startedAt = mono;
    const createdAt = startedAt + Math.round(random() * 400);
    const answeredAt = createdAt + Math.round(random() * 400);
    mono = answeredAt;
    return { startedAt, createdAt, answeredAt, listedAt: floorSecond(createdAt + offset) };
  };
  const witness = (s: ReturnType<typeof send>, id: string): Witness => ({ providerId: id, recipient: '614', startedAt: s.startedAt, answeredAt: s.answeredAt, wallAt: s.answeredAt, listedAt: s.listedAt });
  return { offset, send, witness, now: () => ({ mono, wall: mono }) };
}

describe('coverage: when the outgoing list proves an attempt would be listed', () => {
  it('calibration always contains the true offset, and windows always contain the true listing', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const m = model(seed);
      const witnesses = Array.from({ length: 1 + (seed % 7) }, (_, i) => m.witness(m.send(), String(i)));
      const offsets = offsetsFrom(witnesses);
      expect(offsets, `seed ${seed}`).not.toBeNull();
      if (!offsets) continue;
      expect(offsets.lo).toBeLessThanOrEqual(m.offset);
      expect(offsets.hi).toBeGreaterThanOrEqual(m.offset);
      const attempt = m.send();
      const { window, narrow } = listWindow({ startedAt: attempt.startedAt, settledAt: attempt.answeredAt, attemptedAt: attempt.startedAt }, offsets, m.now());
      expect(narrow).toBe(true);
      expect(attempt.listedAt, `seed ${seed}`).toBeGreaterThanOrEqual(window[0]);
      expect(attempt.listedAt, `seed ${seed}`).toBeLessThanOrEqual(window[1]);
    }
  });

  it('a listed entry at or past the bound was created after the attempt, for every offset and latency', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const m = model(seed);
      const offsets = offsetsFrom([m.witness(m.send(), '1'), m.witness(m.send(), '2')]);
      if (!offsets) throw new Error('no calibration');
      const attempt = m.send();
      const bound = coverageBound(attempt.answeredAt, offsets);
      // Entries created later, at every spacing: whenever one counts as evidence, it came after.
      for (let i = 0; i < 20; i++) {
        const later = m.send();
        if (later.listedAt >= bound) expect(later.createdAt, `seed ${seed}`).toBeGreaterThan(attempt.createdAt);
      }
      // An entry created before the attempt never counts.
      expect(coveredByNewest([{ key: 'a', settledAt: attempt.answeredAt }], offsets, attempt.listedAt)).toEqual([]);
    }
  });

  it('a witness covers the attempts that were over when its POST started, and no others', () => {
    const m = model(7);
    const early = m.send();
    const witness = m.witness(m.send(), 'w');
    const late = m.send();
    const covered = coveredByWitness(
      [
        { key: 'early', settledAt: early.answeredAt },
        { key: 'late', settledAt: late.answeredAt },
      ],
      witness,
    );
    expect(covered).toEqual(['early']);
  });

  it('without calibration, looks a day either side of the stored time and proves nothing by clock', () => {
    const window = listWindow({ startedAt: null, settledAt: 5_000, attemptedAt: Date.UTC(2026, 10, 30, 9, 30, 15, 500) }, null, { mono: 6_000, wall: Date.UTC(2026, 10, 30, 9, 31) });
    expect(window).toEqual({ window: [Date.UTC(2026, 10, 29, 9, 30, 15), Date.UTC(2026, 11, 1, 9, 31)], at: Date.UTC(2026, 10, 30, 9, 30, 15, 500), narrow: false });
  });

  it('distrusts calibration whose bounds cross', () => {
    expect(offsetsFrom([])).toBeNull();
    const a: Witness = { providerId: '1', recipient: '614', startedAt: 1_000, answeredAt: 1_100, wallAt: 1_100, listedAt: 10_000 };
    const b: Witness = { ...a, providerId: '2', startedAt: 5_000, answeredAt: 5_100, wallAt: 5_100, listedAt: 10_000 };
    expect(offsetsFrom([a, b])).toBeNull();
  });

  it('forgets witnesses taken before a clock jump (the computer slept) and old ones', () => {
    const log = new WitnessLog(2048, 60_000);
    const w = (id: string, mono: number, wall: number): Witness => ({ providerId: id, recipient: '614', startedAt: mono - 100, answeredAt: mono, wallAt: wall, listedAt: floorSecond(wall) });
    log.add(w('1', 1_000, 1_000_000));
    log.add(w('2', 2_000, 1_001_000));
    expect(log.usable({ mono: 3_000, wall: 1_002_000 }).map((x) => x.providerId)).toEqual(['1', '2']);
    // The monotonic clock stood still for an hour while the wall clock went on.
    expect(log.usable({ mono: 3_000, wall: 1_002_000 + 3_600_000 })).toEqual([]);
    log.add(w('3', 3_500, 4_602_500));
    expect(log.firstFrom(2_500, { mono: 4_000, wall: 4_603_000 })?.providerId).toBe('3');
    // Older than the log keeps them.
    expect(log.usable({ mono: 70_000, wall: 4_669_000 })).toEqual([]);
  });
});

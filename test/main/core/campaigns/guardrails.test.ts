import { describe, expect, it } from 'vitest';
import { Guardrails, grouped } from '../../../../main/core/campaigns/guardrails';
import { PROGRESS_INTERVAL_MS, ProgressTicker } from '../../../../main/core/campaigns/progress';

/** The guardrails' arithmetic, pure: 10 refusals in a row, or more than 20% of the last 50 answers. */

const REFUSED = 'SMSGlobal refused the request: template not found';

describe('guardrails', () => {
  it('trip on the 10th refusal in a row, not the 9th', () => {
    const guard = new Guardrails();
    for (let i = 0; i < 40; i++) expect(guard.answer(null)).toBeNull();
    for (let i = 0; i < 9; i++) expect(guard.answer(REFUSED)).toBeNull();
    const trip = guard.answer(REFUSED);
    expect(trip?.reason).toBe(`Paused: SMSGlobal refused the last 10 messages in a row. Reasons: 10 times: “${REFUSED}”. Check the template and its parameters, then resume.`);
  });

  it('an accepted answer breaks the run', () => {
    const guard = new Guardrails();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) expect(guard.answer(REFUSED)).toBeNull();
      for (let i = 0; i < 40; i++) expect(guard.answer(null)).toBeNull();
    }
  });

  it('trip when more than 20% of the last 50 answers were refused, with the reasons grouped', () => {
    const guard = new Guardrails();
    const trips: string[] = [];
    // Every fourth answer refused (25%), in two words: after 50 answers more than 10 are refused.
    for (let i = 0; i < 60; i++) {
      const refusal = i % 4 === 3 ? (i % 8 === 3 ? 'Parameter {{2}} is too long' : REFUSED) : null;
      const trip = guard.answer(refusal);
      if (trip) trips.push(trip.reason);
    }
    expect(trips[0]).toMatch(/^Paused: SMSGlobal refused 11 of the last 4[0-9] messages\. Reasons: 6 times: “.*”; 5 times: “.*”\./);
    // 20% exactly does not trip.
    const edge = new Guardrails();
    for (let i = 0; i < 200; i++) expect(edge.answer(i % 5 === 0 ? REFUSED : null)).toBeNull();
  });

  it('start afresh after a reset (the user resumed)', () => {
    const guard = new Guardrails();
    for (let i = 0; i < 9; i++) guard.answer(REFUSED);
    guard.reset();
    expect(guard.answer(REFUSED)).toBeNull();
  });

  it('group reasons most frequent first, without a doubled full stop', () => {
    expect(grouped(['b.', 'a', 'b.', 'a', 'b.'])).toBe('Reasons: 3 times: “b”; 2 times: “a”.');
  });
});

describe('progress events', () => {
  it('at most one every 100 ms in all, each campaign in turn, the latest state', async () => {
    const emitted: [string, number][] = [];
    const ticker = new ProgressTicker((id) => emitted.push([id, performance.now()]));
    const started = performance.now();
    while (performance.now() - started < 550) {
      ticker.mark('a');
      ticker.mark('b');
      await new Promise((r) => setTimeout(r, 2));
    }
    ticker.close();
    expect(emitted.length).toBeGreaterThanOrEqual(3);
    expect(emitted.length).toBeLessThanOrEqual(7);
    for (let i = 1; i < emitted.length; i++) expect((emitted[i]?.[1] ?? 0) - (emitted[i - 1]?.[1] ?? 0)).toBeGreaterThanOrEqual(PROGRESS_INTERVAL_MS - 2);
    expect(new Set(emitted.map(([id]) => id))).toEqual(new Set(['a', 'b']));
    expect(emitted.slice(0, 2).map(([id]) => id)).toEqual(['a', 'b']);
  });
});

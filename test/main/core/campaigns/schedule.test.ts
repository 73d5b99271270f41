import { describe, expect, it } from 'vitest';
import { estimateDuration, isQuiet, localDay, nextMidnight, nextQuietStart, quietEndsAt } from '../../../../main/core/campaigns/schedule';
import { formatIsoWithOffset } from '../../../../shared/dates';
import type { QuietHours } from '../../../../shared/campaign-runs';

/** Quiet hours, the daily cap's day and the duration estimate: pure, on instants chosen by hand, across DST changes. */

const SYDNEY = 'Australia/Sydney';
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number, zone = SYDNEY): string => formatIsoWithOffset(ms, zone);
const night: QuietHours = { start: '21:00', end: '08:00', timeZone: SYDNEY };
const lunch: QuietHours = { start: '12:00', end: '13:30', timeZone: SYDNEY };
const HOUR = 3_600_000;

describe('quiet hours', () => {
  it('wrap midnight: quiet from 21:00 to 08:00, wall time in the business zone', () => {
    expect(isQuiet(at('2026-06-10T20:59:00+10:00'), night)).toBe(false);
    expect(isQuiet(at('2026-06-10T21:00:00+10:00'), night)).toBe(true);
    expect(isQuiet(at('2026-06-11T03:00:00+10:00'), night)).toBe(true);
    expect(isQuiet(at('2026-06-11T07:59:59+10:00'), night)).toBe(true);
    expect(isQuiet(at('2026-06-11T08:00:00+10:00'), night)).toBe(false);
    expect(iso(quietEndsAt(at('2026-06-10T22:30:00+10:00'), night))).toBe('2026-06-11T08:00:00+10:00');
    expect(iso(quietEndsAt(at('2026-06-11T02:00:00+10:00'), night))).toBe('2026-06-11T08:00:00+10:00');
    expect(iso(nextQuietStart(at('2026-06-11T09:00:00+10:00'), night))).toBe('2026-06-11T21:00:00+10:00');
    // Outside quiet hours nothing waits.
    expect(quietEndsAt(at('2026-06-11T09:00:00+10:00'), night)).toBe(at('2026-06-11T09:00:00+10:00'));
  });

  it('within a day: quiet from 12:00 to 13:30', () => {
    expect(isQuiet(at('2026-06-10T11:59:00+10:00'), lunch)).toBe(false);
    expect(isQuiet(at('2026-06-10T13:00:00+10:00'), lunch)).toBe(true);
    expect(iso(quietEndsAt(at('2026-06-10T12:10:00+10:00'), lunch))).toBe('2026-06-10T13:30:00+10:00');
    expect(iso(nextQuietStart(at('2026-06-10T14:00:00+10:00'), lunch))).toBe('2026-06-11T12:00:00+10:00');
  });

  it('across the night clocks go forward (Sydney, 2026-10-04 02:00 → 03:00)', () => {
    const q: QuietHours = { start: '01:00', end: '02:30', timeZone: SYDNEY };
    // 02:30 does not exist that night: the quiet spell ends when the clocks jump, at 03:00 (+11).
    const end = quietEndsAt(at('2026-10-04T01:30:00+10:00'), q);
    expect(iso(end)).toBe('2026-10-04T03:00:00+11:00');
    expect(isQuiet(end, q)).toBe(false);
    expect(end - at('2026-10-04T01:30:00+10:00')).toBe(0.5 * HOUR);
    // The usual night: 21:00 → 08:00 is 10 hours long instead of 11.
    expect(quietEndsAt(at('2026-10-03T21:00:00+10:00'), night) - at('2026-10-03T21:00:00+10:00')).toBe(10 * HOUR);
  });

  it('across the night clocks go back (Sydney, 2026-04-05 03:00 → 02:00)', () => {
    // 21:00 → 08:00 lasts 12 hours that night.
    expect(quietEndsAt(at('2026-04-04T21:00:00+11:00'), night) - at('2026-04-04T21:00:00+11:00')).toBe(12 * HOUR);
    // Quiet 02:00–02:30 happens twice, both times quiet; between them it is not.
    const q: QuietHours = { start: '02:00', end: '02:30', timeZone: SYDNEY };
    expect(isQuiet(at('2026-04-05T02:10:00+11:00'), q)).toBe(true);
    expect(iso(quietEndsAt(at('2026-04-05T02:10:00+11:00'), q))).toBe('2026-04-05T02:30:00+11:00');
    expect(isQuiet(at('2026-04-05T02:45:00+11:00'), q)).toBe(false);
    expect(isQuiet(at('2026-04-05T02:10:00+10:00'), q)).toBe(true);
    expect(iso(quietEndsAt(at('2026-04-05T02:10:00+10:00'), q))).toBe('2026-04-05T02:30:00+10:00');
  });

  it('in a zone with a half-hour offset (Adelaide) and one west of UTC (New York)', () => {
    const adelaide: QuietHours = { start: '22:00', end: '07:00', timeZone: 'Australia/Adelaide' };
    expect(isQuiet(at('2026-06-10T12:45:00Z'), adelaide)).toBe(true); // 22:15 +09:30
    expect(formatIsoWithOffset(quietEndsAt(at('2026-06-10T12:45:00Z'), adelaide), 'Australia/Adelaide')).toBe('2026-06-11T07:00:00+09:30');
    const ny: QuietHours = { start: '20:00', end: '09:00', timeZone: 'America/New_York' };
    // 2026-03-08 02:00 → 03:00 in New York.
    const end = quietEndsAt(at('2026-03-07T21:00:00-05:00'), ny);
    expect(formatIsoWithOffset(end, 'America/New_York')).toBe('2026-03-08T09:00:00-04:00');
    expect(end - at('2026-03-07T21:00:00-05:00')).toBe(11 * HOUR);
  });
});

describe('the daily cap’s day', () => {
  it('ends at the zone’s midnight, whatever the DST change', () => {
    expect(iso(nextMidnight(at('2026-06-10T15:00:00+10:00'), SYDNEY))).toBe('2026-06-11T00:00:00+10:00');
    expect(iso(nextMidnight(at('2026-04-04T23:00:00+11:00'), SYDNEY))).toBe('2026-04-05T00:00:00+11:00');
    expect(iso(nextMidnight(at('2026-04-05T00:00:00+11:00'), SYDNEY))).toBe('2026-04-06T00:00:00+10:00');
    expect(localDay(at('2026-06-10T23:59:59+10:00'), SYDNEY)).toBe(localDay(at('2026-06-10T00:00:00+10:00'), SYDNEY));
  });

  it('where midnight does not exist (Santiago, 2026-09-06: 00:00 → 01:00), the day starts at 01:00', () => {
    const santiago = 'America/Santiago';
    const next = nextMidnight(at('2026-09-05T20:00:00-04:00'), santiago);
    expect(formatIsoWithOffset(next, santiago)).toBe('2026-09-06T01:00:00-03:00');
    expect(localDay(next, santiago)).toBe(localDay(at('2026-09-05T20:00:00-04:00'), santiago) + 1);
  });
});

describe('the duration estimate', () => {
  const timing = { pace: 10, dailyCap: null, quietHours: null, timeZone: SYDNEY };

  it('at the pace alone: the last of N sends goes (N − 1) / pace after the first', () => {
    expect(estimateDuration(1, timing, 0)).toMatchObject({ durationMs: 0, days: 1 });
    expect(estimateDuration(1_000, timing, at('2026-06-10T09:00:00+10:00'))).toMatchObject({ durationMs: 99_900, days: 1 });
    expect(estimateDuration(0, timing, 0)).toMatchObject({ durationMs: 0, days: 0 });
  });

  it('with a daily cap: the rest goes after each midnight', () => {
    const start = at('2026-06-10T09:00:00+10:00');
    const estimate = estimateDuration(600, { ...timing, dailyCap: 250 }, start);
    // 250 today, 250 from midnight, the last 100 from the next midnight.
    expect(estimate.days).toBe(3);
    expect(iso(estimate.endsAt)).toBe('2026-06-12T00:00:09+10:00');
    // What the cap already counted today is taken into account: 5 today, 5 after midnight.
    expect(estimateDuration(10, { ...timing, dailyCap: 250 }, start, 245).endsAt).toBe(at('2026-06-11T00:00:00.400+10:00'));
  });

  it('with quiet hours: nothing goes between 21:00 and 08:00', () => {
    const start = at('2026-06-10T20:59:00+10:00');
    // 60 s before quiet hours at 10/s: 600 sends, then the rest from 08:00.
    const estimate = estimateDuration(700, { ...timing, quietHours: night }, start);
    expect(estimate.endsAt).toBe(at('2026-06-11T08:00:09.900+10:00'));
    expect(estimate.days).toBe(2);
  });

  it('adds years of capped days at once instead of day by day', () => {
    const start = at('2026-06-10T09:00:00+10:00');
    const estimate = estimateDuration(1_000_000, { ...timing, dailyCap: 1 }, start);
    // One today, then one a day from each midnight: the millionth goes 999,998 days after the first
    // midnight (give or take the DST hour of the day it lands on).
    expect(Math.abs(estimate.endsAt - (at('2026-06-11T00:00:00+10:00') + 999_998 * 86_400_000))).toBeLessThanOrEqual(HOUR);
    expect(estimate.days).toBe(1_000_000);
  });
});

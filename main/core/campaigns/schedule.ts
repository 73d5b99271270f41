import { timeZoneOffsetMinutes } from '../../../shared/dates';
import type { QuietHours } from '../../../shared/campaign-runs';

/**
 * When a campaign may send: quiet hours and the daily cap's day, both in the business's time
 * zone, and how long a campaign takes at its pace. Pure functions of an instant (epoch ms), so
 * they are tested with any clock, across DST changes.
 *
 * Wall time is read through the zone's offset at that instant; a wall time that does not exist
 * (the hour skipped when clocks go forward) maps to the instant after the gap, and one that
 * happens twice (clocks go back) to its first occurrence. Quiet hours are wall-time rules: during
 * a repeated hour that lies inside them, both occurrences are quiet.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Epoch ms as if the zone's wall time were UTC (so day and minute arithmetic is plain division). */
function wallMs(at: number, timeZone: string): number {
  return at + timeZoneOffsetMinutes(at, timeZone) * MINUTE_MS;
}

/** The zone's calendar day of an instant, as a day number (days since 1970-01-01 in wall time). */
export function localDay(at: number, timeZone: string): number {
  return Math.floor(wallMs(at, timeZone) / DAY_MS);
}

function minuteOfDay(at: number, timeZone: string): number {
  const wall = wallMs(at, timeZone);
  return Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / MINUTE_MS);
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const QUARTER_MS = 15 * MINUTE_MS;

/**
 * The instants a wall time (as if UTC) stands for, earliest first: one usually; two when the
 * clocks go back and it happens twice; none when they go forward over it — then the instant the
 * clocks jump, the first one after the wall time. Offsets change only on quarter hours.
 */
export function wallInstants(wall: number, timeZone: string): number[] {
  const before = timeZoneOffsetMinutes(wall - DAY_MS / 2, timeZone);
  const after = timeZoneOffsetMinutes(wall + DAY_MS / 2, timeZone);
  const found = [...new Set([wall - before * MINUTE_MS, wall - after * MINUTE_MS])].filter((t) => wallMs(t, timeZone) === wall).sort((a, b) => a - b);
  if (found.length > 0) return found;
  // In the gap: the first quarter hour already on the later offset is when the clocks jumped.
  let t = Math.ceil((wall - after * MINUTE_MS) / QUARTER_MS) * QUARTER_MS;
  while (timeZoneOffsetMinutes(t, timeZone) !== after && t < wall - before * MINUTE_MS) t += QUARTER_MS;
  return [t];
}

/** The first instant of the zone's calendar day `day` (its midnight, or the end of a gap over it). */
export function dayStart(day: number, timeZone: string): number {
  return wallInstants(day * DAY_MS, timeZone)[0] as number;
}

/** The first instant of the next calendar day in the zone. */
export function nextMidnight(at: number, timeZone: string): number {
  return dayStart(localDay(at, timeZone) + 1, timeZone);
}

export function isQuiet(at: number, quiet: QuietHours): boolean {
  const m = minuteOfDay(at, quiet.timeZone);
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** The first instant after `at` whose wall time is `minute` into a day, from the zone's day `day` on. */
function wallInstant(day: number, minute: number, timeZone: string, at: number): number {
  for (let d = day; d <= day + 2; d++) {
    const instant = wallInstants(d * DAY_MS + minute * MINUTE_MS, timeZone).find((t) => t > at);
    if (instant !== undefined) return instant;
  }
  return at + DAY_MS;
}

/** When sending may go on: `at` itself outside quiet hours, else the end of the quiet spell. */
export function quietEndsAt(at: number, quiet: QuietHours): number {
  if (!isQuiet(at, quiet)) return at;
  const end = wallInstant(localDay(at, quiet.timeZone), minutes(quiet.end), quiet.timeZone, at);
  // The end may land inside a repeated hour that is quiet again (clocks went back): look again from there.
  return isQuiet(end, quiet) ? quietEndsAt(end + MINUTE_MS - (end % MINUTE_MS), quiet) : end;
}

/** When the next quiet spell starts (`at` itself when already quiet). */
export function nextQuietStart(at: number, quiet: QuietHours): number {
  if (isQuiet(at, quiet)) return at;
  return wallInstant(localDay(at, quiet.timeZone), minutes(quiet.start), quiet.timeZone, at);
}

export interface Timing {
  /** Messages per second. */
  pace: number;
  dailyCap: number | null;
  quietHours: QuietHours | null;
  /** The zone whose midnight resets the daily cap. */
  timeZone: string;
}

export interface DurationEstimate {
  /** From `start` to the last send. */
  durationMs: number;
  /** When the last send goes. */
  endsAt: number;
  /** Calendar days it spans, in the cap's zone. */
  days: number;
}

/** Simulated spells at most; beyond, whole capped days are added at once. */
const MAX_SPELLS = 5_000;

/**
 * How long `recipients` sends take from `start` at the pace, waiting out quiet hours and the
 * daily cap (`sentToday`: what the cap has already counted on `start`'s day).
 */
export function estimateDuration(recipients: number, timing: Timing, start: number, sentToday = 0): DurationEstimate {
  const { pace, dailyCap, quietHours, timeZone } = timing;
  const gap = 1000 / pace;
  let at = start;
  let remaining = recipients;
  let day = localDay(at, timeZone);
  let used = sentToday;
  let last = start;
  for (let spell = 0; remaining > 0; spell++) {
    if (quietHours && isQuiet(at, quietHours)) {
      at = quietEndsAt(at, quietHours);
      continue;
    }
    const today = localDay(at, timeZone);
    if (today !== day) {
      day = today;
      used = 0;
    }
    if (spell >= MAX_SPELLS && dailyCap !== null) {
      // Years of capped days: a cap's worth each day from its midnight, so the rest is arithmetic.
      const from = used >= dailyCap ? nextMidnight(at, timeZone) : at;
      const fullDays = Math.ceil(remaining / dailyCap) - 1;
      last = from + fullDays * DAY_MS + (remaining - fullDays * dailyCap - 1) * gap;
      break;
    }
    if (dailyCap !== null && used >= dailyCap) {
      at = nextMidnight(at, timeZone);
      continue;
    }
    let until = Number.POSITIVE_INFINITY;
    if (quietHours) until = Math.min(until, nextQuietStart(at, quietHours));
    if (dailyCap !== null) until = Math.min(until, nextMidnight(at, timeZone));
    const fits = until === Number.POSITIVE_INFINITY ? remaining : Math.ceil((until - at) / gap);
    const count = Math.min(remaining, dailyCap === null ? remaining : dailyCap - used, fits);
    if (count <= 0) {
      at = until;
      continue;
    }
    last = at + (count - 1) * gap;
    at += count * gap;
    remaining -= count;
    used += count;
  }
  const endsAt = recipients > 0 ? last : start;
  return { durationMs: Math.max(0, endsAt - start), endsAt, days: recipients > 0 ? localDay(endsAt, timeZone) - localDay(start, timeZone) + 1 : 0 };
}

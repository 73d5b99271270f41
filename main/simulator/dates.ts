/**
 * Dates as the simulated account speaks them (API notes, "Lists, dates and limits"): answers
 * carry "Y-m-d H:i:s ±hhmm" in the account's zone; request filters are "Y-m-d H:i:s" wall time
 * in that zone. Written apart from the client's shared/dates.ts on purpose: a mistake there must
 * show up against this code in a test, not cancel itself out.
 *
 * Wall times the zone skips or repeats are read the way PHP's DateTime reads them (SMSGlobal's
 * API is PHP): a repeated wall time is its first occurrence; a skipped one moves forward by the
 * size of the gap.
 */

const MINUTE = 60_000;
/** Every UTC offset change since 1970 happens on a quarter hour of UTC. */
const QUARTER = 15 * MINUTE;
const DAY = 86_400_000;

const offsetNames = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function offsetName(timeZone: string): Intl.DateTimeFormat {
  let format = offsetNames.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetNames.set(timeZone, format);
  }
  return format;
}

const GMT_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/;

/** Minutes east of UTC in `timeZone` at an instant, from the zone's own name for it ("GMT+05:45"). */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  let byQuarter = offsetCache.get(timeZone);
  if (!byQuarter) {
    byQuarter = new Map();
    offsetCache.set(timeZone, byQuarter);
  }
  const quarter = Math.floor(epochMs / QUARTER);
  const cached = byQuarter.get(quarter);
  if (cached !== undefined) return cached;
  const name = offsetName(timeZone)
    .formatToParts(new Date(quarter * QUARTER))
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = GMT_OFFSET.exec(name ?? '');
  if (!match) throw new Error(`no UTC offset for ${timeZone}: ${String(name)}`);
  const [, sign, hours, minutes] = match;
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
  if (byQuarter.size > 100_000) byQuarter.clear();
  byQuarter.set(quarter, offset);
  return offset;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** "2020-08-18 10:36:29 +1000": a createdDate as the API writes it. */
export function accountDate(epochMs: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(epochMs, timeZone);
  const wall = new Date(epochMs + offset * MINUTE);
  const abs = Math.abs(offset);
  return (
    `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())} ` +
    `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())} ` +
    `${offset < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}

/**
 * The instant a request's wall time means in `timeZone`. `wall` is the wall time's fields read as
 * if they were UTC (Date.UTC(y, m, d, h, mi, s)).
 */
export function accountWallTimeToEpoch(wall: number, timeZone: string): number {
  // The offsets either side of this wall time; they differ only near a change.
  const before = zoneOffsetMinutes(wall - DAY, timeZone);
  const after = zoneOffsetMinutes(wall + DAY, timeZone);
  const readings = [before, after].map((offset) => wall - offset * MINUTE).filter((at) => zoneOffsetMinutes(at, timeZone) * MINUTE === wall - at);
  // Repeated: the first occurrence. Skipped: read with the offset before the gap, which lands
  // after the gap, as far past its start as the wall time was.
  return readings.length > 0 ? Math.min(...readings) : wall - before * MINUTE;
}

/**
 * Dates as SMSGlobal's API speaks them. Requests carry "Y-m-d H:i:s" in the account's time zone;
 * responses carry "Y-m-d H:i:s ±hhmm" (offset included). Pure functions over Intl, so the
 * renderer, main and the simulator share them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes to add to UTC to get the wall time in timeZone at that instant. */
export function timeZoneOffsetMinutes(epochMs: number, timeZone: string): number {
  // Offsets only change on quarter hours; caching per 15-minute bucket keeps bulk formatting fast.
  const bucket = Math.floor(epochMs / 900_000);
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * 900_000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  const offset = Math.round((wall - at) / 60_000);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function wallParts(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "Y-m-d H:i:s" wall time in the account's zone: the API's request format. */
export function formatApiDate(epochMs: number, timeZone: string): string {
  return wallParts(epochMs, timeZoneOffsetMinutes(epochMs, timeZone));
}

/** "Y-m-d H:i:s ±hhmm": the API's response format. */
export function formatApiDateWithOffset(epochMs: number, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wallParts(epochMs, offset)} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** ISO 8601 with the zone's offset ("2026-11-25T09:30:00+11:00"): one instant, unambiguous for spreadsheets and people alike. */
export function formatIsoWithOffset(epochMs: number, timeZone: string): string {
  const offset = timeZoneOffsetMinutes(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wallParts(epochMs, offset).replace(' ', 'T')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The UTC instant of a wall time in a zone. In a DST gap the wall time does not exist and maps
 * to the instant after the gap; in an overlap the earlier instant wins.
 */
export function zonedWallTimeToEpoch(wallAsUtcMs: number, timeZone: string): number {
  let guess = wallAsUtcMs - timeZoneOffsetMinutes(wallAsUtcMs, timeZone) * 60_000;
  for (let i = 0; i < 2; i++) {
    const next = wallAsUtcMs - timeZoneOffsetMinutes(guess, timeZone) * 60_000;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

const API_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a date from the API. With an offset ("2020-08-18 10:36:29 +1000", ISO strings) the
 * offset is used; without one the wall time is read in `timeZone` (the account's zone).
 * Returns epoch milliseconds, or null when the text is not a date.
 */
export function parseApiDate(text: string, timeZone: string): number | null {
  const match = API_DATE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  // Out-of-range parts ("0000-00-00 00:00:00", month 13) would silently roll over; they are not dates.
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0)] as const;
  if (parts[0] < 1970 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return null;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  if (Number.isNaN(wall)) return null;
  if (!zone) return zonedWallTimeToEpoch(wall, timeZone);
  if (zone === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  return wall - offset * 60_000;
}

/** "Y-m-d H:i:s" wall time at a fixed UTC offset (minutes east of UTC). */
export function formatApiDateAtOffset(epochMs: number, offsetMinutes: number): string {
  return wallParts(epochMs, offsetMinutes);
}

const TRAILING_OFFSET = /(?:\s|\d)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The UTC offset a response date carries ("… +1000" → 600, "… -0330" → -210, "…Z" → 0), in
 * minutes east of UTC; null when it has none. This is the account's own clock speaking.
 */
export function apiDateOffsetMinutes(text: string): number | null {
  const match = TRAILING_OFFSET.exec(text.trim());
  const zone = match?.[1];
  if (!zone) return null;
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  if (minutes > 14 * 60 + 45 || Number(digits.slice(2, 4)) > 59) return null;
  return zone.startsWith('-') ? -minutes : minutes;
}

/** "UTC+05:30", "UTC−03:30" (a real minus sign), "UTC+00:00": an offset as people read it. */
export function formatUtcOffset(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '\u2212' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The IANA zones whose offset at `epochMs` is `offsetMinutes` (from this runtime's list). */
export function zonesAtOffset(offsetMinutes: number, epochMs: number, zones: readonly string[] = Intl.supportedValuesOf('timeZone')): string[] {
  return zones.filter((zone) => timeZoneOffsetMinutes(epochMs, zone) === offsetMinutes);
}

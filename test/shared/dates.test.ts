import { describe, expect, it } from 'vitest';
import { apiDateOffsetMinutes, formatApiDate, formatApiDateAtOffset, formatApiDateWithOffset, formatIsoWithOffset, formatUtcOffset, parseApiDate, zonesAtOffset } from '../../shared/dates';

describe('API dates', () => {
  it('parses response dates with their offset, not as UTC', () => {
    expect(parseApiDate('2020-08-18 10:36:29 +1000', 'UTC')).toBe(Date.UTC(2020, 7, 18, 0, 36, 29));
    expect(parseApiDate('2020-08-18 10:36:29 -0530', 'UTC')).toBe(Date.UTC(2020, 7, 18, 16, 6, 29));
    expect(parseApiDate('2020-08-18T10:36:29Z', 'Australia/Sydney')).toBe(Date.UTC(2020, 7, 18, 10, 36, 29));
    expect(parseApiDate('2020-08-18T10:36:29+02:00', 'UTC')).toBe(Date.UTC(2020, 7, 18, 8, 36, 29));
  });

  it('reads offset-less dates in the account time zone', () => {
    expect(parseApiDate('2026-01-15 09:00:00', 'Australia/Sydney')).toBe(Date.UTC(2026, 0, 14, 22, 0, 0)); // AEDT +11
    expect(parseApiDate('2026-07-15 09:00:00', 'Australia/Sydney')).toBe(Date.UTC(2026, 6, 14, 23, 0, 0)); // AEST +10
  });

  it('rejects what is not a date', () => {
    expect(parseApiDate('yesterday', 'UTC')).toBeNull();
    expect(parseApiDate('', 'UTC')).toBeNull();
    expect(parseApiDate('0000-00-00 00:00:00', 'UTC')).toBeNull();
    expect(parseApiDate('2026-13-01 00:00:00 +0000', 'UTC')).toBeNull();
    expect(parseApiDate('2026-02-01 24:00:00', 'UTC')).toBeNull();
  });

  it('formats request dates as wall time in the account zone', () => {
    const instant = Date.UTC(2026, 10, 24, 22, 30, 0);
    expect(formatApiDate(instant, 'Australia/Sydney')).toBe('2026-11-25 09:30:00');
    expect(formatApiDate(instant, 'UTC')).toBe('2026-11-24 22:30:00');
    expect(formatApiDateWithOffset(instant, 'Australia/Sydney')).toBe('2026-11-25 09:30:00 +1100');
    expect(formatApiDateWithOffset(instant, 'America/New_York')).toBe('2026-11-24 17:30:00 -0500');
    // Exports: ISO 8601 with the offset, which spreadsheets and parsers read as one instant.
    expect(formatIsoWithOffset(instant, 'Australia/Sydney')).toBe('2026-11-25T09:30:00+11:00');
    expect(formatIsoWithOffset(instant, 'Asia/Kathmandu')).toBe('2026-11-25T04:15:00+05:45');
    expect(formatIsoWithOffset(instant, 'America/St_Johns')).toBe('2026-11-24T19:00:00-03:30');
    expect(new Date(formatIsoWithOffset(instant, 'America/St_Johns')).getTime()).toBe(instant);
  });

  it('round-trips through format and parse across DST changes', () => {
    for (const tz of ['Australia/Sydney', 'Europe/London', 'America/Los_Angeles', 'Asia/Kolkata']) {
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3 * 3600_000 + 17_000) {
        const whole = Math.floor(t / 1000) * 1000;
        expect(parseApiDate(formatApiDateWithOffset(whole, tz), 'UTC')).toBe(whole);
      }
    }
  });

  it('reads the account\'s UTC offset from a response date', () => {
    expect(apiDateOffsetMinutes('2020-08-18 10:36:29 +1000')).toBe(600);
    expect(apiDateOffsetMinutes('2020-08-18 10:36:29 -0330')).toBe(-210);
    expect(apiDateOffsetMinutes('2026-07-01 10:00:00 +1245')).toBe(765);
    expect(apiDateOffsetMinutes('2026-07-01T10:00:00+05:45')).toBe(345);
    expect(apiDateOffsetMinutes('2026-07-01T10:00:00Z')).toBe(0);
    expect(apiDateOffsetMinutes('2026-07-01 10:00:00')).toBeNull();
    expect(apiDateOffsetMinutes('2026-07-01 10:00:00 +2500')).toBeNull();
    expect(apiDateOffsetMinutes('2026-07-01 10:00:00 +0975')).toBeNull();
  });

  it('writes request dates at a fixed offset, and offsets as people read them', () => {
    const instant = Date.UTC(2026, 3, 4, 14, 0, 0);
    expect(formatApiDateAtOffset(instant, 825)).toBe('2026-04-05 03:45:00');
    expect(formatApiDateAtOffset(instant, 765)).toBe('2026-04-05 02:45:00');
    expect(formatApiDateAtOffset(instant, -210)).toBe('2026-04-04 10:30:00');
    expect(formatUtcOffset(-300)).toBe('UTC\u221205:00');
    expect(formatUtcOffset(765)).toBe('UTC+12:45');
    expect(formatUtcOffset(0)).toBe('UTC+00:00');
  });

  it('lists the zones at an offset at a given moment', () => {
    const winter = Date.UTC(2026, 6, 1);
    expect(zonesAtOffset(765, winter)).toEqual(['Pacific/Chatham']);
    expect(zonesAtOffset(-150, winter)).toContain('America/St_Johns');
    expect(zonesAtOffset(-150, Date.UTC(2026, 0, 1))).not.toContain('America/St_Johns');
    expect(zonesAtOffset(600, winter)).toEqual(expect.arrayContaining(['Australia/Sydney', 'Australia/Brisbane']));
  });
});

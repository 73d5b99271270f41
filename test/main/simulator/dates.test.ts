import { describe, expect, it } from 'vitest';
import { accountDate, accountWallTimeToEpoch, zoneOffsetMinutes } from '../../../main/simulator/dates';

/** Expected values come from the zones' published rules (IANA tz database), not from other code. */
const wall = (y: number, mo: number, d: number, h: number, mi: number, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s);

describe('the simulated account\'s dates', () => {
  it('knows half- and three-quarter-hour offsets, and their DST', () => {
    const winter = Date.UTC(2026, 6, 1);
    const summer = Date.UTC(2026, 0, 15);
    expect(zoneOffsetMinutes(winter, 'Asia/Kolkata')).toBe(330);
    expect(zoneOffsetMinutes(winter, 'Australia/Eucla')).toBe(525);
    expect([zoneOffsetMinutes(winter, 'Pacific/Chatham'), zoneOffsetMinutes(summer, 'Pacific/Chatham')]).toEqual([765, 825]);
    expect([zoneOffsetMinutes(winter, 'Australia/Lord_Howe'), zoneOffsetMinutes(summer, 'Australia/Lord_Howe')]).toEqual([630, 660]);
    expect([zoneOffsetMinutes(winter, 'America/St_Johns'), zoneOffsetMinutes(summer, 'America/St_Johns')]).toEqual([-150, -210]);
    expect(zoneOffsetMinutes(winter, 'UTC')).toBe(0);
  });

  it('writes createdDate as "Y-m-d H:i:s ±hhmm" in the account\'s zone', () => {
    expect(accountDate(Date.UTC(2020, 7, 18, 0, 36, 29), 'Australia/Sydney')).toBe('2020-08-18 10:36:29 +1000');
    expect(accountDate(Date.UTC(2026, 6, 1, 12, 0, 0), 'America/St_Johns')).toBe('2026-07-01 09:30:00 -0230');
    // Chatham leaves daylight time at 2026-04-04 14:00 UTC: 03:45 +1345 becomes 02:45 +1245.
    expect(accountDate(Date.UTC(2026, 3, 4, 13, 59, 59), 'Pacific/Chatham')).toBe('2026-04-05 03:44:59 +1345');
    expect(accountDate(Date.UTC(2026, 3, 4, 14, 0, 0), 'Pacific/Chatham')).toBe('2026-04-05 02:45:00 +1245');
  });

  it('reads a filter\'s wall time like PHP: a repeated one as its first occurrence, a skipped one moved forward', () => {
    // Plain: 2026-07-01 09:30:00 in St John's (−02:30).
    expect(accountWallTimeToEpoch(wall(2026, 7, 1, 9, 30), 'America/St_Johns')).toBe(Date.UTC(2026, 6, 1, 12, 0));
    // Repeated (Chatham, 02:45–03:45 on 2026-04-05): the first, at +13:45.
    expect(accountWallTimeToEpoch(wall(2026, 4, 5, 3, 0), 'Pacific/Chatham')).toBe(Date.UTC(2026, 3, 4, 13, 15));
    expect(accountWallTimeToEpoch(wall(2026, 4, 5, 3, 45), 'Pacific/Chatham')).toBe(Date.UTC(2026, 3, 4, 15, 0));
    // Skipped (Lord Howe springs forward 30 minutes at 02:00 on 2026-10-04): 02:10 is read as 02:40 (+11).
    expect(accountWallTimeToEpoch(wall(2026, 10, 4, 2, 10), 'Australia/Lord_Howe')).toBe(Date.UTC(2026, 9, 3, 15, 40));
    expect(accountWallTimeToEpoch(wall(2026, 10, 4, 1, 59, 59), 'Australia/Lord_Howe')).toBe(Date.UTC(2026, 9, 3, 15, 29, 59));
  });
});

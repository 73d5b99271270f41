import { describe, expect, it } from 'vitest';
import { dayAndTime, fullTimeWithZone } from '../../renderer/src/time';

const at = (y: number, mo: number, d: number, h: number, mi: number): number => new Date(y, mo - 1, d, h, mi).getTime();
const clock = (t: number): string => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(t);

describe('times as people read them', () => {
  it('say which day a time near now falls on', () => {
    const now = at(2025, 3, 4, 22, 15);
    expect(dayAndTime(at(2025, 3, 4, 23, 10), now)).toBe(`today ${clock(at(2025, 3, 4, 23, 10))}`);
    expect(dayAndTime(at(2025, 3, 5, 2, 33), now)).toBe(`tomorrow ${clock(at(2025, 3, 5, 2, 33))}`);
    expect(dayAndTime(at(2025, 3, 3, 9, 0), now)).toBe(`yesterday ${clock(at(2025, 3, 3, 9, 0))}`);
    const later = at(2025, 3, 9, 9, 0);
    expect(dayAndTime(later, now)).toBe(`${new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(later)} ${clock(later)}`);
  });

  it('name the zone wherever a full time is written', () => {
    const text = fullTimeWithZone(Date.UTC(2025, 2, 4, 10, 36, 29));
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(Date.UTC(2025, 2, 4, 10, 36, 29)).find((p) => p.type === 'timeZoneName')?.value;
    expect(zone).toBeTruthy();
    expect(text).toContain(zone ?? '');
    expect(text).toMatch(/2025/);
  });
});

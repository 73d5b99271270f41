import { describe, expect, it } from 'vitest';
import { chartBars } from '../../renderer/src/screens/campaigns/ResultsChart';
import { countsLine, duration } from '../../renderer/src/screens/campaigns/labels';
import { initialSendForm, toSettings } from '../../renderer/src/screens/campaigns/send-settings';
import type { RecipientCounts, DeliveryCounts } from '../../shared/campaign-runs';

const counts = (patch: Partial<RecipientCounts>): RecipientCounts => ({ planned: 0, sending: 0, accepted: 0, failed: 0, unknown: 0, attention: 0, skipped: 0, cancelled: 0, ...patch });
const delivery = (patch: Partial<DeliveryCounts>): DeliveryCounts => ({ sent: 0, delivered: 0, read: 0, failed: 0, other: 0, ...patch });
const NOW = Date.UTC(2026, 10, 30, 0, 0);

describe('campaign send settings from the form', () => {
  const form = initialSendForm('customers.xlsx', 'order_ready');

  it('start from the defaults: 10 a second, no cap, no quiet hours, now', () => {
    const { settings, errors } = toSettings(form, 'Australia/Sydney', false, NOW);
    expect(errors).toEqual({});
    expect(settings).toEqual({ name: 'order_ready – customers', pacePerSecond: 10, dailyCap: null, quietHours: null, startAt: null, skipNotOnOptInList: false });
  });

  it('say what is wrong at the field it concerns', () => {
    const { settings, errors } = toSettings({ ...form, pace: '0', quiet: true, quietStart: '21:00', quietEnd: '21:00', name: ' ' }, 'Australia/Sydney', false, NOW);
    expect(settings).toBeNull();
    expect(errors['pace']).toEqual(['Send at least 1 message per second.']);
    expect(errors['quiet']).toEqual(['Quiet hours need a different start and end.']);
    expect(errors['name']).toEqual(['Give the campaign a name.']);
    expect(toSettings({ ...form, pace: '' }, 'Australia/Sydney', false, NOW).errors['pace']).toEqual(['Enter messages per second.']);
  });

  it('read a start time as wall time in the business’s zone, and refuse one that has passed', () => {
    // 09:00 in Sydney on 1 December 2026 (daylight time, UTC+11) is 22:00 UTC the day before.
    const later = toSettings({ ...form, startLater: true, startAt: '2026-12-01T09:00' }, 'Australia/Sydney', false, NOW);
    expect(later.settings?.startAt).toBe(Date.UTC(2026, 10, 30, 22, 0));
    expect(toSettings({ ...form, startLater: true, startAt: '2026-11-29T09:00' }, 'Australia/Sydney', false, NOW).errors['startAt']).toEqual(['That time has passed; choose a later one, or start now.']);
    expect(toSettings({ ...form, startLater: true, startAt: '' }, 'Australia/Sydney', false, NOW).errors['startAt']).toEqual(['Choose the day and time to start.']);
  });

  it('take a daily cap tier and quiet hours', () => {
    const { settings } = toSettings({ ...form, cap: '2000', quiet: true }, 'Europe/Berlin', true, NOW);
    expect(settings).toMatchObject({ dailyCap: 2000, quietHours: { start: '21:00', end: '08:00', timeZone: 'Europe/Berlin' }, skipNotOnOptInList: true });
  });
});

describe('the report in words and bars', () => {
  it('count what was sent of what could be, and the rest', () => {
    expect(countsLine({ total: 33, counts: counts({ accepted: 27, failed: 3, skipped: 3 }) })).toBe('27 of 30 sent · 3 failed · 3 skipped');
    expect(countsLine({ total: 5, counts: counts({ planned: 5 }) })).toBe('0 of 5 sent');
  });

  it('keep a send refused apart from a message not delivered, and list each reason for skipping', () => {
    const bars = chartBars({ counts: counts({ accepted: 27, failed: 3, attention: 1, skipped: 2 }), delivery: delivery({ delivered: 5, read: 1, failed: 1 }), skipped: [{ reason: 'Duplicate', count: 2 }] });
    expect(bars.map((b) => [b.label, b.value])).toEqual([
      ['Sent', 27],
      ['Delivered', 6],
      ['Read', 1],
      ['Failed to send', 3],
      ['Not delivered', 1],
      ['Needs attention', 1],
      ['Skipped: Duplicate', 2],
    ]);
  });

  it('say durations as people do', () => {
    expect(duration(400)).toBe('1 second');
    expect(duration(29_400)).toBe('29 seconds');
    expect(duration(3 * 60_000)).toBe('3 minutes');
    expect(duration(125 * 60_000)).toBe('2 hours 5 minutes');
    expect(duration(3 * 86_400_000)).toBe('3 days');
  });
});

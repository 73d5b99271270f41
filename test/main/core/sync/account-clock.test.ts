import { describe, expect, it } from 'vitest';
import type { Services } from '../../../../main/core/services';
import type { Simulator } from '../../../../main/simulator/server';
import { simulator } from '../../../helpers/simulator';
import { cacheIds, connectedServices, expectExactlyOnce, syncAccount } from '../../../helpers/sync-cache';

/**
 * The sync must be right whatever the clocks say: the account's zone (which Settings may not
 * know), its DST changes, and this computer's clock. The simulator plays an account in one zone
 * while the app's setting names another; its own clock (`now`) is moved where a test needs it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Customers write and the business sends, at the account's "now", between two syncs. */
function traffic(sim: Simulator, label: string, count: number): void {
  for (let i = 0; i < count; i++) {
    sim.store.addIncoming({ from: `6140055${String(1000 + i)}`, message: `${label} question ${i}` });
    sim.store.addOutgoing(`6140055${String(1000 + i)}`, `${label} answer ${i}`);
  }
}

async function syncDone(services: Services): Promise<void> {
  const status = await services.sync.start();
  expect(status.lastError).toBeNull();
  expect(status.phase).toBe('done');
}

/** The query of every list request the simulator logged (of one list, or both). */
function listTargets(sim: Simulator, path?: string): URLSearchParams[] {
  return sim
    .log()
    .filter((e) => e.method === 'GET' && (path ? e.path === path : e.path === '/v2/whatsapp/incoming' || e.path === '/v2/whatsapp/outgoing'))
    .map((e) => new URL(e.target, sim.url).searchParams);
}

/** "Y-m-d H:i:s" at a fixed offset, computed here without the app's date code. */
const wallAt = (epochMs: number, offsetMinutes: number): string => new Date(epochMs + offsetMinutes * MINUTE).toISOString().slice(0, 19).replace('T', ' ');

describe('sync whatever the account\'s time zone', () => {
  it('an account behind the setting (−05:00 against Sydney) gets every message created between syncs', { timeout: 60_000 }, async () => {
    const sim = await simulator({ incoming: 400, outgoing: 300, timeZone: 'America/Bogota', replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { timeZone: 'Australia/Sydney' });
    await syncDone(services);
    const accountId = services.account.accountId() ?? '';
    expectExactlyOnce(cacheIds(dataDir, accountId), sim);
    // The answers told the account's offset, which Settings (Sydney) does not have.
    expect(services.sync.status().accountClock).toMatchObject({ offsetMinutes: -300 });
    for (let round = 0; round < 3; round++) {
      const newestCached = Math.max(...sim.store.incoming.map((m) => m.createdAt));
      traffic(sim, `round ${round}`, 4);
      sim.clearLog();
      await syncDone(services);
      expectExactlyOnce(cacheIds(dataDir, accountId), sim);
      // One open-ended window per list, starting three hours before the newest message the last
      // run cached (SMSGlobal's stamp), written at the account's own offset, not Sydney's.
      for (const query of listTargets(sim)) expect(query.get('endDate')).toBeNull();
      const incoming = listTargets(sim, '/v2/whatsapp/incoming');
      expect(incoming.map((q) => q.get('startDate'))).toEqual([wallAt(Math.floor((newestCached - 3 * HOUR) / 1000) * 1000, -300)]);
    }
    const fresh = services.workspaces.require().queries.conversation('61400551000');
    expect(fresh?.lastPreview).toMatch(/round 2 answer 0/);
  });

  it('an account ahead of the setting (+12:45 against New York) gets them too, with this computer\'s clock months away', { timeout: 60_000 }, async () => {
    // Chatham in its winter (+12:45); the app's own clock is today's, months from the account's.
    let now = Date.UTC(2026, 6, 15, 3, 0, 0);
    const sim = await simulator({ incoming: 300, outgoing: 200, timeZone: 'Pacific/Chatham', now: () => now, replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { timeZone: 'America/New_York' });
    await syncDone(services);
    const accountId = services.account.accountId() ?? '';
    expect(services.sync.status().accountClock).toMatchObject({ offsetMinutes: 12 * 60 + 45 });
    for (let round = 0; round < 2; round++) {
      now += 7 * MINUTE;
      traffic(sim, `round ${round}`, 3);
      now += 3 * MINUTE;
      await syncDone(services);
      expectExactlyOnce(cacheIds(dataDir, accountId), sim);
    }
  });

  it.each([
    ['Asia/Kolkata', 'Australia/Sydney', Date.UTC(2026, 0, 20, 6, 0), 330],
    ['Australia/Eucla', 'Europe/London', Date.UTC(2026, 2, 10, 6, 0), 525],
    ['America/St_Johns', 'Asia/Tokyo', Date.UTC(2026, 6, 1, 12, 0), -150],
    ['Australia/Lord_Howe', 'UTC', Date.UTC(2026, 11, 1, 2, 0), 660],
    ['Pacific/Chatham', 'Pacific/Auckland', Date.UTC(2026, 11, 1, 2, 0), 825],
  ])('half- and three-quarter-hour offsets: %s with the setting on %s', { timeout: 60_000 }, async (accountZone, settingZone, at, offsetMinutes) => {
    let now = at;
    const sim = await simulator({ incoming: 150, outgoing: 100, timeZone: accountZone, now: () => now, replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { timeZone: settingZone });
    await syncDone(services);
    now += 5 * MINUTE;
    traffic(sim, 'later', 3);
    now += MINUTE;
    await syncDone(services);
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    expect(services.sync.status().accountClock?.offsetMinutes).toBe(offsetMinutes);
  });

  it('misses nothing when the account\'s clock falls back an hour, also during a run', { timeout: 60_000 }, async () => {
    // Pacific/Chatham leaves daylight time at 2026-04-04 14:00 UTC: 03:45 +1345 becomes 02:45 +1245,
    // so the hour of wall time after it happens twice.
    const change = Date.UTC(2026, 3, 4, 14, 0, 0);
    let now = change - 60 * MINUTE;
    const sim = await simulator({
      incoming: 300,
      outgoing: 200,
      timeZone: 'Pacific/Chatham',
      now: () => now,
      replyRate: 0,
      accounts: [syncAccount],
      // Slow enough answers that the run is still reading when its first page is written.
      faults: { latencyMs: 200 },
    });
    const { services, dataDir } = await connectedServices(sim, { timeZone: 'Australia/Sydney' });
    await syncDone(services);
    expect(services.sync.status().accountClock?.offsetMinutes).toBe(13 * 60 + 45);

    // Before the change, then across it while the next run is reading.
    for (let i = 0; i < 5; i++) {
      now += 10 * MINUTE;
      traffic(sim, `before ${i}`, 1);
    }
    let crossed = false;
    const off = services.events.subscribe(({ event, payload }) => {
      if (event !== 'sync.progress' || crossed || !payload.running || !payload.progress.some((p) => p.fetched > 0)) return;
      crossed = true;
      for (let i = 0; i < 6; i++) {
        now = change + (i * 10 + 1) * MINUTE; // 02:46 … 03:36 the second time round
        traffic(sim, `after ${i}`, 1);
      }
    });
    await syncDone(services);
    off();
    expect(crossed).toBe(true);
    now += 30 * MINUTE;
    await syncDone(services);
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    // The newest answers carry the new offset, which the next run writes its dates at.
    expect(services.sync.status().accountClock?.offsetMinutes).toBe(12 * 60 + 45);
  });

  it('a first sync beyond 10,000 messages splits its windows across DST changes without a gap', { timeout: 120_000 }, async () => {
    // Chatham changes twice a year, New York (the setting) on other dates; every split boundary
    // is written at one fixed offset per run.
    const sim = await simulator({ incoming: 14_000, outgoing: 600, months: 14, timeZone: 'Pacific/Chatham', replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { timeZone: 'America/New_York' });
    sim.clearLog();
    await syncDone(services);
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    const lists = listTargets(sim);
    // It did split (closed windows have an end date), and every request stayed within the API's limits.
    expect(lists.some((q) => q.get('endDate') !== null)).toBe(true);
    expect(sim.log().every((e) => e.status === 200)).toBe(true);
  });

  it('does not rely on the order lists answer in: oldest first, a first sync beyond 10,000 is still whole', { timeout: 120_000 }, async () => {
    const sim = await simulator({ incoming: 12_000, outgoing: 300, months: 8, listOrder: 'oldest-first', replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim);
    await syncDone(services);
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    // The probe's one item was the oldest; the clock kept is still the newest message's.
    const newest = Math.max(...[...sim.store.incoming, ...sim.store.outgoing].map((m) => m.createdAt));
    expect(services.sync.status().accountClock?.observedAt).toBe(newest);
  });
});

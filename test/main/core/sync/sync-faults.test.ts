import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../shared/history';
import type { Services } from '../../../../main/core/services';
import { control, simulator } from '../../../helpers/simulator';
import { cacheIds, connectedServices, expectExactlyOnce, syncAccount } from '../../../helpers/sync-cache';

/**
 * One bad page must not stop a sync: list reads are retried per page, and a run that still
 * fails says when the app tries again, and does. Waits are shortened for the tests.
 */

const quick = { pages: { backoff: { baseMs: 5, capMs: 50 } }, rerun: { floorMs: 300, backoff: { baseMs: 300, capMs: 1_000 } } };

/** Resolves with the first status pushed to the renderer that satisfies `done`. */
function nextStatus(services: Services, done: (status: SyncStatus) => boolean): Promise<SyncStatus> {
  return new Promise((resolve) => {
    const off = services.events.subscribe(({ event, payload }) => {
      if (event === 'sync.progress' && done(payload)) {
        off();
        resolve(payload);
      }
    });
  });
}

describe('a sync through a failing API', () => {
  it('completes in one run at 5 % unreadable answers, 10 % 429s and 5 % resets, with every message exactly once', { timeout: 120_000 }, async () => {
    // Enough to split the incoming history, so splits and resumed pages meet the faults too.
    const sim = await simulator({ incoming: 11_000, outgoing: 3_000, months: 6, replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { extra: { syncRetries: quick } });
    sim.faults.configure({ malformedRate: 0.05, errorRates: { '429': 0.1 }, resetBeforeRate: 0.05 });
    // With a few dozen requests a rate may not come up: one of each is scripted besides.
    await control(sim, 'POST', '/__sim/faults/rules', [
      { action: 'malformed', match: { path: '/v2/whatsapp/incoming' } },
      { action: 'reset-before', match: { path: '/v2/whatsapp/outgoing' } },
      { action: 'status', status: 429, retryAfter: 1, match: { path: '/v2/whatsapp/opt-in' } },
    ]);

    const status = await services.sync.start();
    expect(status.lastError).toBeNull();
    expect(status.phase).toBe('done');
    expect(status.nextAttemptAt).toBeNull();
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    // The faults did happen, each kind of them.
    const served = sim.faults.counts();
    expect(served['malformed'] ?? 0).toBeGreaterThan(0);
    expect(served['429'] ?? 0).toBeGreaterThan(0);
    expect(served['reset-before'] ?? 0).toBeGreaterThan(0);
  });

  it('stops after a bounded number of tries, keeps what it wrote, says when it tries again, and does', { timeout: 60_000 }, async () => {
    const sim = await simulator({ incoming: 2_500, outgoing: 1_500, replyRate: 0, accounts: [syncAccount] });
    const { services, dataDir } = await connectedServices(sim, { extra: { syncRetries: { ...quick, pages: { ...quick.pages, tries: 3 } } } });
    // After the first request (the probe for the account's offset), the incoming list answers
    // 503 three times in a row: that page gives up, and the run with it.
    const incoming = { method: 'GET', path: '/v2/whatsapp/incoming' };
    await control(sim, 'POST', '/__sim/faults/rules', [
      { action: 'delay', ms: 0, match: incoming },
      { action: 'status', status: 503, times: 3, match: incoming },
    ]);
    const rerun = nextStatus(services, (s) => s.phase === 'done' && !s.running);
    const before = Date.now();
    const failed = await services.sync.start();
    expect(failed.phase).toBe('failed');
    expect(failed.lastError?.code).toBe('server');
    // True words: no "try again in a moment" from a sync that schedules its own next run.
    expect(failed.lastError?.message).toMatch(/HTTP 503/);
    expect(failed.lastError?.message).not.toMatch(/try again/i);
    expect(failed.nextAttemptAt).toBeGreaterThanOrEqual(before + 300);
    expect(failed.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 1_000);
    // The unfinished window waits for the next run.
    expect(services.workspaces.require().syncState.get('in').pendingWindows).not.toEqual([]);

    const done = await rerun;
    expect(done.lastError).toBeNull();
    expect(done.nextAttemptAt).toBeNull();
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
  });

  it('waits as long as a long Retry-After asks before the next run', { timeout: 30_000 }, async () => {
    const sim = await simulator({ incoming: 300, outgoing: 100, replyRate: 0, accounts: [syncAccount] });
    // The client waits up to 1 s itself; SMSGlobal asks for two minutes.
    const { services } = await connectedServices(sim, { extra: { syncRetries: { ...quick, pages: { ...quick.pages, maxRetryWaitMs: 1_000 } } } });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 429, retryAfter: 120, times: 10 });
    const before = Date.now();
    const failed = await services.sync.start();
    expect(failed.phase).toBe('failed');
    expect(failed.lastError?.code).toBe('rate_limited');
    expect(failed.lastError?.message).toBe('SMSGlobal kept limiting requests, so the sync stopped before the end.');
    expect(failed.nextAttemptAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(failed.nextAttemptAt).toBeLessThanOrEqual(Date.now() + 121_000);
    // Sync now does not wait for the timer: it runs at once, and clears the schedule.
    await control(sim, 'DELETE', '/__sim/faults');
    const now = await services.sync.start();
    expect(now.phase).toBe('done');
    expect(now.nextAttemptAt).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../../main/core/events';
import type { Services } from '../../../../main/core/services';
import type { CampaignDetail, CampaignSummary } from '../../../../shared/campaign-runs';
import type { QueueItem } from '../../../../shared/outbox';
import { call, campaignState, checkedDraft, confirm, customerCsv, customerNumber, refusal, rowStates, templateSends } from '../../../helpers/campaigns';
import { sendingServices, until } from '../../../helpers/outbox';
import { simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase } from '../../../../main/core/db/database';
import { workspaceFile } from '../../../../main/core/workspace';

/**
 * When a campaign sends, against the simulator with a wall clock the test moves: the daily cap
 * (continues after the business's midnight), quiet hours, a start time, a start time that passed
 * while the app was closed, and resuming by itself after a restart — with sends that were under
 * way when the app died checked before anything is sent again.
 */

const KEY = 'schedule-key';
const SECRET = 'schedule-secret-0123456789';
const accounts = [{ key: KEY, secret: SECRET }];
const SYDNEY = 'Australia/Sydney';

/** A wall clock that runs with real time from a chosen instant, and can be moved. */
function movableClock(start: number): { now: () => number; moveTo(at: number): void } {
  let offset = start - Date.now();
  return { now: () => Date.now() + offset, moveTo: (at) => (offset = at - Date.now()) };
}

const accepted = (services: Services, id: string): number => Object.values(rowStates(services, id)).filter((s) => s === 'accepted').length;

describe('campaign schedule', () => {
  it('daily cap: stops at the cap and goes on after the business’s midnight', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const clock = movableClock(Date.parse('2026-06-10T22:00:00+10:00'));
    const { services, dispatch } = await sendingServices(sim, {}, tempDir(), { campaigns: { now: clock.now } });
    services.settings.update({ timeZone: SYDNEY });
    const draftId = await checkedDraft(services, customerCsv(7));
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 50, dailyCap: 3 });
    await until(() => accepted(services, summary.id) === 3);
    await services.campaigns.whenIdle();
    await new Promise((r) => setTimeout(r, 300));
    expect(accepted(services, summary.id)).toBe(3);
    const held = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(held.hold).toMatchObject({ reason: 'daily_cap', until: Date.parse('2026-06-11T00:00:00+10:00') });
    expect(held.etaMs).toBeGreaterThanOrEqual(2 * 3_600_000);

    // The next day: three more, then the cap again.
    clock.moveTo(Date.parse('2026-06-11T00:00:01+10:00'));
    services.campaigns.kick();
    await until(() => accepted(services, summary.id) === 6);
    await new Promise((r) => setTimeout(r, 300));
    expect(accepted(services, summary.id)).toBe(6);
    clock.moveTo(Date.parse('2026-06-12T00:00:01+10:00'));
    services.campaigns.kick();
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(templateSends(sim.log())).toHaveLength(7);
  });

  it('quiet hours: nothing goes between 21:00 and 08:00 in the business’s zone', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const clock = movableClock(Date.parse('2026-06-10T22:30:00+10:00'));
    const { services, dispatch } = await sendingServices(sim, {}, tempDir(), { campaigns: { now: clock.now } });
    const events: AnyEvent[] = [];
    services.events.subscribe((e) => events.push(e));
    const draftId = await checkedDraft(services, customerCsv(4));
    const summary = await confirm(dispatch, draftId, { quietHours: { start: '21:00', end: '08:00', timeZone: SYDNEY } });
    await until(() => events.some((e) => e.event === 'campaigns.progress' && e.payload.hold?.reason === 'quiet_hours'));
    await new Promise((r) => setTimeout(r, 300));
    expect(templateSends(sim.log())).toHaveLength(0);
    const hold = events.flatMap((e) => (e.event === 'campaigns.progress' && e.payload.hold ? [e.payload.hold] : [])).at(-1);
    expect(hold).toMatchObject({ reason: 'quiet_hours', until: Date.parse('2026-06-11T08:00:00+10:00'), message: 'Quiet hours: sending goes on at 08:00 (Australia/Sydney).' });
    clock.moveTo(Date.parse('2026-06-11T08:00:00+10:00'));
    services.campaigns.kick();
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(templateSends(sim.log())).toHaveLength(4);
  });

  it('starts at its set time, by itself', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(3));
    const summary = await confirm(dispatch, draftId, { startAt: Date.now() + 400 });
    expect(summary.state).toBe('scheduled');
    expect(summary.startedAt).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(templateSends(sim.log())).toHaveLength(0);
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(templateSends(sim.log())).toHaveLength(3);
  });

  it('a start time that passed while the app was closed waits for the user', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const dataDir = tempDir();
    const start = Date.parse('2026-06-10T09:00:00+10:00');
    const first = await sendingServices(sim, {}, dataDir, { campaigns: { now: () => start } });
    const draftId = await checkedDraft(first.services, customerCsv(3));
    const summary = await confirm(first.dispatch, draftId, { startAt: start + 3_600_000 });
    expect(summary.state).toBe('scheduled');
    await first.services.close();

    // Opened again at 11:00: the 10:00 start passed an hour ago.
    const { services, dispatch } = await sendingServices(sim, {}, dataDir, { campaigns: { now: () => start + 2 * 3_600_000 } });
    await until(() => campaignState(services, summary.id) === 'waiting');
    const waiting = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(waiting.notice).toMatch(/^Its start time \(10 June 2026, 10:00 am, Australia\/Sydney\) passed while the app was closed\. Start it when you are ready\.$/);
    expect(templateSends(sim.log())).toHaveLength(0);
    const started = await call<CampaignSummary>(dispatch, 'campaigns.start', { id: summary.id });
    expect(started.state).toBe('sending');
    expect(started.notice).toBeNull();
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(templateSends(sim.log())).toHaveLength(3);
    expect((await refusal(dispatch, 'campaigns.start', { id: summary.id })).code).toBe('conflict');
  });

  it('resumes by itself after a restart, checking the sends that were under way first; a paused one stays paused', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const dataDir = tempDir();
    const first = await sendingServices(sim, {}, dataDir);
    const accountId = first.services.account.accountId() ?? '';
    const running = await confirm(first.dispatch, await checkedDraft(first.services, customerCsv(30)), { pacePerSecond: 10 });
    const paused = await confirm(first.dispatch, await checkedDraft(first.services, customerCsv(5, [], 100), 'other.csv'), { name: 'Paused one', pacePerSecond: 1 });
    await call(first.dispatch, 'campaigns.pause', { id: paused.id });
    await until(() => accepted(first.services, running.id) >= 5);
    await first.services.close();
    // As if the app had died mid-send: the next planned row is on disk as sending, never posted.
    const cache = openDatabase(workspaceFile(dataDir, accountId), { migrations: accountMigrations });
    const next = cache.prepare<[string], { row: number }>("SELECT min(row) AS row FROM campaign_recipients WHERE campaign_id = ? AND state = 'planned'").get(running.id)?.row;
    cache.prepare("UPDATE campaign_recipients SET state = 'sending', attempts = 1, attempted_at = ? WHERE campaign_id = ? AND row = ?").run(Date.now(), running.id, next ?? 0);
    cache.close();

    const { services, dispatch } = await sendingServices(sim, {}, dataDir);
    await until(() => campaignState(services, running.id) === 'sending' && services.campaigns.isSending());
    const resumed = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: running.id });
    expect(resumed.notice).toBe('Resumed by itself after the app restarted. 1 message that was being sent when it stopped is checked against SMSGlobal’s list before anything is sent again.');
    await until(() => campaignState(services, running.id) === 'completed', 30_000);
    // Each of the 30 exactly once: the row left mid-send was never posted, proven absent, then sent.
    const mine = new Set(Array.from({ length: 30 }, (_, i) => customerNumber(i)));
    const sends = templateSends(sim.log()).filter(([to]) => mine.has(to));
    expect(sends).toHaveLength(30);
    expect(new Set(sends.map(([to]) => to)).size).toBe(30);
    const pausedNow = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: paused.id });
    expect(pausedNow.state).toBe('paused');
    expect(pausedNow.pauseReason).toBe('Paused by you.');
    expect(services.campaigns.isSending()).toBe(false);
  });

  it('test send: row 1’s message to the user’s own number, through the reply lane', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(3, []));
    const result = await call<{ localId: string; recipient: string }>(dispatch, 'campaigns.testSend', { draftId, to: '0412 999 000' });
    expect(result.recipient).toBe('61412999000');
    await until(() => templateSends(sim.log()).length === 1);
    expect(templateSends(sim.log())).toEqual([['61412999000', ['Customer 0', 'ORD-1000']]]);
    const queue = await call<{ items: QueueItem[] }>(dispatch, 'outbox.queue');
    expect(queue.items.every((i) => i.localId !== result.localId || i.state !== 'failed')).toBe(true);
    // A typing mistake is said at the field, and nothing is sent.
    const bad = await refusal(dispatch, 'campaigns.testSend', { draftId, to: 'my phone' });
    expect(bad.fields?.['to']).toBeDefined();
  });
});

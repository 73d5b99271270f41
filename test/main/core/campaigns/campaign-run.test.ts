import { describe, expect, it } from 'vitest';
import type { CampaignDetail, CampaignEstimate, CampaignSummary, RecipientRow } from '../../../../shared/campaign-runs';
import { call, campaignState, checkedDraft, confirm, customerCsv, customerNumber, refusal, rowStates, settingsFor, templateSends } from '../../../helpers/campaigns';
import { sendingServices, until } from '../../../helpers/outbox';
import { control, simulator } from '../../../helpers/simulator';

/**
 * A campaign from confirmation to its report, against the simulator through the IPC contract:
 * every row journaled (skipped ones with their reason), each ready row sent once with its own
 * parameters, its message in the outbox tagged with the campaign, and the report's pages.
 */

const KEY = 'campaign-key';
const SECRET = 'campaign-secret-0123456789';
const accounts = [{ key: KEY, secret: SECRET }];

describe('a campaign', () => {
  it('journals every row, sends each ready row once, and reports it', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const csv = customerCsv(30, [
      ['Dup', `0${customerNumber(3).slice(2)}`, 'ORD-X'],
      ['Letters', '0412 ABC', 'ORD-Y'],
      ['Excel', '6.14123E+10', 'ORD-Z'],
    ]);
    const draftId = await checkedDraft(services, csv);

    const estimate = await call<CampaignEstimate>(dispatch, 'campaigns.estimate', { draftId, settings: settingsFor({ pacePerSecond: 10 }) });
    expect(estimate.recipients).toBe(30);
    expect(estimate.skipped).toEqual(expect.arrayContaining([{ reason: 'Duplicate', count: 1 }, { reason: 'Invalid number', count: 1 }, { reason: 'Damaged by Excel', count: 1 }]));
    // 30 sends at 10 a second: the last goes 2.9 s after the first.
    expect(estimate.durationMs).toBeCloseTo(2_900, -1);
    expect(estimate.days).toBe(1);

    const summary = await confirm(dispatch, draftId);
    expect(summary.total).toBe(33);
    expect(summary.state).toBe('sending');
    await until(() => campaignState(services, summary.id) === 'completed');

    // Each ready row exactly once, with its own parameters.
    const sends = templateSends(sim.log());
    expect(sends).toHaveLength(30);
    for (let i = 0; i < 30; i++) expect(sends.filter(([to]) => to === customerNumber(i))).toEqual([[customerNumber(i), [`Customer ${i}`, `ORD-${1000 + i}`]]]);

    const detail = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(detail.counts).toMatchObject({ accepted: 30, skipped: 3, planned: 0, failed: 0 });
    expect(detail.skipped).toEqual(expect.arrayContaining([{ reason: 'Duplicate', count: 1 }, { reason: 'Invalid number', count: 1 }, { reason: 'Damaged by Excel', count: 1 }]));
    expect(detail.finishedAt).toEqual(expect.any(Number));
    expect(detail.delivery.sent + detail.delivery.delivered + detail.delivery.read + detail.delivery.failed + detail.delivery.other).toBe(30);

    // The skipped rows carry the check's reason; a page searches by name and by number as typed.
    const skipped = await call<{ total: number; rows: RecipientRow[] }>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'skipped' });
    expect(skipped.total).toBe(3);
    expect(skipped.rows.map((r) => r.row)).toEqual([32, 33, 34]);
    expect(skipped.rows[0]?.error).toMatch(/Same number as row 5/);
    const byName = await call<{ total: number; rows: RecipientRow[] }>(dispatch, 'campaigns.recipients', { id: summary.id, search: 'customer 12' });
    expect(byName.rows.map((r) => r.name)).toEqual(['Customer 12']);
    const byNumber = await call<{ total: number; rows: RecipientRow[] }>(dispatch, 'campaigns.recipients', { id: summary.id, search: `0${customerNumber(7).slice(2)}` });
    expect(byNumber.rows).toMatchObject([{ recipient: customerNumber(7), state: 'accepted', params: ['Customer 7', 'ORD-1007'], providerId: expect.any(String), delivery: 'sent' }]);

    // The messages are in the outbox like any other, tagged with the campaign.
    const outbox = services.workspaces.require().queries.outbox({}, 0, 100);
    const tagged = outbox.items.filter((m) => m.campaign?.id === summary.id);
    expect(tagged).toHaveLength(30);
    expect(tagged[0]?.campaign?.name).toBe('Spring sale');
    expect(tagged.every((m) => m.providerId !== null)).toBe(true);
  });

  it('confirming the same draft again answers the same campaign and sends nothing twice', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(5));
    const [a, b] = await Promise.all([confirm(dispatch, draftId), confirm(dispatch, draftId, { name: 'Another name' })]);
    expect(b.id).toBe(a.id);
    expect(b.name).toBe('Spring sale');
    await until(() => campaignState(services, a.id) === 'completed');
    const again = await confirm(dispatch, draftId);
    expect(again.id).toBe(a.id);
    const list = await call<{ total: number; items: CampaignSummary[] }>(dispatch, 'campaigns.list', {});
    expect(list.total).toBe(1);
    expect(templateSends(sim.log())).toHaveLength(5);
  });

  it('cancel leaves the unsent rows unsent and says how many', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(40));
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 5 });
    await until(() => Object.values(rowStates(services, summary.id)).filter((s) => s === 'accepted').length >= 3);
    const cancelled = await call<CampaignSummary & { unsent: number }>(dispatch, 'campaigns.cancel', { id: summary.id });
    expect(cancelled.state).toBe('cancelled');
    await services.campaigns.whenIdle();
    const states = Object.values(rowStates(services, summary.id));
    const sent = states.filter((s) => s === 'accepted').length;
    expect(cancelled.unsent).toBe(states.filter((s) => s === 'cancelled').length);
    expect(sent + cancelled.unsent).toBe(40);
    expect(cancelled.unsent).toBeGreaterThan(20);
    await new Promise((r) => setTimeout(r, 300));
    expect(templateSends(sim.log())).toHaveLength(sent);
    expect((await refusal(dispatch, 'campaigns.cancel', { id: summary.id })).code).toBe('conflict');
    // A finished campaign's journal can be deleted; its messages stay.
    expect(await call(dispatch, 'campaigns.delete', { id: summary.id })).toEqual({ deleted: true });
    expect(services.workspaces.require().queries.outbox({}, 0, 100).items.filter((m) => m.content.type === 'template')).toHaveLength(sent);
    await control(sim, 'DELETE', '/__sim/faults');
  });

  it('a customer who opts out while the campaign runs is skipped, not sent', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(20));
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 10 });
    // Confirmed with everyone ready; the last customer says STOP (here: by hand) before their turn.
    const late = customerNumber(19);
    services.optOuts.set({ number: `+${late}`, action: 'out', note: 'asked on the phone' });
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(templateSends(sim.log()).map(([to]) => to)).not.toContain(late);
    expect(templateSends(sim.log())).toHaveLength(19);
    const skipped = await call<{ rows: RecipientRow[] }>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'skipped', search: '', offset: 0, limit: 10 });
    expect(skipped.rows).toHaveLength(1);
    expect(skipped.rows[0]).toMatchObject({ recipient: late, state: 'skipped' });
    expect(skipped.rows[0]?.error).toMatch(/opted out .* after the campaign was confirmed/);
    const detail = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(detail.counts).toMatchObject({ accepted: 19, skipped: 1, planned: 0 });
  });

  it('"send again" is refused on a cancelled campaign: nothing would ever send those rows', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(10));
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 2 });
    await call(dispatch, 'campaigns.cancel', { id: summary.id });
    const refused = await refusal(dispatch, 'campaigns.resolve', { id: summary.id, rows: 'all', decision: 'send-again' });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/cancelled/);
  });
});

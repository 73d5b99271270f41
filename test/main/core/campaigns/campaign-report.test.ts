import { describe, expect, it } from 'vitest';
import type { CampaignDetail, RecipientRow } from '../../../../shared/campaign-runs';
import type { SearchResult } from '../../../../shared/history';
import { call, campaignState, checkedDraft, confirm, customerCsv, customerNumber } from '../../../helpers/campaigns';
import { sendingServices, until } from '../../../helpers/outbox';
import { control, simulator } from '../../../helpers/simulator';

/**
 * A campaign's report after it went out, against the simulator through the IPC contract: what
 * SMSGlobal later says of each message (from the sync, linked to the journal's rows by
 * SMSGlobal's id), the results export, and its messages in the history before and after the
 * journal is deleted.
 */

const accounts = [{ key: 'report-key', secret: 'report-secret-0123456789' }];
/** Statuses move only when the test says (the simulator's own plan would take ages). */
const still = { accounts, replyRate: 0, statusDelayScale: 1_000_000 };

type Page = { total: number; rows: RecipientRow[] };
const local = (i: number): string => `0${customerNumber(i).slice(2, 5)} ${customerNumber(i).slice(5, 8)} ${customerNumber(i).slice(8)}`;

/** SMSGlobal's id of each customer's message, from the report. */
async function providerIds(dispatch: Parameters<typeof call>[0], id: string): Promise<Map<string, string>> {
  const page = await call<Page>(dispatch, 'campaigns.recipients', { id, filter: 'accepted' });
  return new Map(page.rows.map((r) => [r.recipient ?? '', r.providerId ?? '']));
}

describe('a campaign’s report', () => {
  it('delivered, read and failed come from the sync, linked to the journal’s rows by SMSGlobal’s id', async () => {
    const sim = await simulator(still);
    const { services, dispatch } = await sendingServices(sim);
    const summary = await confirm(dispatch, await checkedDraft(services, customerCsv(5)));
    await until(() => campaignState(services, summary.id) === 'completed');
    const ids = await providerIds(dispatch, summary.id);
    expect(ids.size).toBe(5);
    await control(sim, 'POST', `/__sim/outgoing/${ids.get(customerNumber(0))}/status`, { status: 'delivered', state: 'DELIVRD' });
    await control(sim, 'POST', `/__sim/outgoing/${ids.get(customerNumber(1))}/status`, { status: 'read', state: 'READ' });
    await control(sim, 'POST', `/__sim/outgoing/${ids.get(customerNumber(2))}/status`, { status: 'failed', state: 'UNDELIV' });

    const before = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(before.delivery).toMatchObject({ delivered: 0, read: 0, failed: 0 });
    expect((await services.sync.start()).phase).toBe('done');

    const detail = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(detail.delivery).toMatchObject({ delivered: 1, read: 1, failed: 1 });
    expect(detail.delivery.sent + detail.delivery.other).toBe(2);
    const delivered = await call<Page>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'delivered' });
    expect(delivered.rows).toMatchObject([{ recipient: customerNumber(0), state: 'accepted', delivery: 'delivered', deliveredAt: expect.any(Number), readAt: null }]);
    const read = await call<Page>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'read' });
    expect(read.rows).toMatchObject([{ recipient: customerNumber(1), delivery: 'read', deliveredAt: expect.any(Number), readAt: expect.any(Number) }]);
    const failed = await call<Page>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'delivery_failed' });
    expect(failed.rows).toMatchObject([{ recipient: customerNumber(2), delivery: 'failed', deliveredAt: null }]);
    // Each is still the one accepted row it was: the sync linked, it did not add.
    expect(detail.counts.accepted).toBe(5);
    expect(services.workspaces.require().db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND direction = 'out'").get(summary.id)?.n).toBe(5);
  });

  it('exports the results: the user’s columns as they were, then status, SMSGlobal id, error and times, numbers kept as text', async () => {
    const sim = await simulator(still);
    const { services, dispatch, platform } = await sendingServices(sim);
    const summary = await confirm(dispatch, await checkedDraft(services, customerCsv(3, [['Émilie “Mimi”', '0412 ABC', '007']])), { name: 'Winter / sale' });
    await until(() => campaignState(services, summary.id) === 'completed');
    const ids = await providerIds(dispatch, summary.id);
    await control(sim, 'POST', `/__sim/outgoing/${ids.get(customerNumber(1))}/status`, { status: 'read', state: 'READ' });
    await services.sync.start();

    expect(await call(dispatch, 'campaigns.exportResults', { id: summary.id })).toEqual({ saved: true, rows: 4, location: 'Winter sale - results.csv' });
    const [file] = platform.saved;
    expect(file?.name).toBe('Winter sale - results.csv');
    const bytes = Buffer.from(file?.contents ?? new Uint8Array());
    // UTF-8 with a byte-order mark, so Excel reads the accents.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Name,Mobile,Order,Status,SMSGlobal id,Error,Sent at,Delivered at,Read at');
    const iso = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d';
    const text = (value: string): string => `"=""${value}"""`;
    expect(lines[1]).toMatch(new RegExp(`^Customer 0,${escape(text(local(0)))},ORD-1000,Sent,${escape(text(ids.get(customerNumber(0)) ?? ''))},,${iso},,$`));
    expect(lines[2]).toMatch(new RegExp(`^Customer 1,${escape(text(local(1)))},ORD-1001,Read,${escape(text(ids.get(customerNumber(1)) ?? ''))},,${iso},${iso},${iso}$`));
    // A skipped row keeps its cells (a leading-zero order number stays text) and says why.
    expect(lines[4]).toBe('Émilie “Mimi”,0412 ABC,"=""007""",Skipped,,"A phone number has only digits, spaces, +, ( ) and -; this one has letters.",,,');
    expect(lines[5]).toBe('');
  });

  it('its messages show in the outbox, the thread and search tagged with its name; deleting its journal keeps them', async () => {
    const sim = await simulator(still);
    const { services, dispatch } = await sendingServices(sim);
    const summary = await confirm(dispatch, await checkedDraft(services, customerCsv(3)), { name: 'Spring sale' });
    await until(() => campaignState(services, summary.id) === 'completed');
    const queries = services.workspaces.require().queries;
    const tag = { id: summary.id, name: 'Spring sale' };

    const thread = queries.thread({ contact: customerNumber(2), limit: 10 }).items;
    expect(thread).toMatchObject([{ direction: 'out', campaign: tag, providerId: expect.any(String) }]);
    const found = await call<SearchResult>(dispatch, 'search.query', { text: '', number: local(2) });
    expect(found.hits.map((h) => h.message.campaign)).toEqual([tag]);
    expect(queries.outbox({}, 0, 10).items.filter((m) => m.campaign?.id === summary.id)).toHaveLength(3);

    expect(await call(dispatch, 'campaigns.delete', { id: summary.id })).toEqual({ deleted: true });
    // The history keeps every message; only the campaign's name (its journal) is gone.
    const after = await call<SearchResult>(dispatch, 'search.query', { text: '', number: local(2) });
    expect(after.hits).toHaveLength(1);
    expect(after.hits[0]?.message).toMatchObject({ providerId: thread[0]?.providerId, campaign: null });
    expect(queries.thread({ contact: customerNumber(2), limit: 10 }).items).toHaveLength(1);
    expect(queries.outbox({}, 0, 10).items.filter((m) => m.content.type === 'template')).toHaveLength(3);
    expect(await call(dispatch, 'campaigns.list', {})).toMatchObject({ total: 0 });
  });
});

/** A literal for a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyEvent } from '../../../../main/core/events';
import type { CampaignDetail, CampaignSummary } from '../../../../shared/campaign-runs';
import { call, campaignState, checkedDraft, confirm, customerCsv, customerNumber, refusal, rowStates, templateSends } from '../../../helpers/campaigns';
import { sendingServices, until } from '../../../helpers/outbox';
import { control, simulator } from '../../../helpers/simulator';
import type { Simulator } from '../../../../main/simulator/server';

/**
 * The guardrails against the simulator: credentials and credit pause at once and say why; a 429
 * slows the campaign down and honours Retry-After; a network that goes away holds it until it is
 * back; refusals pause it with their reasons grouped; "Retry failed" sends the retryable failures
 * only; unknown outcomes that cannot be settled wait for the user, who can send again or say
 * they arrived. Every recipient ends in the simulator's log at most once.
 */

const KEY = 'guard-key';
const SECRET = 'guard-secret-0123456789';
const accounts = [{ key: KEY, secret: SECRET }];
const SEND = { method: 'POST', path: '/v2/whatsapp/outgoing' };

const rules = (sim: Simulator, list: unknown[]): Promise<unknown> => control(sim, 'POST', '/__sim/faults/rules', list);

function perRecipient(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [to] of templateSends(sim.log())) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

function expectAtMostOnce(sim: Simulator): void {
  for (const [to, n] of perRecipient(sim)) expect(n, to).toBe(1);
}

/** A TCP relay to the simulator that can go away (connections refused) and come back on the same port. */
async function relay(sim: Simulator): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const make = (): net.Server =>
    net.createServer((client) => {
      const upstream = net.connect(sim.port, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return {
    url: `http://127.0.0.1:${port}`,
    cut: stop,
    async restore() {
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: stop,
  };
}

const relays: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (relays.length > 0) await relays.pop()?.close();
});

describe('campaign guardrails', () => {
  it('credentials refused (401): pauses at once, says why, and goes on after resume', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(12));
    await rules(sim, [{ action: 'delay', ms: 0, times: 3, match: SEND }, { action: 'status', status: 401, match: SEND }]);
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 20 });
    await until(() => campaignState(services, summary.id) === 'paused');
    const paused = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(paused.pauseReason).toMatch(/^Paused: SMSGlobal refused the API key or secret \(HTTP 401/);
    // The refused row was not sent: it is back in line, not failed.
    expect(paused.counts.failed).toBe(0);
    await services.campaigns.whenIdle();
    const before = templateSends(sim.log()).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(templateSends(sim.log())).toHaveLength(before);

    await call(dispatch, 'campaigns.resume', { id: summary.id });
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(perRecipient(sim).size).toBe(12);
    expectAtMostOnce(sim);
  });

  it('out of credit (402): pauses at once; the row keeps its place', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(8));
    await rules(sim, [{ action: 'status', status: 402, match: SEND }]);
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 5 });
    await until(() => campaignState(services, summary.id) === 'paused');
    const paused = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(paused.pauseReason).toBe('Paused: Your SMSGlobal account has run out of credit (HTTP 402). Top up in MXT, then try again.');
    expect(paused.counts.failed).toBe(0);
    await call(dispatch, 'campaigns.resume', { id: summary.id });
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(perRecipient(sim).size).toBe(8);
    expectAtMostOnce(sim);
  });

  it('429: slows down, honours Retry-After, and finishes', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const events: AnyEvent[] = [];
    services.events.subscribe((e) => events.push(e));
    const draftId = await checkedDraft(services, customerCsv(30));
    await rules(sim, [{ action: 'delay', ms: 0, times: 5, match: SEND }, { action: 'status', status: 429, retryAfter: 1, match: SEND }]);
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 40 });
    await until(() => campaignState(services, summary.id) === 'completed');
    const holds = events.flatMap((e) => (e.event === 'campaigns.progress' && e.payload.hold?.reason === 'rate_limited' ? [e.payload.hold] : []));
    expect(holds[0]?.message).toMatch(/slow down; the pace is 20 a second/);
    // Nothing went out during the Retry-After second. The hold starts when the app reads the 429;
    // sends that left before that may still reach the simulator a little later on a busy machine.
    const limitedAt = (holds[0]?.until ?? 0) - 1000;
    const during = sim.log().filter((e) => e.method === 'POST' && e.at > limitedAt + 250 && e.at < limitedAt + 950);
    expect(during).toEqual([]);
    expect(sim.faults.counts()['429']).toBe(1);
    expect(perRecipient(sim).size).toBe(30);
    expectAtMostOnce(sim);
  });

  it('network down: holds, and resumes by itself when SMSGlobal can be reached again', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const link = await relay(sim);
    relays.push(link);
    const { services, dispatch } = await sendingServices({ ...sim, url: link.url });
    const draftId = await checkedDraft(services, customerCsv(20));
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 10 });
    await until(() => Object.values(rowStates(services, summary.id)).filter((s) => s === 'accepted').length >= 4);
    await link.cut();
    let held: CampaignSummary | null = null;
    const stop = services.events.subscribe((e) => {
      if (e.event === 'campaigns.progress' && e.payload.hold?.reason === 'offline') held = e.payload;
    });
    await until(() => held !== null);
    stop();
    expect(campaignState(services, summary.id)).toBe('sending');
    await link.restore();
    await until(() => campaignState(services, summary.id) === 'completed', 30_000);
    expect(perRecipient(sim).size).toBe(20);
    expectAtMostOnce(sim);
  });

  it('refusals: 10 in a row pause with the reason; none of them is retryable', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    const draftId = await checkedDraft(services, customerCsv(30));
    await rules(sim, [{ action: 'status', status: 400, times: 10, match: SEND }]);
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 20 });
    await until(() => campaignState(services, summary.id) === 'paused');
    const detail = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(detail.pauseReason).toBe('Paused: SMSGlobal refused the last 10 messages in a row. Reasons: 10 times: “SMSGlobal refused the request as invalid (HTTP 400)”. Check the template and its parameters, then resume.');
    expect(detail.failures).toEqual([{ reason: 'SMSGlobal refused the request as invalid (HTTP 400).', count: 10, retryable: false }]);
    expect(detail.retryable).toBe(0);
    expect((await refusal(dispatch, 'campaigns.retryFailed', { id: summary.id })).message).toBe('No failed message of this campaign can be retried.');
  });

  it('more than 20% of the last 50 refused: pauses with the reasons; "Retry failed" sends those only, once', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim);
    // Skipped rows: never part of a retry.
    const draftId = await checkedDraft(services, customerCsv(60, [['Dup', `0${customerNumber(0).slice(2)}`, 'X'], ['Bad', '0412 ABC', 'Y']]));
    // Every fourth send answered 409 (not a refusal of the account, and may go through later).
    await rules(sim, Array.from({ length: 15 }, () => [{ action: 'status', status: 409, match: SEND }, { action: 'delay', ms: 0, times: 3, match: SEND }]).flat());
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 50 });
    await until(() => campaignState(services, summary.id) === 'paused');
    await services.campaigns.whenIdle();
    const paused = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(paused.pauseReason).toMatch(/^Paused: SMSGlobal refused 11 of the last \d+ messages\. Reasons: 11 times: “SMSGlobal answered with an unexpected status \(HTTP 409\)”\./);
    const failed = paused.counts.failed;
    expect(failed).toBeGreaterThanOrEqual(11);
    expect(paused.failures).toEqual([{ reason: 'SMSGlobal answered with an unexpected status (HTTP 409).', count: failed, retryable: true }]);
    expect(paused.retryable).toBe(failed);

    await control(sim, 'DELETE', '/__sim/faults');
    const [retry, again] = await Promise.all([call<CampaignSummary>(dispatch, 'campaigns.retryFailed', { id: summary.id }), call<CampaignSummary>(dispatch, 'campaigns.retryFailed', { id: summary.id })]);
    expect(again.id).toBe(retry.id);
    expect(retry.parentId).toBe(summary.id);
    expect(retry.total).toBe(failed);
    expect(retry.name).toBe('Spring sale (retry)');
    await until(() => campaignState(services, retry.id) === 'completed');
    const parent = await call<CampaignDetail>(dispatch, 'campaigns.get', { id: summary.id });
    expect(parent.retryable).toBe(0);
    expect(parent.children.map((c) => c.id)).toEqual([retry.id]);
    // The failed recipients got their message from the retry; the accepted ones were not in it.
    const failedRows = Object.entries(rowStates(services, summary.id)).filter(([, s]) => s === 'failed').map(([row]) => Number(row));
    expect(Object.keys(rowStates(services, retry.id)).map(Number).sort((a, b) => a - b)).toEqual(failedRows.sort((a, b) => a - b));
    await call(dispatch, 'campaigns.resume', { id: summary.id });
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(perRecipient(sim).size).toBe(60);
    expectAtMostOnce(sim);
  });

  it('unknown outcomes that cannot be settled need attention: send again, or it arrived', async () => {
    // The list shows nothing for a minute: no send can be proven absent in time.
    const sim = await simulator({ accounts, replyRate: 0, faults: { listingDelayMs: 60_000 } });
    const { services, dispatch } = await sendingServices(sim, { attentionAfterMs: 400 });
    const draftId = await checkedDraft(services, customerCsv(6));
    // The first two sends get a 500 without being processed: their outcome is unknown.
    await rules(sim, [{ action: 'status', status: 500, times: 2, match: SEND }]);
    const summary = await confirm(dispatch, draftId, { pacePerSecond: 1000 });
    await until(() => Object.values(rowStates(services, summary.id)).filter((s) => s === 'attention').length === 2);
    await until(() => campaignState(services, summary.id) === 'completed');
    const attention = await call<{ total: number; rows: { row: number; recipient: string; error: string }[] }>(dispatch, 'campaigns.recipients', { id: summary.id, filter: 'attention' });
    expect(attention.total).toBe(2);
    expect(attention.rows[0]?.error).toMatch(/may get it twice/);
    const [first, second] = attention.rows;
    if (!first || !second) throw new Error('two rows need attention');
    // Only those two recipients wait; the others went out.
    expect(perRecipient(sim).size).toBe(4);

    expect(await call(dispatch, 'campaigns.resolve', { id: summary.id, rows: [first.row], decision: 'send-again' })).toEqual({ changed: 1 });
    await until(() => rowStates(services, summary.id)[String(first.row)] === 'accepted');
    await until(() => campaignState(services, summary.id) === 'completed');
    expect(await call(dispatch, 'campaigns.resolve', { id: summary.id, rows: 'all', decision: 'arrived' })).toEqual({ changed: 1 });
    expect(rowStates(services, summary.id)[String(second.row)]).toBe('accepted');
    expect(await call(dispatch, 'campaigns.resolve', { id: summary.id, rows: 'all', decision: 'send-again' })).toEqual({ changed: 0 });
    expect(perRecipient(sim).get(first.recipient)).toBe(1);
    expect(perRecipient(sim).has(second.recipient)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/result';
import type { QueueItem } from '../../../../shared/outbox';
import { postsTo, queueState, sendingServices, sendText, settle, until } from '../../../helpers/outbox';
import { control, simulator } from '../../../helpers/simulator';

/**
 * The shared send pipeline through the reply lane, against the simulator: exactly once even when
 * SMSGlobal's outgoing list lags behind the sends it accepted, lanes that hold back only the
 * recipient whose outcome is unknown, and the user's decision when it stays unknown.
 */

const KEY = 'pipeline-key';
const SECRET = 'pipeline-secret-0123456789';
const accounts = [{ key: KEY, secret: SECRET }];
const X = '0412 345 601';
const X_DIGITS = '61412345601';
const Y = '0412 345 602';
const Y_DIGITS = '61412345602';
const Z = '0412 345 603';

const hangNextSend = (sim: Parameters<typeof control>[0]) => control(sim, 'POST', '/__sim/faults/rules', { action: 'hang-after', match: { method: 'POST', path: '/v2/whatsapp/outgoing' } });
/** A 500 without processing: the client cannot know that, so the outcome is unknown. */
const refuseNextSend = (sim: Parameters<typeof control>[0]) => control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 500, match: { method: 'POST', path: '/v2/whatsapp/outgoing' } });

describe('send pipeline', () => {
  it('sends a reply while a long unknown-outcome reconciliation is pending for another recipient', async () => {
    const sim = await simulator({ accounts, replyRate: 0, faults: { listingDelayMs: 60_000 } });
    const { services, dispatch } = await sendingServices(sim);
    await hangNextSend(sim);
    const first = await sendText(dispatch, X, 'to X, answer lost');
    await until(() => queueState(services, first) === 'unknown');

    // The list will not show it for a minute: X's line waits, every other customer's goes on.
    const reply = await sendText(dispatch, Y, 'a reply to Y');
    const second = await sendText(dispatch, X, 'to X, after the first');
    await until(() => queueState(services, reply) === 'sent');
    expect(postsTo(sim, Y_DIGITS).map((p) => p.text)).toEqual(['a reply to Y']);
    expect(queueState(services, first)).toBe('unknown');
    expect(queueState(services, second)).toBe('queued');
    expect(postsTo(sim, X_DIGITS).map((p) => p.text)).toEqual(['to X, answer lost']);

    // The list catches up: the first is found (not sent again), then the second goes.
    sim.faults.configure({ listingDelayMs: 0 });
    await settle(services, () => queueState(services, second) === 'sent');
    expect(queueState(services, first)).toBe('sent');
    expect(postsTo(sim, X_DIGITS).map((p) => p.text)).toEqual(['to X, answer lost', 'to X, after the first']);
  });

  it('sends no duplicate when the outgoing list lags behind an accepted send', async () => {
    const sim = await simulator({ accounts, replyRate: 0, faults: { listingDelayMs: 2_000 } });
    const { services, dispatch } = await sendingServices(sim);
    // A send before it: the pipeline learns from it how the list's clock relates to its own.
    const before = await sendText(dispatch, Z, 'earlier, to Z');
    await until(() => queueState(services, before) === 'sent');
    await hangNextSend(sim);
    const text = 'only once, even when the list is late';
    const lost = await sendText(dispatch, X, text);
    await until(() => queueState(services, lost) === 'unknown');
    // Another customer's message goes out meanwhile; it is listed only after the lag too.
    const after = await sendText(dispatch, Y, 'later, to Y');
    await settle(services, () => queueState(services, lost) === 'sent' && queueState(services, after) === 'sent');

    expect(postsTo(sim, X_DIGITS).map((p) => p.text)).toEqual([text]);
    const created = sim.store.outgoing.filter((m) => m.message === text);
    expect(created).toHaveLength(1);
    // It did look while the message was not listed yet, and did not resend.
    const looks = sim.log().filter((e) => e.method === 'GET' && e.path === '/v2/whatsapp/outgoing');
    expect(looks.some((e) => e.at < (created[0]?.createdAt ?? 0) + 2_000)).toBe(true);
  });

  it('sends again once the list provably covers the attempt and still does not show it', async () => {
    const sim = await simulator({ accounts, replyRate: 0, faults: { listingDelayMs: 1_000 } });
    const { services, dispatch } = await sendingServices(sim);
    await refuseNextSend(sim);
    const text = 'never reached SMSGlobal';
    const lost = await sendText(dispatch, X, text);
    await until(() => queueState(services, lost) === 'unknown');
    // A later send to someone else is the witness: once it is listed, so would the lost one be.
    const witness = await sendText(dispatch, Y, 'the witness');
    await settle(services, () => queueState(services, lost) === 'sent');

    expect(sim.store.outgoing.filter((m) => m.message === text)).toHaveLength(1);
    const witnessed = sim.store.outgoing.find((m) => m.message === 'the witness');
    const resent = postsTo(sim, X_DIGITS);
    expect(resent.map((p) => p.text)).toEqual([text]);
    // Not before the witness could be seen in the lagging list.
    expect(resent[0]?.at).toBeGreaterThanOrEqual((witnessed?.createdAt ?? Infinity) + 1_000);
    expect(queueState(services, witness)).toBe('sent');
    const attempts = services.workspaces.require().db.prepare<[string], { attempts: number }>('SELECT attempts FROM outbox_queue WHERE local_id = ?').get(lost);
    expect(attempts?.attempts).toBe(2);
  });

  it('asks the user after the bound, and acts on "it arrived" and "send again"', async () => {
    const sim = await simulator({ accounts, replyRate: 0 });
    const { services, dispatch } = await sendingServices(sim, { attentionAfterMs: 500 });
    const queue = async (): Promise<QueueItem[]> => {
      const result = (await dispatch('outbox.queue', null)) as Result<{ items: QueueItem[] }>;
      return result.ok ? result.value.items : [];
    };

    // Nothing else is sent, so nothing can prove it absent: after the bound, the user decides.
    await refuseNextSend(sim);
    const first = await sendText(dispatch, X, 'first to X');
    await until(() => queueState(services, first) === 'attention');
    const [item] = await queue();
    expect(item).toMatchObject({ localId: first, state: 'attention', errorCode: 'needs_attention', lastError: expect.stringMatching(/twice/) });
    expect(item?.attemptedAt).toEqual(expect.any(Number));
    // Its line waits for the decision; other customers do not.
    const held = await sendText(dispatch, X, 'second to X');
    const other = await sendText(dispatch, Y, 'to Y meanwhile');
    await until(() => queueState(services, other) === 'sent');
    await services.outbox.whenIdle();
    expect(queueState(services, held)).toBe('queued');
    expect(queueState(services, first)).toBe('attention');

    // "It arrived": recorded as such, never sent again; the line moves on.
    expect(await dispatch('outbox.resolve', { localId: first, decision: 'arrived' })).toEqual({ ok: true, value: { resolved: true } });
    await until(() => queueState(services, held) === 'sent');
    expect(queueState(services, first)).toBe('arrived');
    expect(await dispatch('outbox.resolve', { localId: first, decision: 'send-again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // "Send again": the user accepted the risk of a duplicate; it goes once more.
    await refuseNextSend(sim);
    const third = await sendText(dispatch, X, 'third to X');
    await until(() => queueState(services, third) === 'attention');
    expect(await dispatch('outbox.resolve', { localId: third, decision: 'send-again' })).toEqual({ ok: true, value: { resolved: true } });
    await until(() => queueState(services, third) === 'sent');
    expect(postsTo(sim, X_DIGITS).map((p) => p.text)).toEqual(['second to X', 'third to X']);
    expect(sim.store.outgoing.filter((m) => m.message === 'first to X')).toHaveLength(0);
    // The conversation shows what happened to each.
    const thread = services.workspaces.require().queries.thread({ contact: X_DIGITS, limit: 10 }).items;
    expect(thread.map((m) => [m.preview, m.status])).toEqual([
      ['first to X', 'sent'],
      ['second to X', expect.stringMatching(/sent|delivered|read|queued/)],
      ['third to X', expect.stringMatching(/sent|delivered|read|queued/)],
    ]);
  });

  it('links a message that needs attention when the list finally shows it', async () => {
    const sim = await simulator({ accounts, replyRate: 0, faults: { listingDelayMs: 60_000 } });
    const { services, dispatch } = await sendingServices(sim, { attentionAfterMs: 300 });
    await hangNextSend(sim);
    const lost = await sendText(dispatch, X, 'late in the list');
    await until(() => queueState(services, lost) === 'attention');
    sim.faults.configure({ listingDelayMs: 0 });
    await settle(services, () => queueState(services, lost) === 'sent');
    expect(postsTo(sim, X_DIGITS)).toHaveLength(1);
    expect(await dispatch('outbox.resolve', { localId: lost, decision: 'send-again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

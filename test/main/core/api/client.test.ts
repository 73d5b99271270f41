import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/result';
import { clientFor, control, simulator } from '../../../helpers/simulator';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const recordSleeps = (): { waits: number[]; sleep: (ms: number) => Promise<void> } => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

describe('ApiClient against the simulator', () => {
  it('lists with a total, string ids above 2^53 and dates parsed with their offset', async () => {
    const sim = await simulator({ incoming: 30, outgoing: 30 });
    const client = clientFor(sim);
    const page = await client.listIncoming({ limit: 10 });
    expect(page.total).toBe(30);
    expect(page.items).toHaveLength(10);
    const ids = page.items.map((m) => m.id);
    expect(new Set(ids).size).toBe(10);
    for (const item of page.items) {
      expect(typeof item.id).toBe('string');
      expect(BigInt(item.id)).toBeGreaterThan(2n ** 53n);
      expect(item.createdDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
      const stored = sim.store.getIncoming(item.id);
      expect(item.createdAt).toBe(stored?.createdAt);
    }
    const one = await client.getOutgoing((await client.listOutgoing({ limit: 1 })).items[0]?.id ?? '');
    expect(one.recipient).toMatch(/^\d+$/);
  });

  it('sends date filters in the account time zone', async () => {
    const sim = await simulator({ incoming: 300, outgoing: 0, timeZone: 'Asia/Kolkata' });
    const client = clientFor(sim);
    const all = sim.store.incoming;
    const start = all[100]?.createdAt ?? 0;
    const end = all[199]?.createdAt ?? 0;
    const page = await client.listIncoming({ startDate: start, endDate: end, limit: 1000 });
    expect(page.total).toBe(all.filter((m) => m.createdAt >= start && m.createdAt <= end).length);
    const sent = sim.log().at(-1)?.target ?? '';
    expect(decodeURIComponent(sent.replace(/\+/g, ' '))).toContain(`startDate=${new Date(start + 5.5 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}`);
  });

  it('learns the account\'s offset from the answers and writes dates at it when Settings\' zone disagrees', async () => {
    const sim = await simulator({ incoming: 300, outgoing: 0, timeZone: 'Asia/Kolkata' });
    const client = clientFor(sim, { timeZone: 'Australia/Sydney' });
    expect(client.accountClock).toBeNull();
    const probe = await client.listIncoming({ limit: 1 });
    const newest = sim.store.incoming.at(-1)?.createdAt ?? 0;
    expect(probe.clock).toEqual({ offsetMinutes: 330, at: newest });
    expect(client.accountClock).toEqual({ offsetMinutes: 330, at: newest });
    const start = sim.store.incoming[100]?.createdAt ?? 0;
    const end = sim.store.incoming[199]?.createdAt ?? 0;
    const page = await client.listIncoming({ startDate: start, endDate: end, limit: 1000 });
    expect(page.total).toBe(100);
    const query = new URL(sim.log().at(-1)?.target ?? '', sim.url).searchParams;
    expect(query.get('startDate')).toBe(new Date(start + 330 * 60_000).toISOString().slice(0, 19).replace('T', ' '));
    // A fixed offset asked for by the caller wins (the sync keeps one per run).
    await client.listIncoming({ startDate: start, utcOffsetMinutes: -150, limit: 1 });
    expect(new URL(sim.log().at(-1)?.target ?? '', sim.url).searchParams.get('startDate')).toBe(new Date(start - 150 * 60_000).toISOString().slice(0, 19).replace('T', ' '));
  });

  it('keeps Settings\' zone while it agrees with the answers: it knows the zone\'s DST', async () => {
    const sim = await simulator({ incoming: 50, outgoing: 0, timeZone: 'Australia/Sydney', now: () => Date.UTC(2026, 0, 15) });
    const client = clientFor(sim, { timeZone: 'Australia/Sydney' });
    expect((await client.listIncoming({ limit: 1 })).clock?.offsetMinutes).toBe(660);
    const winter = Date.UTC(2025, 6, 1, 0, 0, 0);
    await client.listIncoming({ startDate: winter, limit: 1 });
    expect(new URL(sim.log().at(-1)?.target ?? '', sim.url).searchParams.get('startDate')).toBe('2025-07-01 10:00:00');
  });

  it('keeps connections alive across requests', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    for (let i = 0; i < 20; i++) await client.listOptIns();
    // undici may open a second socket while the first is being released; never one per request.
    expect(sim.connectionCount()).toBeLessThanOrEqual(2);
  });

  it('reports a 400 with the per-field messages of its body', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const error = await failure(client.send('61400000001', { type: 'location', lat: 91, lng: 0 } as never));
    expect(error.code).toBe('validation');
    expect(error.fields?.['message.lat']?.[0]).toMatch(/between -90 and 90/);
  });

  it('reports bad credentials as an auth error with a sentence', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { credentials: { key: 'simulator-key', secret: 'wrong' } });
    const error = await failure(client.verifyCredentials());
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/refused the API key or secret \(HTTP 403/);
    expect(error.message).not.toMatch(/clock/);
  });

  it('says when the clock is off, from the server Date header', async () => {
    const sim = await simulator({ faults: { clockOffsetMs: 20 * 60_000 } });
    const error = await failure(clientFor(sim).verifyCredentials());
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(/clock is 20 minutes behind/);
  });

  it('reports payment required and not found', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 402 });
    expect((await failure(client.listOptIns())).code).toBe('payment_required');
    const missing = await failure(client.getIncoming('123'));
    expect(missing.code).toBe('not_found');
  });

  it('retries GETs after 5xx with backoff, and after 429 honouring Retry-After', async () => {
    const sim = await simulator();
    const { waits, sleep } = recordSleeps();
    const client = clientFor(sim, { sleep });
    await control(sim, 'POST', '/__sim/faults/rules', [
      { action: 'status', status: 503, match: { path: '/v2/whatsapp/opt-in' } },
      { action: 'status', status: 502, match: { path: '/v2/whatsapp/opt-in' } },
      { action: 'status', status: 429, retryAfter: 2, match: { path: '/v2/whatsapp/opt-in' } },
    ]);
    await client.listOptIns();
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBe(1000); // the 503 carried Retry-After: 1
    expect(waits[1]).toBeLessThanOrEqual(600); // jittered backoff, attempt 2
    expect(waits[2]).toBe(2000);
    expect(sim.log().filter((e) => e.path === '/v2/whatsapp/opt-in')).toHaveLength(1);
  });

  it('gives up after the retries and returns the rate limit with the wait', async () => {
    const sim = await simulator();
    const { sleep } = recordSleeps();
    const client = clientFor(sim, { sleep, maxRetries: 2 });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 429, retryAfter: 7, times: 3 });
    const error = await failure(client.listOptIns());
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.message).toMatch(/7 seconds/);
  });

  it('turns HTML and malformed bodies into sentences, never parse errors', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { maxRetries: 0 });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 500 });
    const html = await failure(client.listOptIns());
    expect(html.code).toBe('server');
    expect(html.message).toMatch(/HTTP 500/);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'malformed' });
    const malformed = await failure(client.listIncoming());
    expect(malformed.code).toBe('server');
    expect(malformed.message).not.toMatch(/JSON|Unexpected token/);
  });

  it('reads a list page again when its answer arrived cut off, and only a list', async () => {
    const sim = await simulator();
    const { waits, sleep } = recordSleeps();
    const client = clientFor(sim, { sleep, backoff: { baseMs: 40, capMs: 40 } });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'malformed', match: { path: '/v2/whatsapp/incoming' } });
    const page = await client.listIncoming({ limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(40);
    // A send answered with a cut-off body went through: never sent again, its outcome is unknown.
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'malformed', match: { method: 'POST' } });
    expect((await failure(client.send('61400000001', { type: 'text', text: 'once' }))).code).toBe('outcome_unknown');
    expect(waits).toHaveLength(1);
  });

  it('reports an unreachable API as a network error', async () => {
    const sim = await simulator();
    const port = await closedPort();
    const client = clientFor(sim, { baseUrl: `http://127.0.0.1:${port}`, sleep: async () => undefined });
    const error = await failure(client.listOptIns());
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/connection was refused/);
    // A send that could not connect certainly did not go out: a plain network error, safe to retry.
    expect((await failure(client.send('61400000001', { type: 'text', text: 'hi' }))).code).toBe('network');
  });

  it('times out a GET that never answers', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { timeoutMs: 300, maxRetries: 0 });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'hang-after' });
    const error = await failure(client.listOptIns());
    expect(error.code).toBe('timeout');
  });

  it('never retries a send that timed out after reaching the server: outcome unknown, one request logged', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { timeoutMs: 400 });
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'hang-after', match: { method: 'POST', path: '/v2/whatsapp/outgoing' } });
    const error = await failure(client.send('61400000001', { type: 'text', text: 'exactly once' }));
    expect(error.code).toBe('outcome_unknown');
    const sends = sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing');
    expect(sends).toHaveLength(1);
    expect(sim.store.outgoing.filter((m) => m.message === 'exactly once')).toHaveLength(1);
  });

  it('reports a connection reset after the send was processed as outcome unknown', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'reset-after', match: { method: 'POST' } });
    expect((await failure(client.send('61400000001', { type: 'text', text: 'reset' }))).code).toBe('outcome_unknown');
    expect(sim.log().filter((e) => e.method === 'POST')).toHaveLength(1);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 502, match: { method: 'POST' } });
    expect((await failure(client.send('61400000001', { type: 'text', text: 'gateway' }))).code).toBe('outcome_unknown');
  });

  it('cancels with an AbortSignal, also while waiting to retry', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'hang-after' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await failure(client.listOptIns({ signal: controller.signal }))).code).toBe('cancelled');
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 429, retryAfter: 30 });
    const later = new AbortController();
    setTimeout(() => later.abort(), 100);
    expect((await failure(client.listOptIns({ signal: later.signal }))).code).toBe('cancelled');
  });

  it('opts in numbers and checks capability', async () => {
    const sim = await simulator();
    const client = clientFor(sim);
    const opted = await client.optIn([{ number: '61400111222', name: 'Test Person' }]);
    expect(opted).toEqual([{ name: 'Test Person', number: '61400111222', capable: true, blacklist: false }]);
    expect((await client.listOptIns()).some((o) => o.number === '61400111222')).toBe(true);
    const capability = await client.checkCapability(['61400111222', '61400000666']);
    expect(capability.map((c) => c.blacklist)).toEqual([false, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../../main/simulator/dataset';
import { startSimulator } from '../../../main/simulator/server';
import { signedRequest } from '../../helpers/signed';
import { clientFor, control, simulator } from '../../helpers/simulator';

const json = { 'content-type': 'application/json', accept: 'application/json' };
const send = (sim: Awaited<ReturnType<typeof simulator>>, body: unknown) =>
  signedRequest(sim, 'POST', '/v2/whatsapp/outgoing', { body: JSON.stringify(body), headers: json });

describe('simulator data set', () => {
  it('is deterministic for a seed and covers every message type over months', () => {
    const now = Date.UTC(2026, 10, 1);
    const a = generateDataset({ seed: 42, messages: 3000, now });
    const b = generateDataset({ seed: 42, messages: 3000, now });
    const c = generateDataset({ seed: 43, messages: 3000, now });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const types = new Set(
      [...a.incoming, ...a.outgoing].map((m) => (m.message.startsWith('{') ? (JSON.parse(m.message) as { type: string }).type : 'text')),
    );
    expect([...types].sort()).toEqual(['audio', 'document', 'image', 'location', 'sticker', 'template', 'text', 'video']);
    const times = [...a.incoming, ...a.outgoing].map((m) => m.createdAt);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(120 * 86_400_000);
    const repliers = new Set(a.incoming.map((m) => m.from));
    expect(a.outgoing.filter((m) => repliers.has(m.recipient)).length).toBeGreaterThan(0);
    expect(a.outgoing.some((m) => m.plan.final === 'failed')).toBe(true);
  });
});

describe('simulator API', () => {
  it('validates message objects like the seed: types, required fields, ranges, URLs', async () => {
    const sim = await simulator();
    const cases: [unknown, string][] = [
      [{ type: 'location', lat: 91, lng: 0 }, 'message.lat'],
      [{ type: 'location', lat: 0, lng: -181 }, 'message.lng'],
      [{ type: 'image', url: 'ftp://example.com/a.jpg' }, 'message.url'],
      [{ type: 'document' }, 'message.url'],
      [{ type: 'template', template_name: '' }, 'message.template_name'],
      [{ type: 'text', text: 'hi', preview_url: 'yes' }, 'message.preview_url'],
      [{ type: 'carousel' }, 'message.type'],
    ];
    for (const [message, field] of cases) {
      const reply = await send(sim, { to: ['61400000001'], message });
      expect(reply.status, JSON.stringify(message)).toBe(400);
      const body = JSON.parse(reply.body) as { errors: Record<string, { errors: string[] }> };
      expect(Object.keys(body.errors), JSON.stringify(message)).toContain(field);
    }
    const badNumber = await send(sim, { to: ['abc'], message: { type: 'text', text: 'x' } });
    expect(JSON.parse(badNumber.body)).toEqual({ errors: { 'to.0': { errors: ['This value is not a valid phone number.'] } } });
    expect(sim.store.outgoing.some((m) => m.createdAt > Date.now() - 5000)).toBe(false);
  });

  it('answers one recipient with a message and several with {messages: […]}', async () => {
    const sim = await simulator();
    const one = JSON.parse((await send(sim, { to: ['61400000001'], message: { type: 'text', text: 'one' } })).body) as Record<string, unknown>;
    expect(one).toMatchObject({ recipient: '61400000001', message: 'one' });
    const many = JSON.parse((await send(sim, { to: ['61400000001', '61400000002'], message: { type: 'sticker', url: 'https://x.example/s.webp' } })).body) as {
      messages: { recipient: string; message: string }[];
    };
    expect(many.messages.map((m) => m.recipient)).toEqual(['61400000001', '61400000002']);
    expect(JSON.parse(many.messages[0]?.message ?? '')).toEqual({ type: 'sticker', url: 'https://x.example/s.webp' });
  });

  it('enforces 1-based offsets, limit ≤ 1000 and offset + limit ≤ 10,000', async () => {
    const sim = await simulator({ incoming: 50, outgoing: 0 });
    const status = async (query: string): Promise<number> => (await signedRequest(sim, 'GET', `/v2/whatsapp/incoming?${query}`)).status;
    expect(await status('offset=1&limit=1000')).toBe(200);
    expect(await status('offset=0&limit=10')).toBe(400);
    expect(await status('limit=1001')).toBe(400);
    expect(await status('offset=9000&limit=1000')).toBe(200);
    expect(await status('offset=9001&limit=1000')).toBe(400);
    expect(await status('offset=abc')).toBe(400);
    expect(await status('startDate=2026-01-01')).toBe(400);
    const pageTwo = JSON.parse((await signedRequest(sim, 'GET', '/v2/whatsapp/incoming?offset=41&limit=20')).body) as { total: number; messages: unknown[] };
    expect(pageTwo.total).toBe(50);
    expect(pageTwo.messages).toHaveLength(10);
  });

  it('filters by origin, destination and search', async () => {
    const sim = await simulator({ incoming: 400, outgoing: 0 });
    const client = clientFor(sim);
    const sample = sim.store.incoming[10];
    if (!sample) throw new Error('no data');
    const byOrigin = await client.listIncoming({ origin: sample.from, limit: 1000 });
    expect(byOrigin.total).toBe(sim.store.incoming.filter((m) => m.from === sample.from).length);
    expect(byOrigin.items.every((m) => m.from === sample.from)).toBe(true);
    const byDestination = await client.listIncoming({ destination: sample.to, limit: 1000 });
    expect(byDestination.items.every((m) => m.to === sample.to)).toBe(true);
    const search = await client.listIncoming({ search: 'PARKING', limit: 1000 });
    expect(search.total).toBe(sim.store.incoming.filter((m) => m.message.toLowerCase().includes('parking')).length);
  });

  it('answers 404, 405, 406 and 415 where the seed says', async () => {
    const sim = await simulator();
    expect((await signedRequest(sim, 'GET', '/v2/whatsapp/nothing')).status).toBe(404);
    expect(JSON.parse((await signedRequest(sim, 'GET', '/v2/whatsapp/incoming/1')).body)).toEqual({ message: 'Not Found' });
    const wrongMethod = await signedRequest(sim, 'DELETE', '/v2/whatsapp/opt-in');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('GET, POST');
    expect((await signedRequest(sim, 'GET', '/v2/whatsapp/opt-in', { headers: { accept: 'text/html' } })).status).toBe(406);
    expect((await signedRequest(sim, 'POST', '/v2/whatsapp/opt-in', { body: 'number=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  });

  it('moves sent messages through statuses over time, and lets tests set one', async () => {
    let now = Date.now();
    const sim = await startSimulator({ messages: 10, now: () => now, replyRate: 0 });
    try {
      const client = clientFor(sim);
      const sent = await client.send('61400000009', { type: 'text', text: 'status please' });
      expect(sent.status).toBe('Processing');
      const plan = sim.store.getOutgoing(sent.id)?.plan;
      if (!plan) throw new Error('no plan');
      now += 60_000;
      const later = await client.getOutgoing(sent.id);
      expect(later.status).toBe(plan.final === 'failed' ? 'failed' : plan.final === 'read' ? 'read' : 'delivered');
      await control(sim, 'POST', `/__sim/outgoing/${sent.id}/status`, { status: 'failed', state: 'EXPIRED' });
      expect(await client.getOutgoing(sent.id)).toMatchObject({ status: 'failed', state: 'EXPIRED' });
    } finally {
      await sim.close();
    }
  });

  it('lets contacts reply after a while, and tests inject inbound messages', async () => {
    let now = Date.now();
    const sim = await startSimulator({ messages: 10, now: () => now, replyRate: 1, replyDelayMs: [1000, 1000] });
    try {
      const client = clientFor(sim);
      const before = (await client.listIncoming()).total;
      const sent = await client.send('61400000010', { type: 'text', text: 'any questions?' });
      expect(sent.id).toBeTruthy();
      expect((await client.listIncoming()).total).toBe(before);
      now += 2000;
      const after = await client.listIncoming({ origin: '61400000010' });
      expect(after.total).toBe(1);
      await control(sim, 'POST', '/__sim/incoming', { from: '61400000011', message: { type: 'location', lat: -33.8, lng: 151.2, name: 'Here' } });
      const injected = await client.listIncoming({ origin: '61400000011' });
      expect(JSON.parse(injected.items[0]?.message ?? '{}')).toMatchObject({ type: 'location', name: 'Here' });
    } finally {
      await sim.close();
    }
  });

  it('applies a rate limit with Retry-After and logs only accepted requests', async () => {
    const sim = await simulator({ faults: { rateLimitPerSecond: 3, retryAfterSeconds: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signedRequest(sim, 'GET', '/v2/whatsapp/opt-in')).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(3);
    expect(sim.log()).toHaveLength(statuses.filter((s) => s === 200).length);
    await control(sim, 'DELETE', '/__sim/log');
    expect(await control(sim, 'GET', '/__sim/log')).toEqual([]);
  });
});

describe('simulator listing delay', () => {
  it('lists an accepted send only once the delay has passed, while a get by id finds it at once', async () => {
    let now = Date.UTC(2026, 10, 30, 1, 0, 0);
    const sim = await simulator({ now: () => now });
    // The account's clock moves; signatures keep the real one.
    const client = clientFor(sim);
    sim.faults.configure({ listingDelayMs: 60_000 });
    const sent = await client.send('61400000001', { type: 'text', text: 'lagging' });
    const listed = async (): Promise<boolean> =>
      (await client.listOutgoing({ destination: '61400000001', limit: 100 })).items.some((m) => m.id === sent.id);
    expect(await listed()).toBe(false);
    expect((await client.getOutgoing(sent.id)).id).toBe(sent.id);
    now += 61_000;
    expect(await listed()).toBe(true);
  });
});

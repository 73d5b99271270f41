import { describe, expect, it } from 'vitest';
import type { WhatsAppMessageInput } from '../../../../shared/messages';
import type { Result } from '../../../../shared/result';
import { MemorySecretStore } from '../../../../main/core/secrets/store';
import type { Services } from '../../../../main/core/services';
import { createDispatcher, type Dispatch } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import { startSimulator, type Simulator } from '../../../../main/simulator/server';
import { mediaServer } from '../../../helpers/media-server';
import { until } from '../../../helpers/outbox';
import { memoryKeychain, testServices } from '../../../helpers/services';
import { control, simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';
import { OutboxPage } from '../../../../shared/history';

const KEY = 'outbox-key';
const SECRET = 'outbox-secret-0123456789';
const TO = '0412 345 678';
const TO_DIGITS = '61412345678';
/** Short pauses for tests: the pipeline's backoff (main/core/backoff.ts) starts at 100 ms. */
const FAST = { backoff: { baseMs: 100, capMs: 1_000 } };

async function connected(sim: Simulator, dataDir = tempDir()): Promise<{ services: Services; dispatch: Dispatch }> {
  const { services } = await testServices(dataDir, {
    secretStores: memoryKeychain(new MemorySecretStore()),
    apiTimeoutMs: 600,
    outbox: FAST,
  });
  services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone, defaultCountry: 'AU' });
  await services.account.save({ key: KEY, secret: SECRET });
  return { services, dispatch: createDispatcher(createHandlers(services), services.log) };
}

const posts = (sim: Simulator) => sim.log().filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing');

async function settle(services: Services, until: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!until()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the outbox');
    await services.outbox.kick();
    await new Promise((r) => setTimeout(r, 50));
  }
}

function queueStates(services: Services): string[] {
  const ws = services.workspaces.require();
  return ws.db.prepare<[], { state: string }>('SELECT state FROM outbox_queue ORDER BY seq').all().map((r) => r.state);
}

describe('composer sends through the outbox', () => {
  it('sends every message type with the exact JSON body the API expects', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const media = await mediaServer({
      '/photo.jpg': { type: 'image/jpeg', size: 200_000 },
      '/clip.mp4': { type: 'video/mp4', size: 2_000_000 },
      '/invoice.pdf': { type: 'application/pdf', size: 50_000 },
      '/voice.ogg': { type: 'audio/ogg', size: 30_000 },
      '/smile.webp': { type: 'image/webp', size: 40_000 },
    });
    const { services, dispatch } = await connected(sim);
    const messages: WhatsAppMessageInput[] = [
      { type: 'text', text: 'Your order is ready https://shop.example/o/1', preview_url: true },
      { type: 'template', template_name: 'order_ready', params: ['Jane', '#1042'] },
      { type: 'image', url: media.url('/photo.jpg'), caption: 'Front view' },
      { type: 'video', url: media.url('/clip.mp4') },
      { type: 'document', url: media.url('/invoice.pdf'), filename: 'invoice-1042.pdf', caption: 'Invoice' },
      { type: 'audio', url: media.url('/voice.ogg') },
      { type: 'sticker', url: media.url('/smile.webp') },
      { type: 'location', lat: -33.8688, lng: 151.2093, name: 'Harbour St Store', address: '12 Harbour St, Sydney' },
    ];
    for (const message of messages) {
      const result = await dispatch('outbox.send', { to: TO, message });
      expect(result, JSON.stringify(message)).toMatchObject({ ok: true, value: { recipient: TO_DIGITS } });
    }
    await settle(services, () => posts(sim).length === messages.length && queueStates(services).every((s) => s === 'sent'));
    expect(posts(sim).map((e) => e.body)).toEqual(messages.map((message) => ({ to: [TO_DIGITS], message })));
    // The conversation shows them, linked to SMSGlobal's ids.
    const thread = services.workspaces.require().queries.thread({ contact: TO_DIGITS, limit: 50 });
    expect(thread.items.map((m) => m.content.type)).toEqual(messages.map((m) => m.type));
    expect(thread.items.every((m) => m.providerId !== null)).toBe(true);
  });

  it('refuses invalid input at the field and sends nothing', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }] });
    const media = await mediaServer({
      '/doc.pdf': { type: 'application/pdf', size: 10_000 },
      '/huge.jpg': { type: 'image/jpeg', size: 6 * 1024 * 1024 },
    });
    const { services, dispatch } = await connected(sim);
    const cases: [unknown, string][] = [
      [{ to: TO, message: { type: 'location', lat: 91, lng: 10 } }, 'message.lat'],
      [{ to: TO, message: { type: 'image', url: 'ftp://files.example/a.jpg' } }, 'message.url'],
      [{ to: TO, message: { type: 'image', url: media.url('/doc.pdf') } }, 'message.url'],
      [{ to: TO, message: { type: 'image', url: media.url('/huge.jpg') } }, 'message.url'],
      [{ to: TO, message: { type: 'template', template_name: '' } }, 'message.template_name'],
      [{ to: '0412 ABC 678', message: { type: 'text', text: 'hi' } }, 'to'],
    ];
    for (const [input, field] of cases) {
      const result = (await dispatch('outbox.send', input));
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('validation');
        expect(Object.keys(result.error.fields ?? {}), JSON.stringify(input)).toContain(field);
      }
    }
    const error = (await dispatch('outbox.send', cases[3]?.[0]));
    if (!error.ok) expect(error.error.fields?.['message.url']?.[0]).toMatch(/6\.0 MB; an image may be at most 5\.0 MB/);
    await services.outbox.whenIdle();
    expect(sim.log().filter((e) => e.method === 'POST')).toEqual([]);
    expect(queueStates(services)).toEqual([]);
  });

  it('answers a customer who wrote from an unlisted range at once; a typed unlisted number needs the user’s word', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    sim.store.addIncoming({ from: '61442000022', message: 'Is my order ready?' });
    const { services, dispatch } = await connected(sim);
    await services.sync.start();
    const reply = { type: 'text', text: 'Yes, come by any time' } as const;
    expect(await dispatch('compose.recipient', { to: '+61442000022' })).toMatchObject({ ok: true, value: { digits: '61442000022', warning: null } });
    expect(await dispatch('outbox.send', { to: '+61442000022', message: reply })).toMatchObject({ ok: true, value: { recipient: '61442000022' } });

    expect(await dispatch('compose.recipient', { to: '0442 000 033' })).toMatchObject({ ok: true, value: { digits: '61442000033', warning: expect.stringMatching(/send anyway/) } });
    const unconfirmed = await dispatch('outbox.send', { to: '0442 000 033', message: reply });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'validation', fields: { confirmed: [expect.stringMatching(/not in the phone-number list/)] } } });
    expect(await dispatch('outbox.send', { to: '0442 000 033', message: reply, confirmed: true })).toMatchObject({ ok: true, value: { recipient: '61442000033' } });
    await settle(services, () => posts(sim).length === 2 && queueStates(services).every((s) => s === 'sent'));
    expect(posts(sim).map((e) => (e.body as { to: string[] }).to)).toEqual([['61442000022'], ['61442000033']]);
  });

  it('queues while the API is down and sends each once, in order, when it is back', async () => {
    const first = await startSimulator({ accounts: [{ key: KEY, secret: SECRET }], messages: 10 });
    const port = first.port;
    const { services, dispatch } = await connected(first);
    await first.close();
    for (const text of ['first', 'second', 'third']) {
      expect(await dispatch('outbox.send', { to: TO, message: { type: 'text', text } })).toMatchObject({ ok: true });
    }
    await services.outbox.whenIdle();
    expect(queueStates(services)).toEqual(['queued', 'queued', 'queued']);
    const queue = await dispatch('outbox.queue', null);
    expect(queue).toMatchObject({ ok: true, value: { items: [{ state: 'queued', errorCode: 'network' }, { state: 'queued' }, { state: 'queued' }] } });
    // The outbox tells them apart from messages SMSGlobal has accepted but not sent on ("queued").
    const outbox = await dispatch('outbox.list', { offset: 0, limit: 10 });
    expect(outbox.ok && OutboxPage.parse(outbox.value).items.map((m) => m.status)).toEqual(['waiting', 'waiting', 'waiting']);

    const back = await startSimulator({ port, accounts: [{ key: KEY, secret: SECRET }], messages: 10, replyRate: 0 });
    try {
      await settle(services, () => queueStates(services).every((s) => s === 'sent'));
      expect(posts(back).map((e) => (e.body as { message: { text: string } }).message.text)).toEqual(['first', 'second', 'third']);
      expect(back.store.outgoing.filter((m) => ['first', 'second', 'third'].includes(m.message))).toHaveLength(3);
    } finally {
      await back.close();
    }
  });

  it('does not send a second copy when the answer to a send never came back', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const { services, dispatch } = await connected(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'hang-after', match: { method: 'POST', path: '/v2/whatsapp/outgoing' } });
    // With a link preview: the outgoing list carries only the text, and it must still match.
    await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'only once please', preview_url: true } });
    await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'and then me' } });
    await settle(services, () => queueStates(services).every((s) => s === 'sent'));
    expect(posts(sim).map((e) => (e.body as { message: { text: string } }).message.text)).toEqual(['only once please', 'and then me']);
    expect(sim.store.outgoing.filter((m) => m.message === 'only once please')).toHaveLength(1);
    // The conversation shows it once too, even after a sync reads the outgoing list.
    await services.sync.start();
    const thread = services.workspaces.require().queries.thread({ contact: TO_DIGITS, limit: 50 });
    expect(thread.items.filter((m) => m.preview === 'only once please')).toHaveLength(1);
  });

  it('sends again when a dropped request never reached the server, once the outgoing list proves it', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const { services, dispatch } = await connected(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'reset-before', match: { method: 'POST', path: '/v2/whatsapp/outgoing' } });
    await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'lost on the way' } });
    await until(() => queueStates(services)[0] === 'unknown');
    // A dropped connection may come after the server took the message: proof of absence is needed.
    // A later message to another customer, once listed, is that proof.
    await dispatch('outbox.send', { to: '0412 345 600', message: { type: 'text', text: 'to someone else' } });
    await settle(services, () => queueStates(services).every((s) => s === 'sent'));
    expect(sim.store.outgoing.filter((m) => m.message === 'lost on the way')).toHaveLength(1);
    // The simulator logs only requests it processed: the dropped one is not there, the resend is.
    expect(posts(sim).filter((e) => (e.body as { to: string[] }).to[0] === TO_DIGITS)).toHaveLength(1);
  });

  it('after a crash mid-send, checks before sending again', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const dataDir = tempDir();
    const keychain = new MemorySecretStore();
    const { services } = await testServices(dataDir, { secretStores: memoryKeychain(keychain), outbox: FAST });
    services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone });
    await services.account.save({ key: KEY, secret: SECRET });
    services.outbox.stop();
    // Simulate the crash: the queue says "sending", the server did get the message.
    const ws = services.workspaces.require();
    const { QueueStore } = await import('../../../../main/core/outbox/queue-store');
    const store = new QueueStore(ws.db, ws.messages);
    const item = store.enqueue(TO_DIGITS, { type: 'text', text: 'sent just before the crash' });
    store.apply([{ kind: 'sending', id: item.id, at: Date.now() }], true);
    sim.store.addOutgoing(TO_DIGITS, 'sent just before the crash');
    await services.close();

    const restarted = await testServices(dataDir, { secretStores: memoryKeychain(keychain), outbox: FAST });
    await settle(restarted.services, () => queueStates(restarted.services).every((s) => s === 'sent'));
    expect(posts(sim)).toEqual([]);
    expect(sim.store.outgoing.filter((m) => m.message === 'sent just before the crash')).toHaveLength(1);
  });

  it('lets a queued message be edited or cancelled before it goes', async () => {
    const first = await startSimulator({ accounts: [{ key: KEY, secret: SECRET }], messages: 10 });
    const port = first.port;
    const { services, dispatch } = await connected(first);
    await first.close();
    const a = (await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'typo in here' } })) as Result<{ localId: string }>;
    const b = (await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'never mind' } })) as Result<{ localId: string }>;
    if (!a.ok || !b.ok) throw new Error('not queued');
    await services.outbox.whenIdle();
    expect(await dispatch('outbox.edit', { localId: a.value.localId, to: '0412 345 679', message: { type: 'text', text: 'fixed text' } })).toMatchObject({ ok: true });
    expect(await dispatch('outbox.cancel', { localId: b.value.localId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(services.workspaces.require().queries.thread({ contact: TO_DIGITS, limit: 10 }).items).toEqual([]);
    const back = await startSimulator({ port, accounts: [{ key: KEY, secret: SECRET }], messages: 10, replyRate: 0 });
    try {
      await settle(services, () => queueStates(services).every((s) => s === 'sent' || s === 'cancelled'));
      expect(posts(back).map((e) => e.body)).toEqual([{ to: ['61412345679'], message: { type: 'text', text: 'fixed text' } }]);
      expect(await dispatch('outbox.cancel', { localId: a.value.localId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    } finally {
      await back.close();
    }
  });

  it('marks a message the API refuses as failed, with the reason, and goes on with the next', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const { services, dispatch } = await connected(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 402, match: { method: 'POST' } });
    await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'no credit' } });
    await dispatch('outbox.send', { to: TO, message: { type: 'text', text: 'after top-up' } });
    await settle(services, () => queueStates(services).join() === 'failed,sent');
    const queue = await dispatch('outbox.queue', null);
    expect(queue).toMatchObject({ ok: true, value: { items: [{ state: 'failed', errorCode: 'payment_required', lastError: expect.stringMatching(/credit/) }] } });
  });
});

import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../main/core/secrets/store';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import type { Simulator } from '../../../../main/simulator/server';
import type { AnyEvent } from '../../../../main/core/events';
import { memoryKeychain, testServices } from '../../../helpers/services';
import { control, simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';

const KEY = 'optouts-key';
const SECRET = 'optouts-secret-0123456789';

async function connected(sim: Simulator, dataDir = tempDir()) {
  const setup = await testServices(dataDir, { secretStores: memoryKeychain(new MemorySecretStore()) });
  setup.services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone, defaultCountry: 'AU' });
  await setup.services.account.save({ key: KEY, secret: SECRET });
  const events: AnyEvent[] = [];
  setup.services.events.subscribe((e) => events.push(e));
  return { ...setup, events, dispatch: createDispatcher(createHandlers(setup.services), setup.services.log) };
}

describe('opt-outs through the sync and the contract', () => {
  it('a customer writes STOP; the next sync opts them out; START opts them back in', { timeout: 60_000 }, async () => {
    const sim = await simulator({ messages: 400, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
    const { services, dispatch } = await connected(sim);
    expect((await services.sync.start()).phase).toBe('done');
    const at = Date.now() - 60_000;
    await control(sim, 'POST', '/__sim/incoming', { from: '61400000777', message: 'Stop!', createdAt: at });
    expect((await services.sync.start()).phase).toBe('done');
    const status = await dispatch('optouts.status', { numbers: ['61400000777'] });
    expect(status).toMatchObject({ ok: true, value: { items: [{ number: '61400000777', blocked: true, optedOut: { how: 'keyword', text: 'Stop!', action: 'out' } }] } });
    // Second precision: the API's dates carry whole seconds.
    expect(Math.abs((services.optOuts.status(['61400000777'])[0]?.optedOut?.at ?? 0) - at)).toBeLessThan(1000);
    // The newest opt-out heads the list (the seeded history has customers' STOPs of its own).
    const page = await dispatch('optouts.list', { offset: 0, limit: 10 });
    expect(page).toMatchObject({ ok: true });
    expect(services.optOuts.optedOut({ offset: 0, limit: 1 }).items[0]).toMatchObject({ number: '61400000777', how: 'keyword', text: 'Stop!' });

    await control(sim, 'POST', '/__sim/incoming', { from: '61400000777', message: 'start', createdAt: at + 30_000 });
    await services.sync.start();
    expect(services.optOuts.status(['61400000777'])[0]).toMatchObject({ blocked: false, optedOut: null });
    expect(services.optOuts.history('61400000777').map((e) => [e.action, e.text])).toEqual([
      ['out', 'Stop!'],
      ['in', 'start'],
    ]);
  });

  it('manual changes are validated, recorded with their note and announced', async () => {
    const sim = await simulator({ messages: 50, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
    const { dispatch, events } = await connected(sim);
    const noNote = await dispatch('optouts.set', { number: '0412 345 678', action: 'out', note: '  ' });
    expect(noNote).toMatchObject({ ok: false, error: { code: 'validation', fields: { note: [expect.stringMatching(/Say why/)] } } });
    const badNumber = await dispatch('optouts.set', { number: '0412 ABC', action: 'out', note: 'Asked by phone' });
    expect(badNumber).toMatchObject({ ok: false, error: { code: 'validation', fields: { number: [expect.any(String)] } } });
    const out = await dispatch('optouts.set', { number: '0412 345 678', action: 'out', note: 'Asked by phone' });
    expect(out).toMatchObject({ ok: true, value: { number: '61412345678', blocked: true, optedOut: { how: 'manual', note: 'Asked by phone' } } });
    expect(events.filter((e) => e.event === 'optouts.changed').map((e) => e.payload)).toContainEqual({ numbers: ['61412345678'] });
    const back = await dispatch('optouts.set', { number: '+61412345678', action: 'in', note: 'Signed up again in store' });
    expect(back).toMatchObject({ ok: true, value: { blocked: false, optedOut: null } });
    const history = await dispatch('optouts.history', { number: '61412345678' });
    expect(history).toMatchObject({ ok: true, value: { events: [{ action: 'out', note: 'Asked by phone' }, { action: 'in', note: 'Signed up again in store' }] } });
  });

  it('new keyword lists in Settings find the opt-outs in the history again', async () => {
    const sim = await simulator({ messages: 50, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
    const { services, dispatch, events } = await connected(sim);
    const ws = services.workspaces.require();
    const now = Date.now();
    ws.messages.upsertIncoming([{ id: '90001', from: '61400000100', to: '61480000001', message: 'PARE', createdAt: now, createdDate: new Date(now).toISOString() }], () => true);
    expect(services.optOuts.status(['61400000100'])[0]?.blocked).toBe(false);
    const settings = await dispatch('settings.update', { optOutKeywords: [...services.settings.get().optOutKeywords, 'Pare'] });
    expect(settings.ok).toBe(true);
    expect(events.some((e) => e.event === 'optouts.changed')).toBe(true);
    expect(services.optOuts.status(['61400000100'])[0]?.optedOut?.text).toBe('PARE');
    const clash = await dispatch('settings.update', { optInKeywords: ['START', 'pare'] });
    expect(clash).toMatchObject({ ok: false, error: { code: 'validation', fields: { optInKeywords: ['“pare” is in both lists; keep it in one of them.'] } } });
  });

  it('exports the whole ledger with its evidence as CSV', async () => {
    const sim = await simulator({ messages: 50, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }], timeZone: 'Australia/Sydney' });
    const { services, dispatch, platform } = await connected(sim);
    services.workspaces.require().contacts.save([{ number: '61400000200', name: 'Ana, Lima', optedIn: true, capable: true, blacklist: false }]);
    const at = Date.UTC(2026, 2, 3, 1, 30);
    services.workspaces.require().messages.upsertIncoming([{ id: '777', from: '61400000200', to: '61480000001', message: 'STOP', createdAt: at, createdDate: new Date(at).toISOString() }], () => true);
    await dispatch('optouts.set', { number: '+61400000300', action: 'out', note: 'Said "never again" by phone' });
    expect(await dispatch('optouts.export', null)).toMatchObject({ ok: true, value: { saved: true, rows: 2 } });
    const file = platform.saved.at(-1);
    expect(file?.name).toMatch(/^opt-outs-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = Buffer.from(file?.contents ?? new Uint8Array()).toString('utf8').split('\r\n');
    expect(lines[0]).toBe("\uFEFFNumber,Name,Change,Date,How,Customer's message,Note,SMSGlobal message id,Current state");
    expect(lines[1]).toBe('61400000200,"Ana, Lima",Opted out,2026-03-03 12:30:00 +1100,Keyword message,STOP,,777,Opted out');
    expect(lines[2]).toMatch(/^61400000300,,Opted out,.*,By hand,,"Said ""never again"" by phone",,Opted out$/);
  });
});

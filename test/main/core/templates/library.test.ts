import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../../main/core/api/client';
import { MemorySecretStore } from '../../../../main/core/secrets/store';
import type { Services } from '../../../../main/core/services';
import { createDispatcher, type Dispatch } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import type { Simulator } from '../../../../main/simulator/server';
import type { TemplateInput } from '../../../../shared/templates';
import { memoryKeychain, testServices, type TestPlatform } from '../../../helpers/services';
import { simulator } from '../../../helpers/simulator';

const T0 = Date.UTC(2026, 0, 5);
const orderReady: TemplateInput = { name: 'order_ready', category: 'utility', language: 'en_US', body: 'Hi {{1}}, your order {{2}} is ready to collect.', mediaHeader: false, buttons: false };
const promo: TemplateInput = { name: 'spring_sale', category: 'marketing', language: 'en', body: 'Spring sale: {{1}} off everything!', mediaHeader: true, buttons: true };

async function library(): Promise<{ services: Services; dispatch: Dispatch; platform: TestPlatform }> {
  const { services, platform } = await testServices();
  services.workspaces.switchTo('shop');
  return { services, platform, dispatch: createDispatcher(createHandlers(services), services.log) };
}

const sent = (id: number, message: unknown): OutgoingMessage => ({
  id: String(id),
  recipient: '61400000001',
  status: 'delivered',
  state: 'DELIVRD',
  message: JSON.stringify(message),
  createdAt: T0 + id * 1000,
  createdDate: new Date(T0 + id * 1000).toISOString(),
});

describe('template library', () => {
  it('names seen in sent messages become entries to complete', async () => {
    const { services } = await library();
    const ws = services.workspaces.require();
    ws.messages.upsertOutgoing([
      sent(1, { type: 'template', template_name: 'order_ready', params: ['Jo', '#1'] }),
      sent(2, { type: 'template', template_name: 'order_ready' }),
      sent(3, { type: 'template', template_name: 'welcome_message' }),
      sent(4, { type: 'template', template_name: 'Not A Template Name' }),
      sent(5, { type: 'text', text: 'hello' }),
    ]);
    ws.messages.insertLocal({ localId: 'a1', contact: '61400000002', message: { type: 'template', template_name: 'payment_received' }, createdAt: T0, status: 'waiting' });
    const entries = services.templates.list();
    expect(entries.map((e) => [e.name, e.complete, e.fromHistory, e.body])).toEqual([
      ['order_ready', false, true, ''],
      ['payment_received', false, true, ''],
      ['welcome_message', false, true, ''],
    ]);
    // Completing one keeps it; seeing the name again does not undo the work.
    services.templates.save({ previousName: 'order_ready', template: orderReady });
    ws.messages.upsertOutgoing([sent(6, { type: 'template', template_name: 'order_ready' })]);
    expect(services.templates.get('order_ready')).toMatchObject({ complete: true, body: orderReady.body, category: 'utility', fromHistory: true });
  });

  it('validates entries at their fields', async () => {
    const { dispatch } = await library();
    const bad = await dispatch('templates.save', { template: { name: 'Order Ready', category: 'promo', language: 'english', body: 'Hi {{1}} and {{3}}', mediaHeader: false, buttons: false } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('validation');
    expect(Object.keys(bad.error.fields ?? {}).sort()).toEqual(['template.body', 'template.category', 'template.language', 'template.name']);
    expect(bad.error.fields?.['template.name']?.[0]).toMatch(/lowercase letters, digits and underscores/);
    expect(bad.error.fields?.['template.body']?.[0]).toMatch(/\{\{2\}\} is missing/);
    expect(bad.error.fields?.['template.category']?.[0]).toBe('Choose marketing, utility or authentication.');
    const ok = await dispatch('templates.save', { template: orderReady });
    expect(ok).toMatchObject({ ok: true, value: { name: 'order_ready', complete: true, fromHistory: false } });
  });

  it('creates, renames and deletes; a name already in the library is not overwritten by a new entry', async () => {
    const { services, dispatch } = await library();
    services.templates.save({ template: orderReady });
    const again = await dispatch('templates.save', { template: { ...orderReady, body: 'Different text' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', fields: { 'template.name': [expect.stringMatching(/already has this name/)] } } });
    services.templates.save({ previousName: 'order_ready', template: { ...orderReady, body: 'Hi {{1}}, order {{2}} is ready.' } });
    expect(services.templates.get('order_ready')?.body).toBe('Hi {{1}}, order {{2}} is ready.');
    services.templates.save({ previousName: 'order_ready', template: { ...orderReady, name: 'order_ready_v2' } });
    expect(services.templates.list().map((t) => t.name)).toEqual(['order_ready_v2']);
    services.templates.save({ template: promo });
    const renameOnto = await dispatch('templates.save', { previousName: 'spring_sale', template: { ...promo, name: 'order_ready_v2' } });
    expect(renameOnto.ok).toBe(false);
    expect(services.templates.list().map((t) => t.name)).toEqual(['order_ready_v2', 'spring_sale']);
    expect(await dispatch('templates.delete', { name: 'spring_sale' })).toEqual({ ok: true, value: { deleted: true } });
    expect(await dispatch('templates.delete', { name: 'spring_sale' })).toEqual({ ok: true, value: { deleted: false } });
  });

  it('exports the complete entries as JSON and imports them on another computer', async () => {
    const first = await library();
    first.services.templates.save({ template: orderReady });
    first.services.templates.save({ template: promo });
    first.services.workspaces.require().messages.upsertOutgoing([sent(1, { type: 'template', template_name: 'seen_only' })]);
    expect(await first.dispatch('templates.export', null)).toMatchObject({ ok: true, value: { saved: true, rows: 2 } });
    const file = first.platform.saved.at(-1);
    expect(file?.name).toMatch(/^templates-\d{4}-\d{2}-\d{2}\.json$/);
    const text = Buffer.from(file?.contents ?? new Uint8Array()).toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'whatsapp-desk-templates', version: 1, templates: [orderReady, promo] });

    const second = await library();
    second.services.templates.save({ template: { ...orderReady, body: 'Old text {{1}} {{2}}' } });
    expect(await second.dispatch('templates.import', { text })).toEqual({ ok: true, value: { added: 1, updated: 1 } });
    const strip = (s: Services) => s.templates.list().map(({ updatedAt: _u, fromHistory: _f, ...rest }) => rest);
    expect(strip(second.services)).toEqual(strip(first.services).filter((t) => t.complete));
  });

  it('refuses a bad file with a message per bad entry and imports nothing', async () => {
    const { services, dispatch } = await library();
    services.templates.save({ template: orderReady });
    const before = services.templates.list();
    const refuse = async (text: string): Promise<{ message: string; fields: Record<string, string[]> }> => {
      const result = await dispatch('templates.import', { text });
      if (result.ok) throw new Error('the import was accepted');
      expect(result.error.code).toBe('validation');
      return { message: result.error.message, fields: result.error.fields ?? {} };
    };
    expect((await refuse('not json')).message).toMatch(/not JSON/);
    expect((await refuse('{"templates": []}')).message).toMatch(/not a template library exported by WhatsApp Desk/);
    expect((await refuse('{"format":"whatsapp-desk-templates","version":2,"templates":[]}')).message).toMatch(/newer version/);
    const file = {
      format: 'whatsapp-desk-templates',
      version: 1,
      templates: [
        { ...orderReady, body: 'Replaced {{1}} {{2}}' },
        { ...promo, name: 'Spring Sale' },
        { ...orderReady, category: 'news', body: 'Hi {{2}}' },
        { name: 'fine_one', category: 'utility', language: 'en', body: 'Fine', mediaHeader: false, buttons: false },
        { name: 'fine_one', category: 'utility', language: 'en', body: 'Twice', mediaHeader: false, buttons: false },
        { name: 'extra_field', category: 'utility', language: 'en', body: 'x', mediaHeader: false, buttons: false, header: 'image' },
        'a string',
      ],
    };
    const refused = await refuse(JSON.stringify(file));
    expect(refused.message).toBe('5 of 7 templates in the file have problems; nothing was imported.');
    expect(Object.keys(refused.fields)).toEqual(['templates.1', 'templates.2', 'templates.4', 'templates.5', 'templates.6']);
    expect(refused.fields['templates.1']?.[0]).toMatch(/^Template 2 \(“Spring Sale”\): name: Use the name exactly as approved/);
    expect(refused.fields['templates.2']).toEqual([expect.stringMatching(/^Template 3 \(“order_ready”\): category: Choose/), expect.stringMatching(/^Template 3 \(“order_ready”\): body: .*\{\{1\}\} is missing/)]);
    expect(refused.fields['templates.4']?.[0]).toBe('Template 5 (“fine_one”): the same name as template 4; keep one of them.');
    expect(refused.fields['templates.5']?.[0]).toMatch(/^Template 6 \(“extra_field”\)/);
    expect(refused.fields['templates.6']?.[0]).toMatch(/^Template 7:/);
    expect(services.templates.list()).toEqual(before);
  });
});

describe('template values are checked in main before anything is queued', () => {
  const KEY = 'templates-key';
  const SECRET = 'templates-secret-0123456789';

  async function connected(sim: Simulator): Promise<{ services: Services; dispatch: Dispatch }> {
    const { services } = await testServices(undefined, { secretStores: memoryKeychain(new MemorySecretStore()) });
    services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone, defaultCountry: 'AU' });
    await services.account.save({ key: KEY, secret: SECRET });
    return { services, dispatch: createDispatcher(createHandlers(services), services.log) };
  }

  it('refuses bad values, a wrong count and parameters for a template with a media header; sends a good one', async () => {
    const sim = await simulator({ accounts: [{ key: KEY, secret: SECRET }], replyRate: 0 });
    const { services, dispatch } = await connected(sim);
    services.templates.save({ template: orderReady });
    services.templates.save({ template: promo });
    const send = (template_name: string, params?: string[]) => dispatch('outbox.send', { to: '0412 345 678', message: params ? { type: 'template', template_name, params } : { type: 'template', template_name } });

    const header = await send('spring_sale', ['20%']);
    expect(header).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'message.params': [expect.stringContaining('media header and buttons')] } } });
    const spaces = await send('order_ready', ['Anna', 'A     B']);
    expect(spaces).toMatchObject({ ok: false, error: { fields: { 'message.params.1': [expect.stringMatching(/more than 4 spaces/)] } } });
    const count = await send('order_ready', ['Anna']);
    expect(count).toMatchObject({ ok: false, error: { fields: { 'message.params': ['This template has 2 placeholders; give each of them a value (1 given).'] } } });
    // A name the library does not know still gets WhatsApp's value rules.
    const unknown = await send('not_in_library', ['  ']);
    expect(unknown).toMatchObject({ ok: false, error: { fields: { 'message.params.0': [expect.stringMatching(/empty/)] } } });
    const ws = services.workspaces.require();
    expect(ws.db.prepare('SELECT count(*) AS n FROM outbox_queue').get()).toEqual({ n: 0 });

    expect(await send('order_ready', ['Anna', '#1042'])).toMatchObject({ ok: true });
    expect(await send('spring_sale')).toMatchObject({ ok: true });
    expect(ws.db.prepare('SELECT count(*) AS n FROM outbox_queue').get()).toEqual({ n: 2 });
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { channels } from '../../../../shared/contract';
import { openKeychain } from '../../../../main/core/secrets/keychain';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import { campaignState, checkedDraft, customerCsv, rowStates, settingsFor } from '../../../helpers/campaigns';
import { until } from '../../../helpers/outbox';
import { testServices } from '../../../helpers/services';
import { control, simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const skip = process.env['SKIP_KEYCHAIN_TESTS'] === '1';

describe.skipIf(skip)('the API secret', () => {
  it('never appears in an IPC answer, an event, the SQLite files or the log', async () => {
    const secret = `s3cret-${crypto.randomBytes(12).toString('hex')}`;
    const sim = await simulator({ accounts: [{ key: 'leak-test-key', secret }] });
    const service = `WhatsApp Desk tests ${crypto.randomUUID()}`;
    const secretStores = { keychain: () => openKeychain(service), allowMemory: false };
    const dataDir = tempDir();

    const seen: unknown[] = [];
    const first = await testServices(dataDir, { secretStores });
    first.services.events.subscribe((event) => seen.push(event));
    const dispatch = createDispatcher(createHandlers(first.services), first.services.log);
    const call = async (channel: string, input: unknown = null): Promise<unknown> => {
      const result = await dispatch(channel, input);
      seen.push(result);
      return result;
    };

    await call('settings.update', { apiBaseUrl: sim.url });
    expect(await call('account.test', { key: 'leak-test-key', secret: `${secret}x` })).toMatchObject({ ok: true, value: { ok: false, code: 'auth' } });
    expect(await call('account.test', { key: 'leak-test-key', secret })).toMatchObject({ ok: true, value: { ok: true } });
    expect(await call('account.save', { key: 'leak-test-key', secret })).toMatchObject({
      ok: true,
      value: { mode: 'real', connection: 'connected', keyId: 'leak…-key', secretStorage: { kind: 'keychain' } },
    });
    for (const channel of channels) {
      if (channel.startsWith('account.') || channel.startsWith('demo.') || channel === 'settings.update' || channel === 'app.openExternal') continue;
      await call(channel);
    }
    // A campaign goes out through the signed client and is journalled in the cache; one send is
    // refused, so its error is stored too.
    await control(sim, 'POST', '/__sim/faults/rules', [{ action: 'status', status: 409, times: 1, match: { method: 'POST', path: '/v2/whatsapp/outgoing' } }]);
    const draftId = await checkedDraft(first.services, customerCsv(3));
    const campaign = await call('campaigns.confirm', { draftId, settings: settingsFor() });
    const id = (campaign as { value: { id: string } }).value.id;
    await until(() => campaignState(first.services, id) === 'completed');
    expect(Object.values(rowStates(first.services, id)).sort()).toEqual(['accepted', 'accepted', 'failed']);
    await call('campaigns.get', { id });
    await call('campaigns.recipients', { id, filter: 'all', search: '', offset: 0, limit: 10 });
    await call('account.status');
    await call('account.recheck');
    // Even an error that quotes the secret is logged without it.
    first.services.log.error('simulated failure', { error: new Error(`request failed for ${secret}`) });
    await first.services.close();

    // After a restart the secret comes back from the keychain, not from disk.
    const second = await testServices(dataDir, { secretStores });
    expect(second.services.account.status()).toMatchObject({ mode: 'real' });
    const again = createDispatcher(createHandlers(second.services), second.services.log);
    const rechecked = await again('account.recheck', null);
    seen.push(rechecked);
    expect(rechecked).toMatchObject({ ok: true, value: { connection: 'connected' } });

    expect(JSON.stringify(seen)).not.toContain(secret);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('.sqlite3'))).toBe(true);
    for (const file of files) expect(fs.readFileSync(file).includes(Buffer.from(secret)), file).toBe(false);
    expect([...first.logLines, ...second.logLines].join('')).not.toContain(secret);
    expect(first.logLines.join('')).toContain('simulated failure');

    // Remove takes it out of the keychain.
    expect(await again('account.remove', null)).toMatchObject({ ok: true, value: { mode: 'none' } });
    const keychain = await openKeychain(service);
    expect(await keychain.store?.get('leak-test-key')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../shared/account';
import { memoryKeychain, testServices } from '../../helpers/services';
import { control, simulator } from '../../helpers/simulator';

describe('the connection state when SMSGlobal answers with server errors', () => {
  it('says "trouble" with the last error while calls fail with 5xx, and "connected" once they work again', async () => {
    const sim = await simulator();
    const { services } = await testServices(undefined, { secretStores: memoryKeychain() });
    services.settings.update({ apiBaseUrl: sim.url, timeZone: sim.timeZone });
    const account = services.account;
    const seen: AccountStatus['connection'][] = [];
    services.events.subscribe(({ event, payload }) => {
      if (event === 'account.changed') seen.push(payload.connection);
    });
    expect((await account.save({ key: 'simulator-key', secret: 'simulator-secret-0123456789abcdef' })).connection).toBe('connected');

    await control(sim, 'PUT', '/__sim/faults', { errorRates: { '503': 1 } });
    const checked = await account.recheck();
    expect(checked.connection).toBe('trouble');
    expect(checked.message).toMatch(/HTTP 503/);

    // A sync that ends on 5xx leaves the same state (it is not "Connected", nor "Offline").
    const synced = await services.sync.start();
    expect(synced.phase).toBe('failed');
    expect(account.status()).toMatchObject({ connection: 'trouble', message: expect.stringMatching(/HTTP 503/) });

    await control(sim, 'PUT', '/__sim/faults', { errorRates: {} });
    expect((await account.recheck()).connection).toBe('connected');
    expect(account.status().message).toBeNull();
    expect(seen).toContain('trouble');

    // A refused connection is still "offline", not "trouble".
    await sim.close();
    expect((await account.recheck()).connection).toBe('offline');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/result';
import { RemoteApi } from '../../../../main/core/sync/remote-api';
import { DEFAULT_ACCOUNT } from '../../../../main/simulator/server';
import { clientFor, control, simulator } from '../../../helpers/simulator';

/** The sync's fetch thread, driven the way the sync worker drives it, against a real simulator. */

const opened: RemoteApi[] = [];
afterEach(async () => {
  while (opened.length > 0) await opened.pop()?.terminate();
});

function remote(): RemoteApi {
  const api = new RemoteApi();
  opened.push(api);
  return api;
}

const signal = (): AbortSignal => new AbortController().signal;

describe('RemoteApi (the fetch thread)', () => {
  it('answers exactly what the API client answers in this thread', async () => {
    const sim = await simulator({ incoming: 120, outgoing: 40, seed: 3 });
    const api = remote();
    await api.ready;
    api.open({ baseUrl: sim.url, credentials: sim.accounts[0] ?? DEFAULT_ACCOUNT, timeZone: sim.timeZone });
    const direct = clientFor(sim);
    const query = { offset: 1, limit: 50 };
    expect(await api.listIncoming(query, { signal: signal() })).toEqual(await direct.listIncoming(query));
    expect(await api.listOutgoing(query, { signal: signal() })).toEqual(await direct.listOutgoing(query));
    expect(await api.listOptIns({ signal: signal() })).toEqual(await direct.listOptIns());
  });

  it('passes typed errors back across the thread', async () => {
    const sim = await simulator({ incoming: 10 });
    const api = remote();
    api.open({ baseUrl: sim.url, credentials: { key: 'nobody', secret: 'not-the-secret-at-all' }, timeZone: sim.timeZone });
    const error = await api.listIncoming({}, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'auth' });
  });

  it('cancels a request in flight at once, and the thread stays usable', async () => {
    const sim = await simulator({ incoming: 10, faults: { latencyMs: 2_000 } });
    const api = remote();
    api.open({ baseUrl: sim.url, credentials: sim.accounts[0] ?? DEFAULT_ACCOUNT, timeZone: sim.timeZone });
    const controller = new AbortController();
    const pending = api.listIncoming({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(performance.now() - started).toBeLessThan(1_500);
    await control(sim, 'DELETE', '/__sim/faults');
    expect((await api.listIncoming({ limit: 5 }, { signal: signal() })).items).toHaveLength(5);
  });

  it('fails the calls waiting on a thread that died, and carries on with a new one', async () => {
    const sim = await simulator({ incoming: 10, faults: { latencyMs: 1_000 } });
    const api = remote();
    const options = { baseUrl: sim.url, credentials: sim.accounts[0] ?? DEFAULT_ACCOUNT, timeZone: sim.timeZone };
    api.open(options);
    const outcome = api.listIncoming({}, { signal: signal() }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await api.terminate();
    expect(await outcome).toMatchObject({ code: 'internal' });
    await control(sim, 'DELETE', '/__sim/faults');
    // Later calls of the same run get a new thread, opened with the run's options.
    expect((await api.listIncoming({ limit: 2 }, { signal: signal() })).items).toHaveLength(2);
    api.close();
    api.open(options);
    expect((await api.listIncoming({ limit: 3 }, { signal: signal() })).items).toHaveLength(3);
  });

  it('fails each call of a run whose options could not make a client, with the reason', async () => {
    const api = remote();
    api.open({ baseUrl: 'not a url', credentials: DEFAULT_ACCOUNT, timeZone: 'UTC' });
    const error = await api.listIncoming({}, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(String((error as AppError).message)).toMatch(/could not set up its connection/);
    expect(String((error as AppError).message)).not.toContain(DEFAULT_ACCOUNT.secret);
  });
});

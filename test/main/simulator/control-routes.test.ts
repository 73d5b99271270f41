import { describe, expect, it } from 'vitest';
import { testServices } from '../../helpers/services';
import { control, simulator } from '../../helpers/simulator';

/** What any web page the user opens can send to a loopback port: a no-cors POST with text/plain. */
async function fromAnotherPage(url: string, method = 'POST', body?: unknown): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: { origin: 'http://127.0.0.1:9', 'content-type': 'text/plain;charset=UTF-8' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

const injection = { from: '61400000099', message: 'Injected by another page' };

describe('the simulator control routes', () => {
  it('are on for the tests and npm run simulator', async () => {
    const sim = await simulator();
    const before = sim.store.incoming.length;
    expect(await control(sim, 'POST', '/__sim/incoming', injection)).toMatchObject({ id: expect.any(String) });
    expect(sim.store.incoming.length).toBe(before + 1);
  });

  it('are off with control: false, whoever asks', async () => {
    const sim = await simulator({ control: false });
    const before = sim.store.incoming.length;
    expect(await fromAnotherPage(`${sim.url}/__sim/incoming`, 'POST', injection)).toBe(404);
    expect(await fromAnotherPage(`${sim.url}/__sim/faults`, 'PUT', { errorRates: { '500': 1 } })).toBe(404);
    expect(await fromAnotherPage(`${sim.url}/__sim/info`, 'GET')).toBe(404);
    expect(await control(sim, 'POST', '/__sim/incoming', injection)).toEqual({ message: 'Not Found' });
    expect(sim.store.incoming.length).toBe(before);
    expect(sim.faults.config.errorRates).toEqual({});
  });

  it('are off in the demo: a page on another origin cannot inject messages into its inbox', async () => {
    const { services } = await testServices(undefined, { demo: { messages: 50, months: 1 } });
    const status = await services.account.startDemo();
    expect(status.mode).toBe('demo');
    expect(await fromAnotherPage(`${status.baseUrl}/__sim/incoming`, 'POST', injection)).toBe(404);
    expect(await fromAnotherPage(`${status.baseUrl}/__sim/outgoing/1/status`, 'POST', { status: 'read' })).toBe(404);
    expect(await fromAnotherPage(`${status.baseUrl}/__sim/info`, 'GET')).toBe(404);
  });
});

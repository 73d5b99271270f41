import { afterEach } from 'vitest';
import { ApiClient, type ApiClientOptions } from '../../main/core/api/client';
import { DEFAULT_ACCOUNT, startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/server';

const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

/** A real simulator on 127.0.0.1, closed after the test. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ messages: 200, ...options });
  running.push(sim);
  return sim;
}

/** A real client for that simulator, closed after the test. */
export function clientFor(sim: Simulator, options: Partial<ApiClientOptions> = {}): ApiClient {
  const client = new ApiClient({ baseUrl: sim.url, credentials: sim.accounts[0] ?? DEFAULT_ACCOUNT, timeZone: sim.timeZone, ...options });
  running.push(client);
  return client;
}

export async function control(sim: Simulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return response.json();
}

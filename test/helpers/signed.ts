import { request } from 'undici';
import { signRequest } from '../../main/core/api/mac';
import type { Simulator } from '../../main/simulator/server';

/** A raw signed request to the simulator, for what the typed client never sends (405, 415…). */
export async function signedRequest(
  sim: Simulator,
  method: string,
  target: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(sim.url + target);
  const account = sim.accounts[0];
  if (!account) throw new Error('simulator has no account');
  const response = await request(url, {
    method,
    headers: { authorization: signRequest({ method, url, key: account.key, secret: account.secret }), ...options.headers },
    body: options.body,
  });
  return { status: response.statusCode, body: await response.body.text(), headers: response.headers };
}

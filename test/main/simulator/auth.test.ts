import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { authorizationHeader, computeMac, newNonce, signRequest } from '../../../main/core/api/mac';
import { simulator } from '../../helpers/simulator';

async function get(url: URL, authorization?: string): Promise<{ status: number; body: string; type: string }> {
  const response = await request(url, { headers: authorization ? { authorization } : {} });
  return { status: response.statusCode, body: await response.body.text(), type: String(response.headers['content-type']) };
}

describe('simulator MAC verification', () => {
  it('accepts a correctly signed request and refuses a replayed nonce', async () => {
    const sim = await simulator();
    const url = new URL(`${sim.url}/v2/whatsapp/opt-in`);
    const header = signRequest({ method: 'GET', url, key: 'simulator-key', secret: 'simulator-secret-0123456789abcdef' });
    expect((await get(url, header)).status).toBe(200);
    const replay = await get(url, header);
    expect(replay.status).toBe(403);
    expect(replay.type).toMatch(/text\/plain/);
    expect(replay.body).toMatch(/Nonce already used/);
  });

  it('refuses a missing header, an unknown key, a stale ts and a long nonce with plain text 403s', async () => {
    const sim = await simulator();
    const url = new URL(`${sim.url}/v2/whatsapp/opt-in`);
    const secret = 'simulator-secret-0123456789abcdef';
    const now = Math.floor(Date.now() / 1000);
    const sign = (ts: number, nonce: string, key = 'simulator-key'): string =>
      authorizationHeader(key, ts, nonce, computeMac(secret, { ts, nonce, method: 'GET', target: '/v2/whatsapp/opt-in', host: '127.0.0.1', port: sim.port }));
    expect((await get(url)).status).toBe(403);
    expect((await get(url, sign(now, newNonce(), 'other-key'))).status).toBe(403);
    expect((await get(url, sign(now - 301, newNonce()))).body).toMatch(/Timestamp/);
    expect((await get(url, sign(now + 299, newNonce()))).status).toBe(200);
    expect((await get(url, sign(now, 'x'.repeat(33)))).body).toMatch(/Nonce too long/);
    expect((await get(url, sign(now, 'y'.repeat(32)))).status).toBe(200);
  });

  it('signs over the raw target: a changed query breaks the signature', async () => {
    const sim = await simulator();
    const signed = new URL(`${sim.url}/v2/whatsapp/incoming?limit=5`);
    const header = signRequest({ method: 'GET', url: signed, key: 'simulator-key', secret: 'simulator-secret-0123456789abcdef' });
    expect((await get(new URL(`${sim.url}/v2/whatsapp/incoming?limit=6`), header)).status).toBe(403);
  });

  it('tolerates optional spaces in the header', async () => {
    const sim = await simulator();
    const url = new URL(`${sim.url}/v2/whatsapp/opt-in`);
    const ts = Math.floor(Date.now() / 1000);
    const nonce = newNonce();
    const mac = computeMac('simulator-secret-0123456789abcdef', { ts, nonce, method: 'GET', target: '/v2/whatsapp/opt-in', host: '127.0.0.1', port: sim.port });
    const spaced = `MAC  id = "simulator-key" ,ts="${ts}",   nonce ="${nonce}" , mac= "${mac}"`;
    expect((await get(url, spaced)).status).toBe(200);
  });
});

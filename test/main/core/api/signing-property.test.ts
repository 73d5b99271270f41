import fc from 'fast-check';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../../main/core/api/mac';
import { clientFor, simulator } from '../../../helpers/simulator';

/** Text with the characters that need percent-encoding in a query or a path. */
const awkward = fc.string({ unit: fc.constantFrom(...Array.from('aZ09 &=+%#?/\\"\'<>[]{}|^`~@:;,.!$*()é漢🙂\t-_')), maxLength: 24 });

describe('every request the client signs verifies on the simulator', () => {
  it('holds for the client’s own list queries', async () => {
    const sim = await simulator();
    const client = clientFor(sim, { maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          search: fc.option(awkward, { nil: undefined }),
          origin: fc.option(fc.stringMatching(/^\d{6,12}$/), { nil: undefined }),
          offset: fc.integer({ min: 1, max: 500 }),
          limit: fc.integer({ min: 1, max: 50 }),
          startDate: fc.option(fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }), { nil: undefined }),
        }),
        fc.boolean(),
        async (query, outgoing) => {
          const page = outgoing ? await client.listOutgoing(query) : await client.listIncoming(query);
          expect(page.total).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
    expect(sim.log().every((entry) => entry.status === 200)).toBe(true);
  });

  it('holds for random methods, paths, query strings and bodies', async () => {
    const sim = await simulator();
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.array(awkward, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(awkward, awkward), { maxLength: 4 }),
        fc.option(fc.jsonValue(), { nil: undefined }),
        async (method, segments, pairs, body) => {
          const url = new URL(`${sim.url}/v2/${segments.map(encodeURIComponent).join('/')}`);
          const params = new URLSearchParams();
          for (const [key, value] of pairs) params.append(key, value);
          url.search = params.toString();
          const authorization = signRequest({ method, url, key: sim.accounts[0]?.key ?? '', secret: sim.accounts[0]?.secret ?? '' });
          const hasBody = method !== 'GET' && body !== undefined;
          const response = await request(url, {
            method,
            headers: { authorization, accept: 'application/json', ...(hasBody ? { 'content-type': 'application/json' } : {}) },
            body: hasBody ? JSON.stringify(body) : undefined,
          });
          await response.body.text();
          statuses.push(response.statusCode);
          expect(response.statusCode, `${method} ${url.pathname}${url.search}`).not.toBe(403);
        },
      ),
      { numRuns: 200 },
    );
    // Sanity: the same request with a wrong secret is refused, so the property is not vacuous.
    const url = new URL(`${sim.url}/v2/whatsapp/opt-in`);
    const bad = await request(url, { headers: { authorization: signRequest({ method: 'GET', url, key: 'simulator-key', secret: 'nope' }) } });
    expect(bad.statusCode).toBe(403);
    expect(await bad.body.text()).toMatch(/Authentication/);
    expect(statuses.length).toBe(200);
  });
});

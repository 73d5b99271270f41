import { Agent, request } from 'undici';
import { ApiClient } from '../../main/core/api/client';
import { DEFAULT_ACCOUNT } from '../../main/simulator/server';
import { fmt, median, spawnSimulator, throughput, type Row } from './harness';

/**
 * Signed requests per second against the simulator at concurrency 16, next to the same requests
 * sent unsigned with a bare HTTP client. Both go to one simulator process (in its own process, so
 * client and server do not share a core) that verifies a MAC when a request carries one, so the
 * ratio prices signing, verification, keep-alive management and response validation together.
 * Rounds alternate and the medians are compared, because a shared VM's speed drifts.
 * Target: signed ≥ 0.8 × bare and ≥ 2,000 requests/s.
 */
export async function benchApi(): Promise<Row[]> {
  const concurrency = 16;
  const rounds = 6;
  const roundMs = 1_500;
  const sim = await spawnSimulator(['--messages', '200', '--seed', '3', '--optional-auth']);
  try {
    const client = new ApiClient({ baseUrl: sim.url, credentials: DEFAULT_ACCOUNT, timeZone: 'Australia/Sydney', maxConnections: concurrency });
    const ids = (await client.listIncoming({ limit: 50 })).items.map((m) => m.id);
    const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
    let i = 0;
    const signed = (): Promise<unknown> => client.getIncoming(ids[i++ % ids.length] as string);
    let j = 0;
    const bare = async (): Promise<unknown> => {
      const response = await request(`${sim.url}/v2/whatsapp/incoming/${ids[j++ % ids.length]}`, { dispatcher: agent, headers: { accept: 'application/json' } });
      // A bare client of a JSON API still reads the JSON; it skips signing, validation, retries.
      return response.body.json();
    };
    await throughput(signed, concurrency, 1_000);
    await throughput(bare, concurrency, 1_000);
    const signedRates: number[] = [];
    const bareRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      bareRates.push(await throughput(bare, concurrency, roundMs));
      signedRates.push(await throughput(signed, concurrency, roundMs));
    }
    await client.close();
    await agent.close();
    const signedRate = median(signedRates);
    const bareRate = median(bareRates);
    const ratio = signedRate / bareRate;
    return [
      {
        figure: 'signed API requests/s (concurrency 16)',
        value: fmt(signedRate),
        baseline: `${fmt(bareRate)} bare unsigned (undici + JSON.parse)`,
        ratio: ratio.toFixed(2),
        target: '≥ 0.80 and ≥ 2,000/s',
        pass: ratio >= 0.8 && signedRate >= 2000,
      },
    ];
  } finally {
    await sim.stop();
  }
}

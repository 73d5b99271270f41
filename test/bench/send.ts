import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../../main/core/api/client';
import { accountMigrations } from '../../main/core/db/account-migrations';
import { openDatabase } from '../../main/core/db/database';
import { MessagesStore } from '../../main/core/db/messages-store';
import { EventBus } from '../../main/core/events';
import { createLogger, Redactor } from '../../main/core/log';
import { QueueStore } from '../../main/core/outbox/queue-store';
import { Delivery } from '../../main/core/send/delivery';
import { Lane } from '../../main/core/send/lane';
import { DEFAULT_ACCOUNT } from '../../main/simulator/server';
import { fmt, spawnSimulator, throughput, type Row } from './harness';

/**
 * The send pipeline at campaign rates: a lane sending many recipients at once over the shared
 * Delivery and a real queue file (each batch marked `sending` in one durable commit before its
 * POSTs, answers written in batches), against the simulator with 20 ms latency, next to the same
 * POSTs sent bare by the same API client (no journal, no events). Target: ≥ 1,000 sends/s.
 */
export async function benchSend(): Promise<Row[]> {
  const concurrency = 48;
  const count = 3_000;
  const sim = await spawnSimulator(['--messages', '200', '--seed', '5', '--latency', '20']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wadesk-bench-send-'));
  const client = new ApiClient({ baseUrl: sim.url, credentials: DEFAULT_ACCOUNT, timeZone: 'Australia/Sydney', maxConnections: concurrency + 4 });
  const events = new EventBus();
  try {
    const message = { type: 'text' as const, text: 'Your order is ready for pickup.' };
    let n = 0;
    const recipient = (): string => `614${String(10_000_000 + (n++ % 89_999_999)).padStart(8, '0')}`;
    const bare = (): Promise<number> => throughput(() => client.send(recipient(), message), concurrency, 2_000);
    await bare();
    // A shared machine's speed drifts: the baseline is measured before and after, and averaged.
    const bareBefore = await bare();

    const db = openDatabase(path.join(dir, 'bench.sqlite3'), { migrations: accountMigrations, synchronous: 'NORMAL' });
    const queue = new QueueStore(db, new MessagesStore(db));
    // Setup, not measured: the records a campaign would have planned.
    for (let i = 0; i < count; i++) queue.enqueue(recipient(), message);
    const log = createLogger({ sinks: [], redactor: new Redactor() });
    const delivery = new Delivery({ account: { client: () => client, reportOutcome: () => undefined }, events, log });
    const lane = new Lane({ name: 'bench', delivery, store: () => queue, concurrency, backoff: { baseMs: 1_000, capMs: 60_000 }, log });
    const started = performance.now();
    await lane.kick();
    await lane.whenIdle();
    const seconds = (performance.now() - started) / 1000;
    const sent = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM outbox_queue WHERE state = 'sent'").get()?.n ?? 0;
    lane.close();
    db.close();
    const bareRate = (bareBefore + (await bare())) / 2;
    const rate = sent / seconds;
    return [
      {
        figure: `pipeline sends/s (${fmt(count)} recipients, concurrency ${concurrency}, 20 ms latency)`,
        value: `${fmt(rate)} (${fmt(sent)} sent)`,
        baseline: `${fmt(bareRate)} bare POSTs, same client`,
        ratio: (rate / bareRate).toFixed(2),
        target: '≥ 1,000/s, all sent',
        pass: rate >= 1_000 && sent === count,
      },
    ];
  } finally {
    events.close();
    await client.close();
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

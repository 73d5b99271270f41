import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../../main/core/secrets/store';
import { memoryKeychain, testServices } from '../../../helpers/services';
import { control, simulator } from '../../../helpers/simulator';
import { cacheIds, connectedServices, expectExactlyOnce, SYNC_KEY, SYNC_SECRET } from '../../../helpers/sync-cache';
import { tempDir } from '../../../helpers/temp';

const root = path.resolve(__dirname, '../../../..');
const KEY = SYNC_KEY;
const SECRET = SYNC_SECRET;

describe('sync against the simulator beyond the 10,000 cap', () => {
  it('caches every message exactly once, then fetches only the overlap, then picks up status changes', { timeout: 120_000 }, async () => {
    const sim = await simulator({ incoming: 26_000, outgoing: 4_000, months: 18, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }] });
    const dataDir = tempDir();
    const { services } = await connectedServices(sim, { dataDir });

    const first = await services.sync.start();
    expect(first.lastError).toBeNull();
    expect(first.phase).toBe('done');
    expect(first.running).toBe(false);
    expect(first.complete).toBe(true);
    const accountId = services.account.accountId() ?? '';
    expectExactlyOnce(cacheIds(dataDir, accountId), sim);
    // Every list request respected the API's limits (the simulator answers 400 otherwise).
    expect(sim.log().every((e) => e.status === 200)).toBe(true);

    // A second sync reads only the overlap (and the recent outgoing days), not the history.
    sim.clearLog();
    const second = await services.sync.start();
    expect(second.phase).toBe('done');
    const fetched = second.progress.reduce((n, p) => n + p.fetched, 0);
    const recentOutgoing = sim.store.outgoing.filter((m) => m.createdAt >= Date.now() - 8 * 86_400_000).length;
    expect(fetched).toBeLessThanOrEqual(recentOutgoing + 50);
    expect(sim.log().length).toBeLessThanOrEqual(6);
    expectExactlyOnce(cacheIds(dataDir, accountId), sim);

    // A status changed on the server shows after the next sync; a new inbound message arrives too.
    const recent = sim.store.outgoing[sim.store.outgoing.length - 1];
    if (!recent) throw new Error('no outgoing');
    await control(sim, 'POST', `/__sim/outgoing/${recent.id}/status`, { status: 'failed', state: 'EXPIRED' });
    await control(sim, 'POST', '/__sim/incoming', { from: '61400999888', message: 'a brand new question', createdAt: Math.floor(Date.now() / 1000) * 1000 - 5_000 });
    await services.sync.start();
    const workspace = services.workspaces.require();
    const thread = workspace.queries.thread({ contact: recent.recipient, limit: 500 });
    expect(thread.items.find((m) => m.providerId === recent.id)).toMatchObject({ status: 'failed', statusRaw: 'failed' });
    const fresh = workspace.queries.conversation('61400999888');
    expect(fresh).toMatchObject({ unread: 1, windowOpen: true, lastPreview: 'a brand new question' });
  });

  it('reports why a sync failed and keeps what it had', async () => {
    const sim = await simulator({ incoming: 300, outgoing: 100, accounts: [{ key: KEY, secret: SECRET }] });
    const { services } = await connectedServices(sim);
    await control(sim, 'POST', '/__sim/faults/rules', { action: 'status', status: 403, times: 50 });
    const failed = await services.sync.start();
    expect(failed.phase).toBe('failed');
    expect(failed.lastError).toMatchObject({ code: 'auth' });
    expect(services.account.status().connection).toBe('failed');
    await control(sim, 'DELETE', '/__sim/faults');
    const ok = await services.sync.start();
    expect(ok.phase).toBe('done');
    expect(services.account.status().connection).toBe('connected');
  });

  it('runs one sync at a time and can be cancelled', async () => {
    const sim = await simulator({ incoming: 20_000, outgoing: 100, faults: { latencyMs: 50 }, accounts: [{ key: KEY, secret: SECRET }] });
    const { services } = await connectedServices(sim);
    // Cancel as soon as the first messages are written.
    services.events.subscribe(({ event, payload }) => {
      if (event === 'sync.progress' && payload.progress.some((p) => p.fetched > 0)) services.sync.cancel();
    });
    const a = services.sync.start();
    const b = services.sync.start();
    expect(a).toBe(b);
    const cancelled = await a;
    expect(cancelled.phase).toBe('cancelled');
    expect(cancelled.lastError).toBeNull();
    expect(services.workspaces.require().messages.count()).toBeLessThan(20_100);
    // Cancelled work is kept: the unfinished windows wait for the next run; the newest has no end.
    const pending = services.workspaces.require().syncState.get('in').pendingWindows;
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.filter(([, end]) => end === null)).toHaveLength(1);
  });

  it('resumes after the process is killed half-way and ends complete without duplicates', { timeout: 120_000 }, async () => {
    const sim = await simulator({ incoming: 24_000, outgoing: 2_000, months: 12, replyRate: 0, accounts: [{ key: KEY, secret: SECRET }], faults: { latencyMs: 15 } });
    const dataDir = tempDir();
    const run = (killAfter: number | null): Promise<string> =>
      new Promise((resolve, reject) => {
        // tsx as a loader: the tsx command would run the sync in a grandchild that SIGKILL misses.
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/sync-child.ts'), dataDir, sim.url, KEY, SECRET], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const fetched = [...out.matchAll(/PROGRESS (\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
          if (killAfter !== null && fetched >= killAfter) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve(out));
        child.on('error', reject);
      });

    const killed = await run(9_000);
    expect(killed).not.toContain('DONE');
    const finished = await run(null);
    expect(finished).toContain('DONE done');
    const keychain = new MemorySecretStore();
    await keychain.set(KEY, SECRET);
    const { services } = await testServices(dataDir, { secretStores: memoryKeychain(keychain) });
    expectExactlyOnce(cacheIds(dataDir, services.account.accountId() ?? ''), sim);
    expect(services.workspaces.require().syncState.get('in').pendingWindows).toEqual([]);
    // The restart read fewer messages than the whole history: it resumed.
    const secondRun = [...finished.matchAll(/PROGRESS (\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
    expect(secondRun).toBeLessThan(26_000);
  });
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { describe, expect, it } from 'vitest';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { openDatabase } from '../../../../main/core/db/database';
import { workspaceFile } from '../../../../main/core/workspace';
import { seededRandom, type Random } from '../../../../main/simulator/random';
import type { Simulator } from '../../../../main/simulator/server';
import { customerCsv, customerNumber, templateSends } from '../../../helpers/campaigns';
import { simulator } from '../../../helpers/simulator';
import { tempDir } from '../../../helpers/temp';

/**
 * Crash trials: a 1,000-recipient campaign against the simulator while 5% of sends are accepted
 * and then cut (no answer), 3% are answered 503 without being processed, and the outgoing list
 * lags behind. The core runs in a child process that is killed with SIGKILL at a random moment
 * (a seeded draw, so a failure reproduces) and started again until the campaign is complete.
 * Afterwards every valid recipient is in the simulator's log exactly once, with that row's
 * parameters, and the journal agrees: each sent row is accepted with the simulator's id.
 */

const root = path.resolve(__dirname, '../../../..');
const KEY = 'crash-key';
const SECRET = 'crash-secret-0123456789';
const RUNS = Number(process.env['CRASH_TRIAL_RUNS'] ?? 20);
const RECIPIENTS = 1_000;
/** Rows no campaign may send: a duplicate of a valid row and a number that cannot be read. */
const INVALID = [
  ['Again', `0${customerNumber(7).slice(2)}`, 'ORD-AGAIN'],
  ['Letters', '0412 ABC', 'ORD-BAD'],
];
const SEED = Number(process.env['CRASH_TRIAL_SEED'] ?? 20_261_130);

interface Start {
  out: string;
  killed: boolean;
}

/** One start of the core; `kill` decides from its output when to SIGKILL it (null: let it finish). */
function start(bundle: string, args: string[], kill: ((out: string) => number | null) | null): Promise<Start> {
  return new Promise((resolve, reject) => {
    // The bundle itself, not a launcher: SIGKILL must reach the process that runs the core.
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_PATH: path.join(root, 'node_modules') },
    });
    let out = '';
    let armed = false;
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!kill || armed) return;
      const delay = kill(out);
      if (delay === null) return;
      armed = true;
      setTimeout(() => {
        killed = child.exitCode === null && child.kill('SIGKILL');
      }, delay);
    });
    child.on('exit', () => resolve({ out, killed }));
    child.on('error', reject);
  });
}

/** Where a run is killed: as it starts (loading, checking, confirming) or once some rows are accepted, a few ms later. */
function killPlan(random: Random): (out: string) => number | null {
  const early = random() < 0.15;
  // Not too near the end: a run that finishes before its kill would prove nothing about the kill.
  const after = Math.floor(random() * (RECIPIENTS - 200));
  const delay = Math.floor(random() * (early ? 400 : 30));
  return (out) => {
    if (early) return out.includes('STARTED') ? delay : null;
    const accepted = Number([...out.matchAll(/PROGRESS (\d+)/g)].pop()?.[1] ?? -1);
    return accepted >= after ? delay : null;
  };
}

interface TrialResult {
  starts: number;
  killed: number;
  resolved: number;
}

async function trial(bundle: string, sim: Simulator, random: Random): Promise<TrialResult> {
  const dataDir = tempDir('wadesk-crash-');
  const csvFile = path.join(dataDir, 'customers.csv');
  fs.writeFileSync(csvFile, customerCsv(RECIPIENTS, INVALID));
  const args = [dataDir, sim.url, KEY, SECRET, csvFile];
  const result: TrialResult = { starts: 0, killed: 0, resolved: 0 };
  let plan: ((out: string) => number | null) | null = killPlan(random);
  for (;;) {
    const run = await start(bundle, args, plan);
    result.starts++;
    plan = null;
    if (run.killed) result.killed++;
    result.resolved += [...run.out.matchAll(/RESOLVED (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    if (/^ERROR/m.test(run.out)) throw new Error(run.out.slice(run.out.indexOf('ERROR')));
    const done = /DONE (\S+)/.exec(run.out);
    if (done?.[1]) {
      check(sim, dataDir, done[1]);
      return result;
    }
    // A start that was not killed always finishes the campaign.
    expect(run.killed).toBe(true);
  }
}

/** Every valid recipient in the simulator's log exactly once with its row's parameters, and the journal agrees. */
function check(sim: Simulator, dataDir: string, campaignId: string): void {
  const sends = templateSends(sim.log().filter((e) => e.status === 200));
  const byRecipient = new Map<string, string[][]>();
  for (const [to, params] of sends) byRecipient.set(to, [...(byRecipient.get(to) ?? []), params]);
  for (let i = 0; i < RECIPIENTS; i++) expect(byRecipient.get(customerNumber(i)), `customer ${i}`).toEqual([[`Customer ${i}`, `ORD-${1000 + i}`]]);
  expect(sends).toHaveLength(RECIPIENTS);

  const accountFile = fs.readdirSync(path.join(dataDir, 'accounts')).find((f) => f.endsWith('.sqlite3'));
  expect(accountFile).toBeDefined();
  const cache = openDatabase(workspaceFile(dataDir, path.basename(accountFile ?? '', '.sqlite3')), { migrations: accountMigrations });
  try {
    const rows = cache
      .prepare<[string], { row: number; recipient: string | null; state: string; provider_id: string | null }>('SELECT row, recipient, state, provider_id FROM campaign_recipients WHERE campaign_id = ? ORDER BY row')
      .all(campaignId);
    expect(rows).toHaveLength(RECIPIENTS + INVALID.length);
    const ids = new Map(sim.store.outgoing.map((m) => [m.recipient, m.id]));
    for (const r of rows.slice(0, RECIPIENTS)) {
      expect(r.state).toBe('accepted');
      expect(r.provider_id).toBe(ids.get(r.recipient ?? ''));
    }
    expect(rows.slice(RECIPIENTS).map((r) => r.state)).toEqual(['skipped', 'skipped']);
    // One message per sent row in the history, tagged with the campaign.
    expect(cache.prepare<[string], { n: number }>("SELECT count(*) AS n FROM messages WHERE campaign_id = ? AND direction = 'out'").get(campaignId)?.n).toBe(RECIPIENTS);
  } finally {
    cache.close();
  }
}

/** The child as one CommonJS file (its packages stay external, found through NODE_PATH). */
async function bundleChild(): Promise<string> {
  const outDir = tempDir('wadesk-crash-child-');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: { ssr: path.join(root, 'test/helpers/campaign-child.ts'), outDir, emptyOutDir: false, minify: false, rollupOptions: { output: { format: 'cjs', entryFileNames: 'child.cjs' } } },
  });
  return path.join(outDir, 'child.cjs');
}

describe('campaign crash trials', () => {
  it(`${RUNS} runs of ${RECIPIENTS.toLocaleString('en')} recipients, each killed at a random moment: every valid recipient exactly once`, { timeout: 480_000 }, async () => {
    const random = seededRandom(SEED);
    const started = Date.now();
    const bundle = await bundleChild();
    const totals = { starts: 0, killed: 0, resolved: 0, cut: 0, refused: 0 };
    for (let run = 0; run < RUNS; run++) {
      const sim = await simulator({
        accounts: [{ key: KEY, secret: SECRET }],
        seed: SEED + run,
        messages: 20,
        replyRate: 0,
        faults: { resetAfterRate: 0.05, errorRates: { '503': 0.03 }, listingDelayMs: 150, latencyMs: 1 },
      });
      const result = await trial(bundle, sim, random);
      const served = sim.faults.counts();
      totals.starts += result.starts;
      totals.killed += result.killed;
      totals.resolved += result.resolved;
      totals.cut += served['reset-after'] ?? 0;
      totals.refused += served['503'] ?? 0;
      await sim.close();
    }
    // The faults did happen, and every run was killed once.
    expect(totals.killed).toBe(RUNS);
    expect(totals.cut).toBeGreaterThan(RUNS * RECIPIENTS * 0.02);
    expect(totals.refused).toBeGreaterThan(RUNS * RECIPIENTS * 0.01);
    console.log(`crash trials: ${RUNS} runs, ${totals.starts} starts, ${totals.killed} killed, ${totals.cut} sends cut, ${totals.refused} answered 503, ${totals.resolved} sent again by the user after “needs attention”, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});

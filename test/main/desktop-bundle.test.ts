import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRendererFile, RENDERER_INDEX_URL } from '../../main/core/renderer-scheme';
import type { SyncRun, SyncWorkerMessage } from '../../main/core/sync/worker';
import { DEFAULT_ACCOUNT } from '../../main/simulator/server';
import { simulator } from '../helpers/simulator';
import { tempDir } from '../helpers/temp';

/**
 * The desktop build cannot run here (no Electron binary), but its sync threads are plain Node:
 * built with electron-vite as `npm run build` does, the bundled sync worker must find its
 * bundled fetch thread and sync a cache with no TypeScript loader in sight; and the built
 * renderer must be servable over app:// with the MIME types module scripts require.
 */

const root = path.resolve(__dirname, '../..');

describe('the desktop bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--config', 'build/electron.vite.config.ts'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
  }, 120_000);

  it('serves the built renderer over app:// with the types module scripts need', async () => {
    const rendererDir = path.join(root, 'out/renderer');
    const index = await readRendererFile(RENDERER_INDEX_URL, rendererDir);
    expect(index.status).toBe(200);
    const html = Buffer.from(index.body).toString('utf8');
    // Relative references (Vite's base './') resolve against app://renderer/index.html.
    const references = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(references.some((file) => file.endsWith('.js'))).toBe(true);
    const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
    for (const file of references) {
      const answer = await readRendererFile(new URL(file, RENDERER_INDEX_URL).href, rendererDir);
      expect(answer.status, file).toBe(200);
      expect(answer.headers['content-type'], file).toBe(types[path.extname(file)]);
    }
  });

  it('runs a sync with the bundled sync-worker.js and fetch-worker.js', { timeout: 120_000 }, async () => {
    const sim = await simulator({ incoming: 400, outgoing: 150 });
    const file = path.join(tempDir(), 'cache.sqlite3');
    const worker = new Worker(path.join(root, 'out/main/sync-worker.js'), { workerData: { file } });
    try {
      const outcome = await new Promise<SyncWorkerMessage>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (message: SyncWorkerMessage) => {
          if (message.type === 'ready') {
            const run: SyncRun = {
              api: { baseUrl: sim.url, credentials: sim.accounts[0] ?? DEFAULT_ACCOUNT, timeZone: sim.timeZone },
              engine: { concurrency: 4, overlapMs: 0, stallBudgetMs: 100, windowsInFlight: 2, statusRecheckDays: 7 },
            };
            worker.postMessage({ type: 'run', run });
          } else if (message.type === 'done' || message.type === 'failed') resolve(message);
        });
      });
      expect(outcome).toEqual({ type: 'done' });
    } finally {
      await worker.terminate();
    }
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()?.n).toBe(550);
    } finally {
      db.close();
    }
  });
});

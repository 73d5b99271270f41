import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SyncRun, SyncWorkerCommand, SyncWorkerMessage } from './worker';

/**
 * The sync worker thread of the open account cache, started once and reused for every run.
 * In the desktop build it is the bundled sync-worker.js next to the main bundle; from source
 * (the preview, tests) it is worker.ts, loaded through tsx. The bootstrap is evaluated
 * CommonJS, so `require` finds native modules the way the main thread does (also in an asar).
 */
function workerEntry(): { file: string; typescript: boolean } {
  const source = path.join(__dirname, 'worker.ts');
  if (fs.existsSync(source)) return { file: source, typescript: true };
  return { file: path.join(__dirname, 'sync-worker.js'), typescript: false };
}

type Outcome = Extract<SyncWorkerMessage, { type: 'done' | 'failed' }>;

export class SyncWorker {
  private readonly worker: Worker;
  private current: { resolve: (outcome: Outcome) => void; onMessage: (message: SyncWorkerMessage) => void } | null = null;
  private dead: string | null = null;

  constructor(readonly file: string) {
    const entry = workerEntry();
    const lines: string[] = [];
    if (entry.typescript) lines.push(`require(${JSON.stringify(createRequire(__filename).resolve('tsx/cjs/api'))}).register();`);
    lines.push(`require(${JSON.stringify(entry.file)});`);
    this.worker = new Worker(lines.join('\n'), { eval: true, workerData: { file } });
    // An idle worker must not keep the process alive; a running one must (see run()).
    this.worker.unref();
    this.worker.on('message', (message: SyncWorkerMessage) => {
      const current = this.current;
      if (!current) return;
      if (message.type === 'done' || message.type === 'failed') {
        this.current = null;
        this.worker.unref();
        current.resolve(message);
      } else current.onMessage(message);
    });
    const die = (reason: string): void => {
      this.dead = reason;
      const current = this.current;
      this.current = null;
      current?.resolve({ type: 'failed', error: { code: 'internal', message: `The sync stopped unexpectedly (${reason}).` } });
    };
    this.worker.on('error', (error) => die(error.message));
    this.worker.on('exit', (code) => die(`exit ${code}`));
  }

  get alive(): boolean {
    return this.dead === null;
  }

  private send(command: SyncWorkerCommand): void {
    this.worker.postMessage(command);
  }

  /** Runs one sync; resolves with its outcome (also when the thread dies). */
  run(request: SyncRun, onMessage: (message: SyncWorkerMessage) => void): Promise<Outcome> {
    if (this.dead !== null) return Promise.resolve({ type: 'failed', error: { code: 'internal', message: `The sync worker is not running (${this.dead}).` } });
    if (this.current) throw new Error('a sync is already running in this worker');
    return new Promise<Outcome>((resolve) => {
      this.current = { resolve, onMessage };
      this.worker.ref();
      this.send({ type: 'run', run: request });
    });
  }

  cancel(): void {
    if (this.current) this.send({ type: 'cancel' });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

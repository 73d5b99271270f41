import type { Worker } from 'node:worker_threads';
import { startThread } from './thread-entry';
import type { SyncRun, SyncWorkerCommand, SyncWorkerMessage } from './worker';

/** The sync worker thread of the open account cache (worker.ts), started once and reused for every run. */

type Outcome = Extract<SyncWorkerMessage, { type: 'done' | 'failed' }>;

export class SyncWorker {
  private readonly worker: Worker;
  private current: { resolve: (outcome: Outcome) => void; onMessage: (message: SyncWorkerMessage) => void } | null = null;
  private dead: string | null = null;
  /** Settles once the thread has loaded and opened the cache (or has died trying). */
  readonly ready: Promise<void>;

  constructor(readonly file: string) {
    this.worker = startThread({ source: 'worker.ts', bundled: 'sync-worker.js' }, { file });
    // An idle worker must not keep the process alive; a running one must (see run()).
    this.worker.unref();
    let markReady = (): void => undefined;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    this.worker.on('message', (message: SyncWorkerMessage) => {
      if (message.type === 'ready') return markReady();
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
      markReady();
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

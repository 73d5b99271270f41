import { parentPort, workerData } from 'node:worker_threads';
import { accountMigrations } from '../db/account-migrations';
import { ContactsStore } from '../db/contacts-store';
import { openDatabase } from '../db/database';
import { MessagesStore } from '../db/messages-store';
import { SyncStateStore } from '../db/sync-state-store';
import { runSync, type DirectionProgress, type EngineOptions } from './engine';
import type { ThreadApiOptions } from './fetch-protocol';
import { RemoteApi } from './remote-api';
import { errorForThread } from './thread-entry';

/**
 * The sync's worker thread, one per open account cache: its own connection to the cache (WAL
 * lets the main thread keep reading), the engine, and a fetch thread of its own that makes the
 * API requests (fetch-worker.ts), so this thread spends its time writing. It takes
 * "run" and "cancel" commands and reports progress, changed contacts and each run's outcome.
 */

export interface SyncWorkerInit {
  file: string;
}

export interface SyncRun {
  /** Its timeZone (Settings') is also the engine's fallback until the answers show the account's offset. */
  api: ThreadApiOptions;
  engine: Omit<EngineOptions, 'now' | 'fallbackTimeZone'>;
}

export type SyncWorkerCommand = { type: 'run'; run: SyncRun } | { type: 'cancel' };

export type SyncWorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; direction: 'in' | 'out'; progress: DirectionProgress }
  | { type: 'changed'; contacts: string[] }
  | { type: 'log'; level: 'info' | 'warn'; message: string; data?: Record<string, unknown> | undefined }
  | { type: 'done' }
  | { type: 'failed'; error: { code: string; message: string; retryAfterSeconds?: number | undefined } };

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');
const post = (message: SyncWorkerMessage): void => port.postMessage(message);
const { file } = workerData as SyncWorkerInit;

// Checkpoints are this thread's job (the main thread's connection only past 400 MB). Copying the WAL
// into the database every 16 MB cost a third of a first sync's time on a slow disk: index and
// FTS pages rewritten by every batch were copied again each time. Every 128 MB, and once after
// each run, copies each page once per many batches.
const db = openDatabase(file, { migrations: accountMigrations, synchronous: 'NORMAL', walAutocheckpoint: 32_000 });
db.pragma('cache_size = -32768');
const stores = { messages: new MessagesStore(db), syncState: new SyncStateStore(db), contacts: new ContactsStore(db) };
const api = new RemoteApi();
let controller: AbortController | null = null;

/** Copies the WAL into the database without waiting for readers (what they still use stays). */
function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failed: the next run's checkpoint does it.
  }
}

async function run(request: SyncRun): Promise<void> {
  controller = new AbortController();
  api.open(request.api);
  // Changed contacts are gathered and sent a few times a second, not per write.
  let changed = new Set<string>();
  const flushChanged = (): void => {
    if (changed.size === 0) return;
    post({ type: 'changed', contacts: [...changed] });
    changed = new Set();
  };
  const timer = setInterval(flushChanged, 250);
  try {
    await runSync(
      stores,
      api,
      { ...request.engine, fallbackTimeZone: request.api.timeZone, now: Date.now },
      {
        progress: (direction, progress) => post({ type: 'progress', direction, progress: { ...progress } }),
        changed: (contacts) => {
          for (const contact of contacts) if (changed.size < 500) changed.add(contact);
        },
        log: (level, message, data) => post({ type: 'log', level, message, data }),
      },
      controller.signal,
    );
    flushChanged();
    post({ type: 'done' });
  } catch (error) {
    flushChanged();
    post({ type: 'failed', error: errorForThread(error) });
  } finally {
    clearInterval(timer);
    // After the outcome is out (a cancel or quit does not wait for it), before the next command
    // can arrive: this runs in the same tick.
    if (!controller.signal.aborted) checkpoint();
    controller = null;
    api.close();
  }
}

port.on('message', (command: SyncWorkerCommand) => {
  if (command.type === 'cancel') controller?.abort();
  else if (command.type === 'run' && !controller) void run(command.run);
});
port.on('close', () => {
  void api.terminate();
  db.close();
});
void api.ready.then(() => post({ type: 'ready' }));

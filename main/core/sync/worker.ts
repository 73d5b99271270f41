import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/result';
import { ApiClient, type ApiClientOptions } from '../api/client';
import { accountMigrations } from '../db/account-migrations';
import { ContactsStore } from '../db/contacts-store';
import { openDatabase } from '../db/database';
import { MessagesStore } from '../db/messages-store';
import { SyncStateStore } from '../db/sync-state-store';
import { runSync, type DirectionProgress, type EngineOptions } from './engine';

/**
 * The sync's worker thread, one per open account cache: its own connection to the cache (WAL
 * lets the main thread keep reading), its own API client per run, and the engine. It takes
 * "run" and "cancel" commands and reports progress, changed contacts and each run's outcome.
 */

export interface SyncWorkerInit {
  file: string;
}

export interface SyncRun {
  api: Omit<ApiClientOptions, 'log' | 'sleep' | 'now'>;
  engine: Omit<EngineOptions, 'now'>;
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

const db = openDatabase(file, { migrations: accountMigrations, synchronous: 'NORMAL', walAutocheckpoint: 4000 });
db.pragma('cache_size = -32768');
const stores = { messages: new MessagesStore(db), syncState: new SyncStateStore(db), contacts: new ContactsStore(db) };
let controller: AbortController | null = null;

async function run(request: SyncRun): Promise<void> {
  controller = new AbortController();
  const client = new ApiClient(request.api);
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
      client,
      { ...request.engine, now: Date.now },
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
    const data =
      error instanceof AppError
        ? { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds }
        : { code: 'internal', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    post({ type: 'failed', error: data });
  } finally {
    clearInterval(timer);
    controller = null;
    await client.close();
  }
}

port.on('message', (command: SyncWorkerCommand) => {
  if (command.type === 'cancel') controller?.abort();
  else if (command.type === 'run' && !controller) void run(command.run);
});
port.on('close', () => db.close());
post({ type: 'ready' });

import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/result';
import { ApiClient } from '../api/client';
import type { FetchCommand, FetchOps, FetchReply, ThreadApiOptions } from './fetch-protocol';
import { errorForThread } from './thread-entry';

/**
 * The sync's fetch thread: signs the list requests, reads and parses the answers and validates
 * them, so the sync worker's thread spends its time writing to SQLite. On a first sync, parsing
 * and writing then run on two cores instead of taking turns on one.
 */

const port = parentPort;
if (!port) throw new Error('fetch-worker.ts runs as a worker thread');
const reply = (message: FetchReply): void => port.postMessage(message);

let client: ApiClient | null = null;
/** Why the run's client could not be made (a malformed base URL…): every call answers with it. */
let openError: AppError | null = null;
const inFlight = new Map<number, AbortController>();

function call(client: ApiClient, command: Extract<FetchCommand, { type: 'call' }>, signal: AbortSignal): Promise<FetchOps[typeof command.op]['value']> {
  switch (command.op) {
    case 'listIncoming':
      return client.listIncoming(command.query, { signal });
    case 'listOutgoing':
      return client.listOutgoing(command.query, { signal });
    case 'listOptIns':
      return client.listOptIns({ signal });
  }
}

async function run(command: Extract<FetchCommand, { type: 'call' }>): Promise<void> {
  const controller = new AbortController();
  inFlight.set(command.id, controller);
  try {
    if (openError) throw openError;
    if (!client) throw new AppError({ code: 'internal', message: 'The sync asked for data before it connected.' });
    reply({ type: 'result', id: command.id, value: await call(client, command, controller.signal) });
  } catch (error) {
    reply({ type: 'error', id: command.id, error: errorForThread(error) });
  } finally {
    inFlight.delete(command.id);
  }
}

function closeClient(): void {
  for (const controller of inFlight.values()) controller.abort();
  void client?.close();
  client = null;
  openError = null;
}

function openClient(api: ThreadApiOptions): void {
  closeClient();
  try {
    client = new ApiClient(api);
  } catch (error) {
    openError =
      error instanceof AppError ? error : new AppError({ code: 'internal', message: `The sync could not set up its connection: ${error instanceof Error ? error.message : String(error)}` });
  }
}

port.on('message', (command: FetchCommand) => {
  switch (command.type) {
    case 'open':
      openClient(command.api);
      break;
    case 'call':
      void run(command);
      break;
    case 'abort':
      inFlight.get(command.id)?.abort();
      break;
    case 'close':
      closeClient();
      break;
  }
});
reply({ type: 'ready' });

import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/result';
import { cancelled, type IncomingMessage, type ListQuery, type ListResult, type OptIn, type OutgoingMessage } from '../api/client';
import type { FetchCommand, FetchOp, FetchOps, FetchReply, ThreadApiOptions } from './fetch-protocol';
import { startThread } from './thread-entry';

/** The API reads the sync engine makes. */
export interface SyncApi {
  listIncoming(query: ListQuery, call: { signal: AbortSignal }): Promise<ListResult<IncomingMessage>>;
  listOutgoing(query: ListQuery, call: { signal: AbortSignal }): Promise<ListResult<OutgoingMessage>>;
  listOptIns(call: { signal: AbortSignal }): Promise<OptIn[]>;
}

interface Pending {
  resolve: (value: FetchOps[FetchOp]['value']) => void;
  reject: (error: AppError) => void;
}

/**
 * The sync engine's API, served by the fetch thread (fetch-worker.ts). The thread is started
 * once and kept; a run opens it with the run's options and closes it at the end. If the thread
 * dies, the calls waiting on it fail and the next run starts a new one.
 */
export class RemoteApi implements SyncApi {
  private thread: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readyPromise: Promise<void> = Promise.resolve();
  /** The run's options, sent again to a thread started mid-run after one died. */
  private options: ThreadApiOptions | null = null;

  constructor() {
    this.start();
  }

  /** Settles once the fetch thread has loaded. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  private start(): Worker {
    const thread = startThread({ source: 'fetch-worker.ts', bundled: 'fetch-worker.js' }, null);
    thread.unref();
    let markReady = (): void => undefined;
    this.readyPromise = new Promise<void>((resolve) => (markReady = resolve));
    thread.on('message', (reply: FetchReply) => {
      if (reply.type === 'ready') return markReady();
      const pending = this.pending.get(reply.id);
      if (!pending) return; // aborted: already rejected
      this.pending.delete(reply.id);
      if (reply.type === 'result') pending.resolve(reply.value);
      else pending.reject(new AppError(reply.error));
    });
    const die = (reason: string): void => {
      markReady();
      if (this.thread !== thread) return;
      this.thread = null;
      this.failPending(reason);
    };
    thread.on('error', (error) => die(error.message));
    thread.on('exit', (code) => die(`exit ${code}`));
    this.thread = thread;
    if (this.options) thread.postMessage({ type: 'open', api: this.options } satisfies FetchCommand);
    return thread;
  }

  private failPending(reason: string): void {
    const error = new AppError({ code: 'internal', message: `The sync's fetch thread stopped (${reason}).` });
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private post(command: FetchCommand): void {
    (this.thread ?? this.start()).postMessage(command);
  }

  /** Starts a run: requests go out signed with these options. */
  open(api: ThreadApiOptions): void {
    this.options = api;
    // A new thread is opened with the options as it starts.
    if (this.thread) this.thread.postMessage({ type: 'open', api } satisfies FetchCommand);
    else this.start();
  }

  /** Ends a run: the thread closes the run's connections. */
  close(): void {
    this.options = null;
    this.thread?.postMessage({ type: 'close' } satisfies FetchCommand);
  }

  async terminate(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    this.failPending('terminated');
    await thread?.terminate();
  }

  private call<K extends FetchOp>(op: K, query: FetchOps[K]['query'], signal: AbortSignal): Promise<FetchOps[K]['value']> {
    if (signal.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<FetchOps[K]['value']>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return;
        this.thread?.postMessage({ type: 'abort', id } satisfies FetchCommand);
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = <T>(fn: (value: T) => void) => (value: T): void => {
        signal.removeEventListener('abort', onAbort);
        fn(value);
      };
      // The thread answers `op` with FetchOps[op]['value'] (fetch-worker.ts, call()).
      this.pending.set(id, { resolve: settle(resolve as (value: FetchOps[FetchOp]['value']) => void), reject: settle(reject) });
      try {
        this.post({ type: 'call', id, op, query } as FetchCommand);
      } catch (error) {
        this.pending.delete(id);
        signal.removeEventListener('abort', onAbort);
        reject(new AppError({ code: 'internal', message: `The sync could not reach its fetch thread (${error instanceof Error ? error.message : String(error)}).` }));
      }
    });
  }

  listIncoming(query: ListQuery, call: { signal: AbortSignal }): Promise<ListResult<IncomingMessage>> {
    return this.call('listIncoming', query, call.signal);
  }

  listOutgoing(query: ListQuery, call: { signal: AbortSignal }): Promise<ListResult<OutgoingMessage>> {
    return this.call('listOutgoing', query, call.signal);
  }

  listOptIns(call: { signal: AbortSignal }): Promise<OptIn[]> {
    return this.call('listOptIns', null, call.signal);
  }
}

import type { AppErrorData } from '../../../shared/result';
import type { ApiClientOptions, IncomingMessage, ListQuery, ListResult, OptIn, OutgoingMessage } from '../api/client';

/** What the sync worker and its fetch thread say to each other (see fetch-worker.ts). */

/** Client options that can cross a thread boundary (no functions). */
export type ThreadApiOptions = Omit<ApiClientOptions, 'log' | 'sleep' | 'now'>;

/** The reads a sync makes, each with what it answers. */
export interface FetchOps {
  listIncoming: { query: ListQuery; value: ListResult<IncomingMessage> };
  listOutgoing: { query: ListQuery; value: ListResult<OutgoingMessage> };
  listOptIns: { query: null; value: OptIn[] };
}
export type FetchOp = keyof FetchOps;

export type FetchCommand =
  /** Starts a run with these options (a previous run's client is closed). */
  | { type: 'open'; api: ThreadApiOptions }
  | { [K in FetchOp]: { type: 'call'; id: number; op: K; query: FetchOps[K]['query'] } }[FetchOp]
  | { type: 'abort'; id: number }
  /** The run is over: close its connections. */
  | { type: 'close' };

export type FetchReply =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: FetchOps[FetchOp]['value'] }
  | { type: 'error'; id: number; error: AppErrorData };

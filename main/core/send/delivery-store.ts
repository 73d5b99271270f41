import type { MessageContent } from '../../../shared/messages';
import type { OutgoingMessage } from '../api/client';

/**
 * What the send pipeline needs from wherever records of messages to send are kept. The outbox
 * queue (main/core/outbox/queue-store.ts) is one such store; a campaign's journal is another.
 * Each maps these states and transitions onto its own table.
 *
 *   queued ──▶ sending ──▶ accepted                 (SMSGlobal answered with its id)
 *     ▲           │  ├───▶ failed                   (refused for good: 400, 402…)
 *     │           │  └───▶ unknown ──▶ accepted     (found in the outgoing list)
 *     │           │            │  └──▶ attention ─▶ accepted (found later) | the user decides
 *     └───────────┴────────────┘                    (certainly not sent, or provably absent)
 */

/** The states in which a record still has something to do (the others are final). */
export type OpenState = 'queued' | 'sending' | 'unknown' | 'attention';

export interface DeliveryRecord {
  /** The store's own key for the record. */
  readonly id: string;
  readonly recipient: string;
  readonly message: MessageContent;
  readonly state: OpenState;
  readonly attempts: number;
  /** When the last POST started, by this computer's clock. */
  readonly attemptedAt: number | null;
  /** When its outcome became unknown, by this computer's clock: the attention bound counts from here. */
  readonly unknownAt: number | null;
}

export interface Failure {
  code: string;
  message: string;
  /** A 429's (or 503's) Retry-After, for a lane's runner that slows down by it. */
  retryAfterSeconds?: number;
}

export type Transition =
  /** On disk before the POST leaves: after a crash, this says "maybe sent". */
  | { kind: 'sending'; id: string; at: number }
  /** SMSGlobal has it: from its answer, or found in the outgoing list. */
  | { kind: 'accepted'; id: string; sent: OutgoingMessage; via: 'answer' | 'list' }
  | { kind: 'unknown'; id: string; at: number; failure: Failure }
  /** Back in line: certainly not sent (no connection), or provably absent from the list. */
  | { kind: 'retry'; id: string; failure: Failure | null }
  | { kind: 'failed'; id: string; failure: Failure }
  /** Still unknown after the bound: the user decides. */
  | { kind: 'attention'; id: string; reason: string };

export interface DeliveryStore {
  /**
   * Records to send now, in the store's order, at most `limit`: for each recipient only the first
   * of its line, and none while an earlier record to that recipient is unresolved, so messages to
   * one customer keep their order and an unknown outcome holds back only its own recipient.
   */
  ready(limit: number): DeliveryRecord[];
  /** Records whose outcome is not known: sending (possibly left by a crash), unknown, attention. */
  unresolved(limit: number): DeliveryRecord[];
  /** Of these provider ids, the ones a record of this store is already linked to. */
  claimed(providerIds: readonly string[]): Set<string>;
  /**
   * Applies transitions in one transaction; `durable` makes it survive power loss. Returns the
   * contacts whose conversation changed.
   */
  apply(transitions: readonly Transition[], durable: boolean): string[];
}

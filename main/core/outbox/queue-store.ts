import crypto from 'node:crypto';
import { MessageContent } from '../../../shared/messages';
import type { QueueItem, QueueState } from '../../../shared/outbox';
import type { NormalizedStatus } from '../../../shared/status';
import { durably, type Db } from '../db/database';
import type { MessagesStore } from '../db/messages-store';
import type { DeliveryRecord, DeliveryStore, OpenState, Transition } from '../send/delivery-store';

interface Row {
  local_id: string;
  seq: number;
  recipient: string;
  message: string;
  state: QueueState;
  attempts: number;
  error_code: string | null;
  last_error: string | null;
  attempted_at: number | null;
  unknown_at: number | null;
  provider_id: string | null;
  created_at: number;
}

export type QueuedMessage = DeliveryRecord;

/** What the conversation shows for a message in each queue state. */
const shown: Record<QueueState, NormalizedStatus> = {
  queued: 'waiting',
  sending: 'pending',
  unknown: 'unknown',
  attention: 'unknown',
  sent: 'sent',
  arrived: 'sent',
  failed: 'failed',
  cancelled: 'failed',
};

const OPEN = "('queued', 'sending', 'unknown', 'attention')";

/** The send pipeline's reads, on the indexes of migration 7 (test/main/core/outbox/queue-store.test.ts checks the plans). */
export const QUEUE_SQL = {
  /** The first queued record of each recipient whose line has nothing open before it. */
  ready: `SELECT * FROM outbox_queue q WHERE q.state = 'queued'
            AND NOT EXISTS (SELECT 1 FROM outbox_queue p WHERE p.recipient = q.recipient AND p.seq < q.seq AND p.state IN ${OPEN})
          ORDER BY q.seq LIMIT ?`,
  unresolved: "SELECT * FROM outbox_queue WHERE state IN ('sending', 'unknown', 'attention') ORDER BY seq LIMIT ?",
  claimed: 'SELECT provider_id FROM outbox_queue WHERE provider_id = ?',
} as const;

function toRecord(row: Row): DeliveryRecord {
  return {
    id: row.local_id,
    recipient: row.recipient,
    message: MessageContent.parse(JSON.parse(row.message)),
    // Only open rows are read as records (the queries say so).
    state: row.state as OpenState,
    attempts: row.attempts,
    attemptedAt: row.attempted_at,
    unknownAt: row.unknown_at,
  };
}

/**
 * The reply lane's store: the outbox queue of one account's cache. Every state change also updates
 * the message the user sees, in the same transaction, so after a crash the queue and the
 * conversation agree on what may have gone out. Statements are prepared once; no query scans the
 * queue (indexes of migration 7: open rows by recipient, provider ids).
 */
export class QueueStore implements DeliveryStore {
  private readonly statements;

  constructor(
    readonly db: Db,
    private readonly messages: MessagesStore,
  ) {
    const update = (set: string, from: string) => db.prepare<unknown[]>(`UPDATE outbox_queue SET ${set}, updated_at = ? WHERE local_id = ? AND state IN ${from}`);
    this.statements = {
      lastSeq: db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox_queue'),
      insert: db.prepare<[string, number, string, string, number, number]>(
        "INSERT INTO outbox_queue (local_id, seq, recipient, message, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
      ),
      get: db.prepare<[string], Row>('SELECT * FROM outbox_queue WHERE local_id = ?'),
      ready: db.prepare<[number], Row>(QUEUE_SQL.ready),
      unresolved: db.prepare<[number], Row>(QUEUE_SQL.unresolved),
      pending: db.prepare<[], Row>(`SELECT * FROM outbox_queue WHERE state IN ('queued', 'sending', 'unknown', 'attention', 'failed') ORDER BY seq`),
      claimed: db.prepare<[string], { provider_id: string }>(QUEUE_SQL.claimed),
      sending: update("state = 'sending', attempts = attempts + 1, attempted_at = ?, error_code = NULL, last_error = NULL", "('queued')"),
      accepted: update("state = 'sent', provider_id = ?, error_code = NULL, last_error = NULL", "('sending', 'unknown', 'attention')"),
      unknown: update("state = 'unknown', unknown_at = coalesce(unknown_at, ?), error_code = ?, last_error = ?", "('sending', 'unknown')"),
      retry: update("state = 'queued', unknown_at = NULL, error_code = ?, last_error = ?", "('sending', 'unknown', 'attention')"),
      failed: update("state = 'failed', error_code = ?, last_error = ?", "('queued', 'sending')"),
      attention: update("state = 'attention', error_code = 'needs_attention', last_error = ?", "('unknown')"),
      arrived: update("state = 'arrived', error_code = NULL, last_error = NULL", "('attention')"),
      sendAgain: update("state = 'queued', unknown_at = NULL, error_code = NULL, last_error = NULL", "('attention')"),
      edit: update("recipient = ?, message = ?, state = 'queued', error_code = NULL, last_error = NULL", "('queued', 'failed')"),
      cancel: update("state = 'cancelled'", "('queued', 'failed')"),
      requeue: update("state = 'queued', error_code = NULL, last_error = NULL", "('failed')"),
    };
  }

  enqueue(recipient: string, message: MessageContent, now = Date.now()): QueuedMessage {
    const localId = crypto.randomUUID();
    durably(this.db, () => {
      const seq = (this.statements.lastSeq.get()?.seq ?? 0) + 1;
      this.statements.insert.run(localId, seq, recipient, JSON.stringify(message), now, now);
      this.messages.insertLocal({ localId, contact: recipient, message, createdAt: now, status: shown.queued });
    });
    return { id: localId, recipient, message, state: 'queued', attempts: 0, attemptedAt: null, unknownAt: null };
  }

  /** The queue row's state, for tests and the service's checks. */
  state(localId: string): QueueState | null {
    return this.statements.get.get(localId)?.state ?? null;
  }

  /** What the user can still act on: waiting, on its way, uncertain or failed. */
  pending(): QueueItem[] {
    return this.statements.pending.all().map((row) => ({
      localId: row.local_id,
      recipient: row.recipient,
      message: MessageContent.parse(JSON.parse(row.message)),
      state: row.state,
      attempts: row.attempts,
      errorCode: row.error_code,
      lastError: row.last_error,
      createdAt: row.created_at,
      attemptedAt: row.attempted_at,
    }));
  }

  // SQLite reads a negative LIMIT as "no limit": never ask it for that.
  ready(limit: number): DeliveryRecord[] {
    return this.statements.ready.all(Math.max(0, limit)).map(toRecord);
  }

  unresolved(limit: number): DeliveryRecord[] {
    return this.statements.unresolved.all(Math.max(0, limit)).map(toRecord);
  }

  claimed(providerIds: readonly string[]): Set<string> {
    const claimed = new Set<string>();
    for (const id of providerIds) if (this.statements.claimed.get(id)) claimed.add(id);
    return claimed;
  }

  apply(transitions: readonly Transition[], durable: boolean): string[] {
    const run = (): string[] => {
      const contacts = new Set<string>();
      for (const t of transitions) {
        const contact = this.applyOne(t, Date.now());
        if (contact) contacts.add(contact);
      }
      return [...contacts];
    };
    return durable ? durably(this.db, run) : this.db.transaction(run).immediate();
  }

  /** One transition, when the row is in a state it may leave that way; the contact it touched. */
  private applyOne(t: Transition, now: number): string | null {
    const s = this.statements;
    switch (t.kind) {
      case 'sending':
        return s.sending.run(t.at, now, t.id).changes ? this.messages.setLocalStatus(t.id, shown.sending) : null;
      case 'accepted':
        return s.accepted.run(t.sent.id, now, t.id).changes ? this.messages.linkSent(t.id, t.sent) : null;
      case 'unknown':
        return s.unknown.run(t.at, t.failure.code, t.failure.message, now, t.id).changes ? this.messages.setLocalStatus(t.id, shown.unknown) : null;
      case 'retry':
        return s.retry.run(t.failure?.code ?? null, t.failure?.message ?? null, now, t.id).changes ? this.messages.setLocalStatus(t.id, shown.queued) : null;
      case 'failed':
        return s.failed.run(t.failure.code, t.failure.message, now, t.id).changes ? this.messages.setLocalStatus(t.id, shown.failed, t.failure.message) : null;
      case 'attention':
        return s.attention.run(t.reason, now, t.id).changes ? this.messages.setLocalStatus(t.id, shown.attention) : null;
    }
  }

  /** Changes a message that has not gone out (queued or failed); null when it is past that. */
  edit(localId: string, recipient: string, message: MessageContent): string[] | null {
    return durably(this.db, () => {
      if (!this.statements.edit.run(recipient, JSON.stringify(message), Date.now(), localId).changes) return null;
      const touched = this.messages.updateLocal(localId, recipient, message);
      this.messages.setLocalStatus(localId, shown.queued);
      return touched;
    });
  }

  /** Withdraws a message that has not gone out; it disappears from the conversation. */
  cancel(localId: string): string | null | false {
    return durably(this.db, () => (this.statements.cancel.run(Date.now(), localId).changes ? this.messages.deleteLocal(localId) : false));
  }

  /** Puts a failed message back in line. */
  retry(localId: string): string | null | false {
    return durably(this.db, () => (this.statements.requeue.run(Date.now(), localId).changes ? this.messages.setLocalStatus(localId, shown.queued) : false));
  }

  /**
   * The user's decision on a message that needs attention: back in line (they accepted that the
   * customer may get it twice), or recorded as arrived. False when it no longer needs a decision.
   */
  resolve(localId: string, decision: 'send-again' | 'arrived'): string | null | false {
    const [statement, status] = decision === 'arrived' ? [this.statements.arrived, shown.arrived] : [this.statements.sendAgain, shown.queued];
    return durably(this.db, () => (statement.run(Date.now(), localId).changes ? this.messages.setLocalStatus(localId, status) : false));
  }
}

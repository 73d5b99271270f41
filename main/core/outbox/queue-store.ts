import crypto from 'node:crypto';
import { MessageContent } from '../../../shared/messages';
import type { QueueItem, QueueState } from '../../../shared/outbox';
import type { NormalizedStatus } from '../../../shared/status';
import { durably, type Db } from '../db/database';
import type { MessagesStore } from '../db/messages-store';

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
  provider_id: string | null;
  created_at: number;
}

export interface QueuedMessage {
  localId: string;
  recipient: string;
  message: MessageContent;
  state: QueueState;
  attempts: number;
  attemptedAt: number | null;
  createdAt: number;
}

const shown: Record<QueueState, NormalizedStatus> = {
  queued: 'waiting',
  sending: 'pending',
  unknown: 'unknown',
  sent: 'sent',
  failed: 'failed',
  cancelled: 'failed',
};

function toQueued(row: Row): QueuedMessage {
  return {
    localId: row.local_id,
    recipient: row.recipient,
    message: MessageContent.parse(JSON.parse(row.message)),
    state: row.state,
    attempts: row.attempts,
    attemptedAt: row.attempted_at,
    createdAt: row.created_at,
  };
}

/**
 * The send queue: every state change is a durable transaction that also updates the message the
 * user sees, so after a crash the queue says exactly what may have gone out.
 */
export class QueueStore {
  constructor(
    readonly db: Db,
    private readonly messages: MessagesStore,
  ) {}

  enqueue(recipient: string, message: MessageContent, now = Date.now()): QueuedMessage {
    const localId = crypto.randomUUID();
    durably(this.db, () => {
      const seq = (this.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox_queue').get()?.seq ?? 0) + 1;
      this.db
        .prepare("INSERT INTO outbox_queue (local_id, seq, recipient, message, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
        .run(localId, seq, recipient, JSON.stringify(message), now, now);
      this.messages.insertLocal({ localId, contact: recipient, message, createdAt: now, status: shown.queued });
    });
    return { localId, recipient, message, state: 'queued', attempts: 0, attemptedAt: null, createdAt: now };
  }

  get(localId: string): QueuedMessage | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM outbox_queue WHERE local_id = ?').get(localId);
    return row ? toQueued(row) : null;
  }

  /** The next message to work on, in send order: queued, or one whose outcome is not known yet. */
  next(): QueuedMessage | null {
    const row = this.db.prepare<[], Row>("SELECT * FROM outbox_queue WHERE state IN ('queued', 'sending', 'unknown') ORDER BY seq LIMIT 1").get();
    return row ? toQueued(row) : null;
  }

  /** What the user can still act on: waiting, uncertain or failed. */
  pending(): QueueItem[] {
    return this.db
      .prepare<[], Row>("SELECT * FROM outbox_queue WHERE state IN ('queued', 'sending', 'unknown', 'failed') ORDER BY seq")
      .all()
      .map((row) => ({
        localId: row.local_id,
        recipient: row.recipient,
        message: MessageContent.parse(JSON.parse(row.message)),
        state: row.state,
        attempts: row.attempts,
        errorCode: row.error_code,
        lastError: row.last_error,
        createdAt: row.created_at,
      }));
  }

  /** Claimed providers ids, so two identical messages never reconcile to the same one. */
  linkedProviderIds(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { provider_id: string }>('SELECT provider_id FROM outbox_queue WHERE provider_id IS NOT NULL')
        .all()
        .map((r) => r.provider_id),
    );
  }

  private setState(localId: string, state: QueueState, extra: { code?: string | null; error?: string | null; attemptedAt?: number; attempt?: boolean; providerId?: string } = {}): void {
    this.db
      .prepare(
        `UPDATE outbox_queue SET state = ?, error_code = ?, last_error = ?, attempts = attempts + ?, attempted_at = coalesce(?, attempted_at),
           provider_id = coalesce(?, provider_id), updated_at = ? WHERE local_id = ?`,
      )
      .run(state, extra.code ?? null, extra.error ?? null, extra.attempt ? 1 : 0, extra.attemptedAt ?? null, extra.providerId ?? null, Date.now(), localId);
  }

  /** Recorded, and on disk, before the request leaves: a crash after this means "maybe sent". */
  markSending(localId: string, at: number): void {
    durably(this.db, () => {
      this.setState(localId, 'sending', { attemptedAt: at, attempt: true });
      this.messages.setLocalStatus(localId, shown.sending);
    });
  }

  markSent(localId: string, sent: { id: string; status: string; state: string; createdDate: string; recipient: string }): string | null {
    return durably(this.db, () => {
      this.setState(localId, 'sent', { providerId: sent.id });
      return this.messages.linkSent(localId, sent);
    });
  }

  mark(localId: string, state: 'queued' | 'unknown' | 'failed', code: string | null = null, error: string | null = null): string | null {
    return durably(this.db, () => {
      this.setState(localId, state, { code, error });
      return this.messages.setLocalStatus(localId, shown[state], state === 'failed' ? error : null);
    });
  }

  /** Changes a message that has not gone out (queued or failed). */
  edit(localId: string, recipient: string, message: MessageContent): string[] | null {
    return durably(this.db, () => {
      const row = this.db.prepare<[string], Row>('SELECT * FROM outbox_queue WHERE local_id = ?').get(localId);
      if (!row || (row.state !== 'queued' && row.state !== 'failed')) return null;
      this.db
        .prepare("UPDATE outbox_queue SET recipient = ?, message = ?, state = 'queued', error_code = NULL, last_error = NULL, updated_at = ? WHERE local_id = ?")
        .run(recipient, JSON.stringify(message), Date.now(), localId);
      const touched = this.messages.updateLocal(localId, recipient, message);
      this.messages.setLocalStatus(localId, shown.queued);
      return touched;
    });
  }

  /** Withdraws a message that has not gone out; it disappears from the conversation. */
  cancel(localId: string): string | null | false {
    return durably(this.db, () => {
      const row = this.db.prepare<[string], Row>('SELECT * FROM outbox_queue WHERE local_id = ?').get(localId);
      if (!row || (row.state !== 'queued' && row.state !== 'failed')) return false;
      this.setState(localId, 'cancelled');
      return this.messages.deleteLocal(localId);
    });
  }

  retry(localId: string): string | null | false {
    return durably(this.db, () => {
      const row = this.db.prepare<[string], Row>('SELECT * FROM outbox_queue WHERE local_id = ?').get(localId);
      if (!row || row.state !== 'failed') return false;
      this.setState(localId, 'queued');
      return this.messages.setLocalStatus(localId, shown.queued);
    });
  }
}

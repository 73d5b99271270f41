import { decodeMessageBody, sameMessage, type WhatsAppMessage } from '../../../shared/messages';
import { AppError } from '../../../shared/result';
import type { AccountService } from '../account';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { WorkspaceManager } from '../workspace';
import { QueueStore, type QueuedMessage } from './queue-store';

/**
 * Sends queued messages one at a time, in the order they were written, exactly once.
 *
 * A message is marked "sending" on disk before its request leaves. If the answer never comes
 * (timeout, dropped connection, crash), it becomes "unknown" and nothing else is sent until the
 * outgoing list has been checked for it: found, it is linked; not found after a grace period, it
 * is sent again. When the API cannot be reached at all, the queue waits and tries again with
 * growing pauses, and at once when the account reconnects.
 */
export interface SenderOptions {
  workspaces: WorkspaceManager;
  account: AccountService;
  events: EventBus;
  log: Logger;
  /** How long a message of unknown outcome gets to appear in the outgoing list before a resend. */
  reconcileGraceMs?: number;
  /** First pause after a failed attempt to reach the API (doubles, up to a minute). */
  retryBaseMs?: number;
  now?: () => number;
}

const MAX_RETRY_MS = 60_000;

export class OutboxSender {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private readonly now: () => number;
  /** When each message's outcome became unknown (in this run of the app): the grace counts from here. */
  private readonly unknownSince = new Map<string, number>();

  constructor(private readonly options: SenderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The open cache's queue, only when it belongs to the account whose credentials are in use. */
  private queue(): QueueStore | null {
    const ws = this.options.workspaces.current();
    if (!ws || ws.accountId !== this.options.account.accountId()) return null;
    return new QueueStore(ws.db, ws.messages);
  }

  private sameAccount(queue: QueueStore): boolean {
    return this.queue()?.db === queue.db;
  }

  private changed(contact: string | null | undefined): void {
    this.options.events.emit('messages.changed', { contacts: contact ? [contact] : [], reason: 'send' });
  }

  /** Works through the queue now (or right after the current pass). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.pass()
      .catch((error: unknown) => this.options.log.error('outbox pass failed', { error }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private later(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.kick(), ms);
    this.timer.unref();
  }

  private backoff(): number {
    const base = this.options.retryBaseMs ?? 2_000;
    this.failures += 1;
    return Math.min(MAX_RETRY_MS, base * 2 ** (this.failures - 1));
  }

  private async pass(): Promise<void> {
    const queue = this.queue();
    if (!queue) return;
    for (let item = queue.next(); item; item = queue.next()) {
      // The account may change between two messages: never send one account's queue with another's key.
      if (!this.sameAccount(queue)) return;
      const proceed = item.state === 'queued' ? await this.send(queue, item) : await this.reconcile(queue, item);
      if (!proceed) return;
    }
    this.failures = 0;
  }

  /** Sends one message; false when the queue must wait. */
  private async send(queue: QueueStore, item: QueuedMessage): Promise<boolean> {
    let client;
    try {
      client = this.options.account.client();
    } catch {
      return false; // no account: wait for one
    }
    try {
      queue.markSending(item.localId, this.now());
    } catch (error) {
      this.options.log.error('could not record a send before it went out', { error });
      this.later(this.backoff());
      return false;
    }
    this.changed(item.recipient);
    let sent;
    try {
      sent = await client.send(item.recipient, item.message as WhatsAppMessage);
    } catch (error) {
      return this.onFailure(queue, item, error);
    }
    // SMSGlobal has the message. Nothing after this point may mark it failed (a retry would duplicate it).
    this.options.account.reportOutcome(null);
    this.failures = 0;
    try {
      this.changed(queue.markSent(item.localId, sent) ?? item.recipient);
      return true;
    } catch (error) {
      this.options.log.error('a sent message could not be recorded; it will be linked from the outgoing list', { error });
      try {
        queue.mark(item.localId, 'unknown', 'outcome_unknown', 'Sent; the app is linking it to SMSGlobal’s record.');
      } catch {
        // Still "sending" on disk, which is also reconciled before anything is resent.
      }
      this.later(this.options.reconcileGraceMs ?? 15_000);
      return false;
    }
  }

  private onFailure(queue: QueueStore, item: QueuedMessage, error: unknown): boolean {
    const e = error instanceof AppError ? error : new AppError({ code: 'internal', message: 'The message could not be sent because of an error inside the app.' });
    if (!(error instanceof AppError)) this.options.log.error('send failed', { error });
    this.options.account.reportOutcome(e);
    switch (e.code) {
      case 'outcome_unknown':
        this.changed(queue.mark(item.localId, 'unknown', e.code, e.message));
        this.later(this.options.reconcileGraceMs ?? 15_000);
        return false;
      case 'network':
      case 'timeout':
      case 'auth':
      case 'not_configured':
      case 'cancelled':
        // Certainly not sent: it waits, in its place, for the connection or the credentials.
        this.changed(queue.mark(item.localId, 'queued', e.code, e.message));
        this.later(this.backoff());
        return false;
      case 'rate_limited':
        this.changed(queue.mark(item.localId, 'queued', e.code, e.message));
        this.later(Math.max(1_000, (e.retryAfterSeconds ?? 5) * 1000));
        return false;
      default:
        // Refused for good (invalid, no credit, not found…): the user decides; later messages go on.
        this.changed(queue.mark(item.localId, 'failed', e.code, e.message));
        return true;
    }
  }

  /** Looks for a message of unknown outcome in the outgoing list; true when the queue may go on. */
  private async reconcile(queue: QueueStore, item: QueuedMessage): Promise<boolean> {
    let client;
    try {
      client = this.options.account.client();
    } catch {
      return false;
    }
    const attemptedAt = item.attemptedAt ?? item.createdAt;
    const since = this.unknownSince.get(item.localId) ?? this.now();
    this.unknownSince.set(item.localId, since);
    try {
      // A day either side: list dates are read in the account's time zone, which may be set wrong.
      const page = await client.listOutgoing({ destination: item.recipient, startDate: attemptedAt - 86_400_000, endDate: this.now() + 86_400_000, limit: 1000 });
      const claimed = queue.linkedProviderIds();
      const match = page.items
        .filter((m) => !claimed.has(m.id) && m.recipient === item.recipient && sameMessage(decodeMessageBody(m.message), item.message))
        .sort((a, b) => Math.abs(a.createdAt - attemptedAt) - Math.abs(b.createdAt - attemptedAt))[0];
      if (match) {
        this.options.log.info('reconciled a send of unknown outcome', { localId: item.localId });
        this.unknownSince.delete(item.localId);
        this.changed(queue.markSent(item.localId, match) ?? item.recipient);
        return true;
      }
      // The grace counts from when the outcome became unknown (after a timeout, the attempt is long past).
      if (this.now() - since < (this.options.reconcileGraceMs ?? 15_000)) {
        // Too soon to be sure it did not arrive: look again later.
        this.changed(queue.mark(item.localId, 'unknown', 'outcome_unknown', 'Checking whether the message arrived…'));
        this.later(this.options.reconcileGraceMs ?? 15_000);
        return false;
      }
      this.options.log.info('a send of unknown outcome did not arrive; sending again', { localId: item.localId });
      this.unknownSince.delete(item.localId);
      this.changed(queue.mark(item.localId, 'queued'));
      return true;
    } catch (error) {
      this.options.account.reportOutcome(error);
      // Cannot check now; still unknown, checked again later.
      if (item.state === 'sending') queue.mark(item.localId, 'unknown', 'outcome_unknown', 'The app will check whether this message arrived.');
      this.later(this.backoff());
      return false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  resume(): void {
    this.stopped = false;
    void this.kick();
  }

  /** Resolves when no pass is running or due to run right after. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }
}

import { RECIPIENT_STATES, type RecipientCounts, type RecipientState } from '../../../shared/campaign-runs';
import { MessageContent } from '../../../shared/messages';
import type { NormalizedStatus } from '../../../shared/status';
import { durably, type Db } from '../db/database';
import type { MessagesStore } from '../db/messages-store';
import type { DeliveryRecord, DeliveryStore, Failure, Transition } from '../send/delivery-store';
import { localIdOf, zeroCounts } from './journal';
import { JournalClaims } from './journal-claims';

/**
 * One campaign's rows as the send pipeline sees them (a DeliveryStore): the campaign lane of the
 * Send diagram. Row states map onto the pipeline's: planned = queued, then sending (on disk, with
 * its message row, before the POST), accepted, failed, unknown, attention. Each row's message
 * appears in `messages` when it is first marked sending (so the outbox, threads and search show
 * what went out, not 100,000 rows waiting), and follows the row's state in the same transaction.
 *
 * Each recipient appears once in a campaign (the check keeps one row per number), so "the first
 * of each recipient's line" is simply the planned rows in row order; an unknown outcome holds
 * back only its own row. The runner decides how many rows may go now (`allowance`: pace, daily
 * cap, quiet hours, pause) and hears about every change (`onApplied`, for guardrails and
 * progress). Counts per state are kept in memory, from one GROUP BY at the start.
 */

export interface AppliedTransition {
  transition: Transition;
  from: RecipientState;
  to: RecipientState;
  /** When the row's previous POST started (null: never), for the daily cap's count. */
  previousAttempt: number | null;
}

export interface JournalHooks {
  /** How many rows may start now, at most `limit` (0 while paused, held or finished). */
  allowance(limit: number): number;
  /**
   * Of these numbers, the ones that may not be messaged now (opted out or blacklisted since the
   * check): a campaign can run for days, and a customer who says STOP meanwhile is skipped.
   */
  blocked(numbers: readonly string[]): ReadonlySet<string>;
  onApplied(applied: readonly AppliedTransition[]): void;
}

interface Row {
  row: number;
  recipient: string;
  message: string;
  state: RecipientState;
  attempts: number;
  attempted_at: number | null;
  unknown_at: number | null;
}

/** What the conversation shows for a campaign message in each row state. */
const shown: Partial<Record<RecipientState, NormalizedStatus>> = { planned: 'waiting', sending: 'pending', unknown: 'unknown', attention: 'unknown', failed: 'failed' };

/** Failure codes after which the same message may well go through later (the report's "Retry failed"). */
const RETRYABLE = new Set(['server', 'not_found', 'internal', 'outcome_unknown']);
/** Refusals that say nothing about the message: it was certainly not sent, and goes again once the account is fixed. */
const ACCOUNT_REFUSALS = new Set(['payment_required']);

export function isRetryableFailure(code: string): boolean {
  return RETRYABLE.has(code);
}

export class JournalStore implements DeliveryStore {
  readonly counts: RecipientCounts;
  private readonly s;
  private readonly claims: JournalClaims;

  constructor(
    readonly db: Db,
    private readonly messages: MessagesStore,
    readonly campaignId: string,
    private readonly hooks: JournalHooks,
  ) {
    const columns = 'row, recipient, message, state, attempts, attempted_at, unknown_at';
    this.s = {
      ready: db.prepare<[string, number], Row>(`SELECT ${columns} FROM campaign_recipients WHERE campaign_id = ? AND state = 'planned' ORDER BY row LIMIT ?`),
      unresolved: db.prepare<[string, number], Row>(
        `SELECT ${columns} FROM campaign_recipients WHERE campaign_id = ? AND state IN ('sending', 'unknown', 'attention') ORDER BY row LIMIT ?`,
      ),
      get: db.prepare<[string, number], Row>(`SELECT ${columns} FROM campaign_recipients WHERE campaign_id = ? AND row = ?`),
      sending: db.prepare<[number, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'sending', attempts = attempts + 1, attempted_at = ?, error_code = NULL, last_error = NULL, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      accepted: db.prepare<[string, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'accepted', provider_id = ?, sent_at = attempted_at, unknown_at = NULL, error_code = NULL, last_error = NULL, retryable = 0, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      unknown: db.prepare<[number, string, string, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'unknown', unknown_at = coalesce(unknown_at, ?), error_code = ?, last_error = ?, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      planned: db.prepare<[string | null, string | null, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'planned', unknown_at = NULL, error_code = ?, last_error = ?, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      failed: db.prepare<[string, string, number, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'failed', error_code = ?, last_error = ?, retryable = ?, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      attention: db.prepare<[string, number, string, number]>(
        "UPDATE campaign_recipients SET state = 'attention', error_code = 'needs_attention', last_error = ?, updated_at = ? WHERE campaign_id = ? AND row = ?",
      ),
      skipBlocked: db.prepare<[number, string, number]>(
        `UPDATE campaign_recipients SET state = 'skipped', error_code = 'opted_out',
           last_error = 'The customer opted out (or SMSGlobal blacklisted the number) after the campaign was confirmed, so it was not sent.', updated_at = ?
         WHERE campaign_id = ? AND row = ? AND state = 'planned'`,
      ),
      // Only a row not tagged yet is written (after an accepted answer it usually already is).
      tag: db.prepare<[string, string]>('UPDATE messages SET campaign_id = ? WHERE local_id = ? AND campaign_id IS NULL'),
    };
    this.claims = new JournalClaims(db);
    this.counts = zeroCounts(RECIPIENT_STATES);
    this.recount();
  }

  /** Counts per state from the rows themselves (after changes made outside the pipeline). */
  recount(): void {
    for (const state of RECIPIENT_STATES) this.counts[state] = 0;
    for (const { state, n } of this.db
      .prepare<[string], { state: RecipientState; n: number }>('SELECT state, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state')
      .all(this.campaignId)) {
      this.counts[state] = n;
    }
  }

  private toRecord(row: Row): DeliveryRecord {
    return {
      id: localIdOf(this.campaignId, row.row),
      recipient: row.recipient,
      // Frozen at confirmation and checked then; read back through the same schema.
      message: MessageContent.parse(JSON.parse(row.message)),
      state: row.state === 'planned' ? 'queued' : (row.state as DeliveryRecord['state']),
      attempts: row.attempts,
      attemptedAt: row.attempted_at,
      unknownAt: row.unknown_at,
    };
  }

  // SQLite reads a negative LIMIT as "no limit": never ask it for that.
  ready(limit: number): DeliveryRecord[] {
    const allowed = Math.max(0, Math.min(limit, this.hooks.allowance(limit)));
    if (allowed === 0) return [];
    const rows = this.s.ready.all(this.campaignId, allowed);
    const blocked = this.hooks.blocked(rows.map((r) => r.recipient));
    if (blocked.size === 0) return rows.map((r) => this.toRecord(r));
    this.skipBlocked(rows.filter((r) => blocked.has(r.recipient)));
    return rows.filter((r) => !blocked.has(r.recipient)).map((r) => this.toRecord(r));
  }

  /** Planned rows whose customer may no longer be messaged: skipped for that reason, never sent. */
  private skipBlocked(rows: readonly Row[]): void {
    const now = Date.now();
    const skipped = this.db
      .transaction(() => {
        let n = 0;
        for (const row of rows) {
          // A row sent before (proven absent, planned again) has its message in the conversation.
          if (row.attempts > 0) this.messages.deleteLocal(localIdOf(this.campaignId, row.row));
          n += this.s.skipBlocked.run(now, this.campaignId, row.row).changes;
        }
        return n;
      })
      .immediate();
    this.counts.planned -= skipped;
    this.counts.skipped += skipped;
    this.hooks.onApplied([]);
  }

  unresolved(limit: number): DeliveryRecord[] {
    return this.s.unresolved.all(this.campaignId, Math.max(0, limit)).map((r) => this.toRecord(r));
  }

  /** Across every campaign: a listed message linked to any campaign row is claimed. */
  claimed(providerIds: readonly string[]): Set<string> {
    return this.claims.claimed(providerIds);
  }

  apply(transitions: readonly Transition[], durable: boolean): string[] {
    const applied: AppliedTransition[] = [];
    const run = (): string[] => {
      const contacts = new Set<string>();
      const now = Date.now();
      for (const t of transitions) {
        const row = this.s.get.get(this.campaignId, rowOf(t.id));
        if (!row) continue;
        const to = this.applyOne(t, row, now);
        if (to === null) continue;
        applied.push({ transition: t, from: row.state, to, previousAttempt: row.attempted_at });
        contacts.add(row.recipient);
      }
      return [...contacts];
    };
    const contacts = durable ? durably(this.db, run) : this.db.transaction(run).immediate();
    // Only what is on disk counts.
    for (const a of applied) {
      this.counts[a.from]--;
      this.counts[a.to]++;
    }
    if (applied.length > 0) this.hooks.onApplied(applied);
    return contacts;
  }

  /** One transition, when the row is in a state it may leave that way; the state it moved to. */
  private applyOne(t: Transition, row: Row, now: number): RecipientState | null {
    const s = this.s;
    const id = this.campaignId;
    const localId = localIdOf(id, row.row);
    const status = (state: RecipientState, raw: string | null = null): void => void this.messages.setLocalStatus(localId, shown[state] ?? 'unknown', raw);
    switch (t.kind) {
      case 'sending':
        if (row.state !== 'planned') return null;
        s.sending.run(t.at, now, id, row.row);
        // The row's message joins the conversation when it first goes out (attempts was 0: it has
        // none yet, no need to look); a resend reuses it.
        if (row.attempts === 0 || this.messages.setLocalStatus(localId, 'pending') === null) {
          this.messages.insertLocal({ localId, contact: row.recipient, message: MessageContent.parse(JSON.parse(row.message)), createdAt: t.at, status: 'pending' });
          s.tag.run(id, localId);
        }
        return 'sending';
      case 'accepted':
        if (row.state !== 'sending' && row.state !== 'unknown' && row.state !== 'attention') return null;
        s.accepted.run(t.sent.id, now, id, row.row);
        this.messages.linkSent(localId, t.sent);
        // A row the sync had already brought in keeps the tag too.
        s.tag.run(id, localId);
        return 'accepted';
      case 'unknown':
        if (row.state !== 'sending' && row.state !== 'unknown') return null;
        s.unknown.run(t.at, t.failure.code, t.failure.message, now, id, row.row);
        status('unknown');
        return 'unknown';
      case 'retry':
        if (row.state !== 'sending' && row.state !== 'unknown' && row.state !== 'attention') return null;
        return this.replan(row, localId, t.failure, now);
      case 'failed':
        if (row.state !== 'planned' && row.state !== 'sending') return null;
        // No credit: SMSGlobal refused the account, not the message. It keeps its place.
        if (ACCOUNT_REFUSALS.has(t.failure.code)) return row.state === 'planned' ? null : this.replan(row, localId, t.failure, now);
        s.failed.run(t.failure.code, t.failure.message, isRetryableFailure(t.failure.code) ? 1 : 0, now, id, row.row);
        if (row.attempts > 0 || row.state === 'sending') status('failed', t.failure.message);
        return 'failed';
      case 'attention':
        if (row.state !== 'unknown') return null;
        s.attention.run(t.reason, now, id, row.row);
        status('attention');
        return 'attention';
    }
  }

  private replan(row: Row, localId: string, failure: Failure | null, now: number): RecipientState {
    this.s.planned.run(failure?.code ?? null, failure?.message ?? null, now, this.campaignId, row.row);
    this.messages.setLocalStatus(localId, 'waiting');
    return 'planned';
  }
}

function rowOf(id: string): number {
  return Number(id.slice(id.lastIndexOf(':') + 1));
}

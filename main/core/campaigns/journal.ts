import { randomBytes } from 'node:crypto';
import {
  CampaignSettings,
  DELIVERY_STATES,
  RECIPIENT_STATES,
  type CampaignState,
  type DeliveryCounts,
  type DeliveryState,
  type RecipientCounts,
  type RecipientRow,
  type RecipientState,
} from '../../../shared/campaign-runs';
import { Mapping } from '../../../shared/campaigns';
import { MessageContent } from '../../../shared/messages';
import { AppError } from '../../../shared/result';
import { z } from 'zod';
import { durably, type Db } from '../db/database';
import type { MessagesStore } from '../db/messages-store';

/**
 * The campaign journal in the account's cache (migration 10): one `campaigns` row per campaign
 * and one `campaign_recipients` row per row of its file. This module reads and writes both; the
 * send pipeline's view of one campaign's rows is journal-store.ts.
 */

/** A recipient row as confirmation writes it. */
export interface NewRecipient {
  row: number;
  cells: readonly string[];
  recipient: string | null;
  name: string | null;
  /** Digits of the phone cell as written, for the search when the number could not be read. */
  typed: string;
  message: MessageContent | null;
  state: 'planned' | 'skipped';
  /** A skip's verdict (duplicate, invalid_number, not_on_opt_in_list…) and its sentence. */
  reasonCode: string | null;
  reason: string | null;
}

export interface NewCampaign {
  draftId: string | null;
  name: string;
  templateName: string;
  templateBody: string | null;
  mapping: Mapping;
  settings: CampaignSettings;
  timeZone: string;
  state: CampaignState;
  parentId: string | null;
  fileName: string;
  columns: readonly string[];
  phoneColumn: number;
  createdAt: number;
  startedAt: number | null;
}

/** A campaign as stored: what confirmation wrote, and what its run has done since. */
export interface CampaignRecord extends Omit<NewCampaign, 'columns'> {
  id: string;
  pauseReason: string | null;
  notice: string | null;
  columns: string[];
  total: number;
  finishedAt: number | null;
}

interface CampaignRow {
  id: string;
  draft_id: string | null;
  name: string;
  template_name: string;
  template_body: string | null;
  mapping: string;
  settings: string;
  time_zone: string;
  state: CampaignState;
  pause_reason: string | null;
  notice: string | null;
  parent_id: string | null;
  file_name: string;
  columns: string;
  phone_column: number;
  total: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** What the report's page and export read of a recipient, joined to its message's delivery. */
export interface RecipientReport {
  row: number;
  cells: string;
  recipient: string | null;
  name: string | null;
  state: RecipientState;
  error_code: string | null;
  last_error: string | null;
  retryable: number;
  provider_id: string | null;
  message: string | null;
  attempts: number;
  sent_at: number | null;
  delivery_status: string | null;
  delivered_at: number | null;
  seen_at: number | null;
}

const Columns = z.array(z.string());

/** The settings as stored: checked again when read, so a damaged row is an error, not a crash later. */
function toRecord(row: CampaignRow): CampaignRecord {
  let settings: CampaignSettings;
  let mapping: Mapping;
  let columns: string[];
  try {
    settings = CampaignSettings.parse(JSON.parse(row.settings));
    mapping = Mapping.parse(JSON.parse(row.mapping));
    columns = Columns.parse(JSON.parse(row.columns));
  } catch {
    throw new AppError({ code: 'internal', message: `The saved settings of campaign “${row.name}” cannot be read.` });
  }
  return {
    id: row.id,
    draftId: row.draft_id,
    name: row.name,
    templateName: row.template_name,
    templateBody: row.template_body,
    mapping,
    settings,
    timeZone: row.time_zone,
    state: row.state,
    pauseReason: row.pause_reason,
    notice: row.notice,
    parentId: row.parent_id,
    fileName: row.file_name,
    columns,
    phoneColumn: row.phone_column,
    total: row.total,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function newCampaignId(now = Date.now()): string {
  return `c${now.toString(36)}${randomBytes(5).toString('hex')}`;
}

export const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** What SMSGlobal later says of an accepted message, from its row in `messages` (a NormalizedStatus). */
export function deliveryOf(status: string | null): DeliveryState {
  switch (status) {
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'failed':
      return 'failed';
    case 'queued':
    case 'sent':
    case 'pending':
    case 'waiting':
      return 'sent';
    default:
      return 'other';
  }
}

/** The template parameters of a frozen message (for the report). */
export function paramsOf(message: string | null): string[] {
  if (message === null) return [];
  const parsed = MessageContent.safeParse(JSON.parse(message));
  return parsed.success && parsed.data.type === 'template' ? (parsed.data.params ?? []) : [];
}

/** The report's filters: a recipient state, or what SMSGlobal later said of an accepted message. */
export type ReportFilter = 'all' | RecipientState | 'delivered' | 'read' | 'delivery_failed';

const REPORT_COLUMNS = `r.row, r.cells, r.recipient, r.name, r.state, r.error_code, r.last_error, r.retryable, r.provider_id, r.message, r.attempts, r.sent_at,
  m.status AS delivery_status, m.delivered_at, m.seen_at`;
const REPORT_FROM = "campaign_recipients r LEFT JOIN messages m ON m.direction = 'out' AND m.provider_id = r.provider_id";
const DELIVERY_FILTER: Record<'delivered' | 'read' | 'delivery_failed', string> = {
  delivered: "r.state = 'accepted' AND m.status = 'delivered'",
  read: "r.state = 'accepted' AND m.status = 'read'",
  delivery_failed: "r.state = 'accepted' AND m.status = 'failed'",
};

export class Journal {
  private readonly s;

  constructor(
    readonly db: Db,
    readonly messages: MessagesStore,
  ) {
    this.s = {
      insertCampaign: db.prepare(
        `INSERT INTO campaigns (id, draft_id, name, template_name, template_body, mapping, settings, time_zone, state, parent_id, file_name, columns, phone_column, total, created_at, started_at, updated_at)
         VALUES (@id, @draftId, @name, @templateName, @templateBody, @mapping, @settings, @timeZone, @state, @parentId, @fileName, @columns, @phoneColumn, @total, @createdAt, @startedAt, @createdAt)`,
      ),
      insertRecipient: db.prepare<[string, number, string, string | null, string | null, string, string | null, string, string | null, string | null, number]>(
        `INSERT INTO campaign_recipients (campaign_id, row, cells, recipient, name, search, message, state, error_code, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE id = ?'),
      byDraft: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE draft_id = ?'),
      byState: db.prepare<[string], CampaignRow>('SELECT * FROM campaigns WHERE state = ? ORDER BY created_at'),
      list: db.prepare<[number, number], CampaignRow>('SELECT * FROM campaigns ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM campaigns'),
      counts: db.prepare<[string], { state: RecipientState; n: number }>('SELECT state, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY state'),
      delivery: db.prepare<[string], { status: string | null; n: number }>(
        `SELECT m.status AS status, count(*) AS n FROM campaign_recipients r JOIN messages m ON m.direction = 'out' AND m.provider_id = r.provider_id
          WHERE r.campaign_id = ? AND r.state = 'accepted' GROUP BY m.status`,
      ),
      failures: db.prepare<[string], { reason: string | null; retryable: number; n: number }>(
        "SELECT last_error AS reason, retryable, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND state = 'failed' GROUP BY last_error, retryable ORDER BY n DESC",
      ),
      skipped: db.prepare<[string], { code: string | null; n: number }>(
        "SELECT error_code AS code, count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND state = 'skipped' GROUP BY error_code ORDER BY n DESC",
      ),
      retryable: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND state = 'failed' AND retryable = 1"),
      children: db.prepare<[string], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM campaigns WHERE parent_id = ? ORDER BY created_at'),
      attemptedSince: db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM campaign_recipients WHERE campaign_id = ? AND attempted_at >= ?'),
      exportRows: db.prepare<[string], RecipientReport>(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.campaign_id = ? ORDER BY r.row`),
      plannedWithMessage: db.prepare<[string], { row: number }>("SELECT row FROM campaign_recipients WHERE campaign_id = ? AND state = 'planned' AND attempts > 0"),
      unsettled: db.prepare<[string], { found: number }>(
        "SELECT EXISTS (SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND state IN ('sending', 'unknown')) AS found",
      ),
      markCancelled: db.prepare<[number, number, string]>("UPDATE campaigns SET state = 'cancelled', finished_at = ?, notice = NULL, updated_at = ? WHERE id = ?"),
      cancelPlanned: db.prepare<[number, string]>("UPDATE campaign_recipients SET state = 'cancelled', updated_at = ? WHERE campaign_id = ? AND state = 'planned'"),
      retryableRows: db.prepare<[string], { row: number; cells: string; recipient: string; name: string | null; search: string; message: string }>(
        "SELECT row, cells, recipient, name, search, message FROM campaign_recipients WHERE campaign_id = ? AND state = 'failed' AND retryable = 1 ORDER BY row",
      ),
      attentionRows: db.prepare<[string], { row: number; recipient: string }>("SELECT row, recipient FROM campaign_recipients WHERE campaign_id = ? AND state = 'attention' ORDER BY row"),
      attentionRow: db.prepare<[string, number], { row: number; recipient: string }>("SELECT row, recipient FROM campaign_recipients WHERE campaign_id = ? AND row = ? AND state = 'attention'"),
      sendAgain: db.prepare<[number, string, number]>(
        "UPDATE campaign_recipients SET state = 'planned', unknown_at = NULL, error_code = NULL, last_error = NULL, updated_at = ? WHERE campaign_id = ? AND row = ? AND state = 'attention'",
      ),
      arrived: db.prepare<[number, string, number]>(
        "UPDATE campaign_recipients SET state = 'accepted', unknown_at = NULL, error_code = 'marked_arrived', last_error = NULL, sent_at = attempted_at, updated_at = ? WHERE campaign_id = ? AND row = ? AND state = 'attention'",
      ),
      delete: db.prepare<[string]>('DELETE FROM campaigns WHERE id = ?'),
      setTotal: db.prepare<[number, string]>('UPDATE campaigns SET total = ? WHERE id = ?'),
      // 2: retryable, and already in a "Retry failed" run.
      retried: db.prepare<[number, string]>("UPDATE campaign_recipients SET retryable = 2, updated_at = ? WHERE campaign_id = ? AND state = 'failed' AND retryable = 1"),
    };
  }

  find(id: string): CampaignRecord | null {
    const row = this.s.get.get(id);
    return row ? toRecord(row) : null;
  }

  require(id: string): CampaignRecord {
    const found = this.find(id);
    if (!found) throw new AppError({ code: 'not_found', message: 'That campaign no longer exists.' });
    return found;
  }

  byDraft(draftId: string): CampaignRecord | null {
    const row = this.s.byDraft.get(draftId);
    return row ? toRecord(row) : null;
  }

  inState(state: CampaignState): CampaignRecord[] {
    return this.s.byState.all(state).map(toRecord);
  }

  list(offset: number, limit: number): { total: number; items: CampaignRecord[] } {
    return { total: this.s.count.get()?.n ?? 0, items: this.s.list.all(limit, offset).map(toRecord) };
  }

  /**
   * Writes a campaign and every one of its rows in one durable transaction: either all of it is
   * on disk or none. A draft confirmed before is answered with its campaign (the check is inside
   * the transaction, so two confirmations can never both write).
   */
  create(campaign: NewCampaign, recipients: Iterable<NewRecipient>): { id: string; created: boolean } {
    return durably(this.db, () => {
      if (campaign.draftId !== null) {
        const existing = this.s.byDraft.get(campaign.draftId);
        if (existing) return { id: existing.id, created: false };
      }
      return { id: this.insert(campaign, recipients), created: true };
    });
  }

  /**
   * A new campaign of another's retryable failures, in one transaction with marking them as
   * retried there: a second "Retry failed" finds nothing left to retry. Null when there is none.
   */
  createRetry(parentId: string, campaign: NewCampaign): string | null {
    return durably(this.db, () => {
      const rows = this.retryableRows(parentId);
      if (rows.length === 0) return null;
      const id = this.insert(campaign, rows);
      this.s.retried.run(campaign.createdAt, parentId);
      return id;
    });
  }

  private insert(campaign: NewCampaign, recipients: Iterable<NewRecipient>): string {
    const id = newCampaignId(campaign.createdAt);
    this.s.insertCampaign.run({
      id,
      draftId: campaign.draftId,
      name: campaign.name,
      templateName: campaign.templateName,
      templateBody: campaign.templateBody,
      mapping: JSON.stringify(campaign.mapping),
      settings: JSON.stringify(campaign.settings),
      timeZone: campaign.timeZone,
      state: campaign.state,
      parentId: campaign.parentId,
      fileName: campaign.fileName,
      columns: JSON.stringify(campaign.columns),
      phoneColumn: campaign.phoneColumn,
      total: 0,
      createdAt: campaign.createdAt,
      startedAt: campaign.startedAt,
    });
    let total = 0;
    const now = campaign.createdAt;
    for (const r of recipients) {
      const search = [r.recipient ?? '', r.typed !== r.recipient ? r.typed : '', (r.name ?? '').toLowerCase()].filter((part) => part !== '').join(' ');
      this.s.insertRecipient.run(id, r.row, JSON.stringify(r.cells), r.recipient, r.name, search, r.message ? JSON.stringify(r.message) : null, r.state, r.reasonCode, r.reason, now);
      total++;
    }
    this.s.setTotal.run(total, id);
    return id;
  }

  /** Moves a campaign to another state (and sets the fields given); durably, since the runner acts on it. */
  update(
    id: string,
    fields: { state?: CampaignState; pauseReason?: string | null; notice?: string | null; startedAt?: number | null; finishedAt?: number | null },
    now = Date.now(),
  ): void {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, string | number | null> = { id, now };
    const column: Record<keyof typeof fields, string> = { state: 'state', pauseReason: 'pause_reason', notice: 'notice', startedAt: 'started_at', finishedAt: 'finished_at' };
    for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | number | null | undefined][]) {
      if (value === undefined) continue;
      sets.push(`${column[key]} = @${key}`);
      params[key] = value;
    }
    durably(this.db, () => this.db.prepare(`UPDATE campaigns SET ${sets.join(', ')} WHERE id = @id`).run(params));
  }

  /** Whether any row's send is under way or of unknown outcome (the runner must settle it). */
  hasUnsettled(id: string): boolean {
    return this.s.unsettled.get(id)?.found === 1;
  }

  counts(id: string): RecipientCounts {
    const counts = zeroCounts(RECIPIENT_STATES);
    for (const { state, n } of this.s.counts.all(id)) counts[state] = n;
    return counts;
  }

  /** What SMSGlobal says of the accepted messages (from the sync); accepted ones it has said nothing more of are "sent". */
  delivery(id: string, accepted: number): DeliveryCounts {
    const counts = zeroCounts(DELIVERY_STATES);
    let known = 0;
    for (const { status, n } of this.s.delivery.all(id)) {
      const state = deliveryOf(status);
      if (state === 'sent') continue;
      counts[state] += n;
      known += n;
    }
    counts.sent = Math.max(0, accepted - known);
    return counts;
  }

  failures(id: string): { reason: string; count: number; retryable: boolean }[] {
    const groups = new Map<string, { reason: string; count: number; retryable: boolean }>();
    for (const f of this.s.failures.all(id)) {
      const reason = f.reason ?? 'SMSGlobal refused the message.';
      const retryable = f.retryable !== 0;
      const key = `${retryable ? 1 : 0}|${reason}`;
      const group = groups.get(key);
      if (group) group.count += f.n;
      else groups.set(key, { reason, count: f.n, retryable });
    }
    return [...groups.values()].sort((a, b) => b.count - a.count);
  }

  skipped(id: string): { code: string | null; count: number }[] {
    return this.s.skipped.all(id).map((s) => ({ code: s.code, count: s.n }));
  }

  retryableCount(id: string): number {
    return this.s.retryable.get(id)?.n ?? 0;
  }

  children(id: string): { id: string; name: string; createdAt: number }[] {
    return this.s.children.all(id).map((c) => ({ id: c.id, name: c.name, createdAt: c.created_at }));
  }

  /** Rows whose (last) POST started at or after `since`: what the daily cap has counted today. */
  attemptedSince(id: string, since: number): number {
    return this.s.attemptedSince.get(id, since)?.n ?? 0;
  }

  /** A page of recipients, filtered by state or delivery and searched by number or name, in row order. */
  page(id: string, filter: ReportFilter, needle: string | null, offset: number, limit: number): { total: number; rows: RecipientReport[] } {
    const clauses = ['r.campaign_id = @id'];
    const params: Record<string, string | number> = { id, offset, limit };
    let joinNeeded = false;
    if (filter === 'delivered' || filter === 'read' || filter === 'delivery_failed') {
      clauses.push(DELIVERY_FILTER[filter]);
      joinNeeded = true;
    } else if (filter !== 'all') {
      clauses.push('r.state = @state');
      params['state'] = filter;
    }
    if (needle !== null) {
      clauses.push('instr(r.search, @needle) > 0');
      params['needle'] = needle;
    }
    const where = clauses.join(' AND ');
    // Rows are chosen on the indexes alone (the search index covers state and search), then read.
    const from = joinNeeded ? REPORT_FROM : 'campaign_recipients r';
    const total = this.db.prepare<Record<string, string | number>, { n: number }>(`SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(params)?.n ?? 0;
    const rows = this.db
      .prepare<Record<string, string | number>, RecipientReport>(
        `SELECT ${REPORT_COLUMNS} FROM (SELECT r.row AS k FROM ${from} WHERE ${where} ORDER BY r.row LIMIT @limit OFFSET @offset) p
           JOIN campaign_recipients r ON r.campaign_id = @id AND r.row = p.k
           LEFT JOIN messages m ON m.direction = 'out' AND m.provider_id = r.provider_id ORDER BY p.k`,
      )
      .all(params);
    return { total, rows };
  }

  exportRows(id: string): IterableIterator<RecipientReport> {
    return this.s.exportRows.iterate(id);
  }

  /** Cancels what has not gone out: planned rows become cancelled; their waiting messages leave the conversations. */
  cancelPlanned(id: string, now = Date.now()): { unsent: number; contacts: string[] } {
    // The campaign's state and its rows in one transaction: a crash cannot leave a cancelled
    // campaign with planned rows that nothing will ever send or cancel.
    return durably(this.db, () => {
      this.s.markCancelled.run(now, now, id);
      const contacts: string[] = [];
      for (const { row } of this.s.plannedWithMessage.all(id)) {
        const contact = this.messages.deleteLocal(localIdOf(id, row));
        if (contact) contacts.push(contact);
      }
      const unsent = this.s.cancelPlanned.run(now, id).changes;
      return { unsent, contacts };
    });
  }

  /** The rows of a "needs attention" decision: the given row numbers, or every such row. */
  attention(id: string, rows: 'all' | readonly number[]): { row: number; recipient: string }[] {
    if (rows === 'all') return this.s.attentionRows.all(id);
    return rows.flatMap((row) => this.s.attentionRow.all(id, row));
  }

  /**
   * The user's decision on rows that need attention: back in line (the customer may get it
   * twice), or recorded as arrived. Returns the rows changed and the contacts touched.
   */
  resolve(id: string, rows: readonly number[], decision: 'send-again' | 'arrived', now = Date.now()): { changed: number; contacts: string[] } {
    return durably(this.db, () => {
      let changed = 0;
      const contacts = new Set<string>();
      const statement = decision === 'arrived' ? this.s.arrived : this.s.sendAgain;
      for (const row of rows) {
        if (statement.run(now, id, row).changes === 0) continue;
        changed++;
        const contact = this.messages.setLocalStatus(localIdOf(id, row), decision === 'arrived' ? 'sent' : 'waiting');
        if (contact) contacts.add(contact);
      }
      return { changed, contacts: [...contacts] };
    });
  }

  /** The retryable failures, as rows of a new campaign. */
  retryableRows(id: string): NewRecipient[] {
    return this.s.retryableRows.all(id).map((r) => ({
      row: r.row,
      cells: Columns.parse(JSON.parse(r.cells)),
      recipient: r.recipient,
      name: r.name,
      typed: r.recipient,
      message: MessageContent.parse(JSON.parse(r.message)),
      state: 'planned',
      reasonCode: null,
      reason: null,
    }));
  }

  delete(id: string): boolean {
    return durably(this.db, () => this.s.delete.run(id).changes > 0);
  }
}

/** The id a campaign row's message has in `messages.local_id` and in the send pipeline. */
export function localIdOf(campaignId: string, row: number): string {
  return `${campaignId}:${row}`;
}

/** A report row as the renderer gets it. */
export function toRecipientRow(r: RecipientReport): RecipientRow {
  const accepted = r.state === 'accepted';
  return {
    row: r.row,
    recipient: r.recipient,
    name: r.name,
    state: r.state,
    delivery: accepted && r.provider_id !== null ? deliveryOf(r.delivery_status) : null,
    error: r.state === 'failed' || r.state === 'skipped' || r.state === 'attention' || r.state === 'unknown' ? r.last_error : null,
    retryable: r.state === 'failed' && r.retryable !== 0,
    providerId: r.provider_id,
    params: paramsOf(r.message),
    attempts: r.attempts,
    sentAt: accepted ? r.sent_at : null,
    deliveredAt: accepted ? r.delivered_at : null,
    readAt: accepted ? r.seen_at : null,
  };
}

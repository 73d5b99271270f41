import {
  type CampaignDetail,
  type CampaignEstimate,
  type CampaignSettings,
  type CampaignSummary,
  type ConfirmInput,
  type RecipientState,
} from '../../../shared/campaign-runs';
import { verdictLabels, warningLabels, type Verdict } from '../../../shared/campaigns';
import type { CallOutput, ParsedInput } from '../../../shared/contract';
import { formatIsoWithOffset } from '../../../shared/dates';
import type { WhatsAppMessage } from '../../../shared/messages';
import { filterDigits } from '../../../shared/phone';
import { plural } from '../../../shared/plural';
import { AppError } from '../../../shared/result';
import type { AccountService } from '../account';
import type { BackoffPolicy } from '../backoff';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import { ExcelText, localTimeZone, toCsv, type CsvValue } from '../export/csv';
import type { Logger } from '../log';
import type { OutboxService } from '../outbox/outbox-service';
import type { Platform } from '../platform';
import type { Delivery } from '../send/delivery';
import type { Workspace, WorkspaceManager } from '../workspace';
import type { CheckRun } from './check';
import type { CampaignDrafts } from './drafts-service';
import { Journal, type CampaignRecord, type NewRecipient, toRecipientRow } from './journal';
import { JournalClaims } from './journal-claims';
import { guessNameColumn } from './name-column';
import { excelSafeCells } from './problem-rows';
import { ProgressTicker } from './progress';
import { CampaignRunner } from './runner';
import { estimateDuration } from './schedule';
import type { Table } from './table';
import type { LimiterClock } from './token-bucket';

/**
 * Campaigns once confirmed, as the renderer asks for them (the `campaigns.*` calls): the estimate
 * and test send before, the journal written at confirmation, the runner's controls, the report's
 * data and export. Drafts and the check are CampaignDrafts'; sending is CampaignRunner's.
 */

export interface CampaignServiceOptions {
  settings: SettingsStore;
  account: AccountService;
  workspaces: WorkspaceManager;
  events: EventBus;
  delivery: Delivery;
  outbox: OutboxService;
  drafts: CampaignDrafts;
  platform: Platform;
  log: Logger;
  backoff: BackoffPolicy;
  /** Campaign POSTs in flight at most, across campaigns. */
  concurrency?: number;
  /** A scheduled start this late (the app was closed, the computer slept) waits for the user instead. */
  lateAfterMs?: number;
  now?: () => number;
  clock?: LimiterClock;
  /** Numbers that may not be messaged now (the opt-out ledger and SMSGlobal's blacklist). */
  blocked(numbers: readonly string[]): ReadonlySet<string>;
}

/** Campaign sends in flight at most: 1,000 a second at 20 ms needs ~20; the rest absorbs slow answers. */
export const CAMPAIGN_CONCURRENCY = 48;
const LATE_AFTER_MS = 5 * 60_000;
/** SMSGlobal's later word on accepted messages is re-read this often at most (and after every sync). */
const DELIVERY_TTL_MS = 10_000;

const skipLabel = (code: string | null): string =>
  code === 'not_on_opt_in_list' ? warningLabels.not_on_opt_in_list : code !== null && code in verdictLabels ? verdictLabels[code as Verdict] : 'Skipped';

const STATUS_WORDS: Record<RecipientState, string> = {
  planned: 'Not sent yet',
  sending: 'Sending',
  accepted: 'Sent',
  failed: 'Failed',
  unknown: 'Checking whether it went out',
  attention: 'Needs attention',
  skipped: 'Skipped',
  cancelled: 'Cancelled (not sent)',
};
const DELIVERY_WORDS = { sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not delivered', other: 'Sent' } as const;

function templateMessage(name: string, params: readonly string[]): Extract<WhatsAppMessage, { type: 'template' }> {
  return params.length > 0 ? { type: 'template', template_name: name, params: [...params] } : { type: 'template', template_name: name };
}

export class CampaignService {
  readonly runner: CampaignRunner;
  private readonly journals = new WeakMap<Workspace, Journal>();
  private readonly ticker: ProgressTicker;
  private readonly deliveryCache = new Map<string, { at: number; counts: CampaignSummary['delivery'] }>();
  private readonly unregisterClaims: () => void;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: CampaignServiceOptions) {
    this.ticker = new ProgressTicker((id) => {
      const journal = this.runner.current();
      const record = journal?.find(id);
      if (journal && record) options.events.emit('campaigns.progress', this.summary(journal, record));
    });
    this.runner = new CampaignRunner({
      delivery: options.delivery,
      log: options.log,
      backoff: options.backoff,
      concurrency: options.concurrency ?? CAMPAIGN_CONCURRENCY,
      changed: (id) => this.ticker.mark(id),
      blocked: (numbers) => options.blocked(numbers),
      ...(options.now ? { now: options.now } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    // Messages linked to a campaign row are claimed even while no campaign lane runs.
    const claims = new WeakMap<Journal, JournalClaims>();
    this.unregisterClaims = options.delivery.register(() => {
      const journal = this.runner.current();
      if (!journal) return null;
      let store = claims.get(journal);
      if (!store) claims.set(journal, (store = new JournalClaims(journal.db)));
      return store;
    });
    // A sync may have brought delivery and read statuses: the next summary reads them again.
    this.unsubscribe = options.events.subscribe(({ event, payload }) => {
      if (event === 'messages.changed' && payload.reason === 'sync') this.deliveryCache.clear();
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private journalOf(workspace: Workspace): Journal {
    let journal = this.journals.get(workspace);
    if (!journal) {
      journal = new Journal(workspace.db, workspace.messages);
      this.journals.set(workspace, journal);
    }
    return journal;
  }

  /** The open cache's journal, only while it belongs to the account whose credentials are in use. */
  private sendingJournal(): Journal | null {
    const workspace = this.options.workspaces.current();
    if (!workspace || workspace.accountId !== this.options.account.accountId()) return null;
    return this.journalOf(workspace);
  }

  private journal(): Journal {
    const journal = this.runner.current() ?? this.sendingJournal();
    if (journal) return journal;
    return this.journalOf(this.options.workspaces.require());
  }

  /**
   * Takes up the open account's campaigns (at start and after the account changes): sending
   * ones resume by themselves and say so; paused ones stay paused (their unknown outcomes are
   * still settled); scheduled ones start at their time, or wait for the user when it passed.
   */
  open(): void {
    const journal = this.sendingJournal();
    if (journal === this.runner.current()) {
      this.runner.kick();
      return;
    }
    this.runner.use(journal);
    this.deliveryCache.clear();
    if (!journal) return;
    const now = this.now();
    for (const record of journal.inState('sending')) {
      const left = journal.counts(record.id).sending;
      const notice =
        left > 0
          ? `Resumed by itself after the app restarted. ${plural(left, 'message')} that ${left === 1 ? 'was' : 'were'} being sent when it stopped ${left === 1 ? 'is' : 'are'} checked against SMSGlobal’s list before anything is sent again.`
          : 'Resumed by itself after the app restarted.';
      journal.update(record.id, { notice }, now);
      this.options.log.info('campaign resumed after a restart', { id: record.id, unsettled: left });
      this.runner.launch({ ...record, notice });
    }
    for (const state of ['paused', 'completed', 'cancelled'] as const) {
      // A seek on the state index per campaign, not a count of all its rows: start-up stays
      // quick however many finished campaigns the cache holds.
      for (const record of journal.inState(state)) if (journal.hasUnsettled(record.id)) this.runner.launch(record);
    }
    for (const record of journal.inState('scheduled')) this.schedule(record);
  }

  private schedule(record: CampaignRecord): void {
    this.runner.schedule(record, this.options.lateAfterMs ?? LATE_AFTER_MS, (due, late) => {
      const journal = this.runner.current();
      if (!journal || journal.find(due.id)?.state !== 'scheduled') return;
      if (late) {
        const when = due.settings.startAt ?? this.now();
        const notice = `Its start time (${new Intl.DateTimeFormat('en-AU', { dateStyle: 'medium', timeStyle: 'short', timeZone: due.timeZone }).format(when)}, ${due.timeZone}) passed while the app was closed. Start it when you are ready.`;
        journal.update(due.id, { state: 'waiting', notice }, this.now());
        this.ticker.mark(due.id);
        return;
      }
      this.begin(journal, due.id);
    });
  }

  /** Moves a campaign to sending and hands it to the runner. */
  private begin(journal: Journal, id: string, fields: { notice?: string | null; pauseReason?: string | null } = {}): CampaignRecord {
    const now = this.now();
    const before = journal.require(id);
    journal.update(id, { state: 'sending', startedAt: before.startedAt ?? now, finishedAt: null, ...fields }, now);
    const record = journal.require(id);
    this.runner.unschedule(id);
    this.runner.launch(record);
    this.ticker.mark(id);
    return record;
  }

  // ---- before confirmation

  private timing(settings: CampaignSettings): { pace: number; dailyCap: number | null; quietHours: CampaignSettings['quietHours']; timeZone: string } {
    return { pace: settings.pacePerSecond, dailyCap: settings.dailyCap, quietHours: settings.quietHours, timeZone: this.businessZone(settings) };
  }

  /** The business's zone: the quiet hours' when set, else the account's (Settings). */
  private businessZone(settings: CampaignSettings): string {
    return settings.quietHours?.timeZone ?? this.options.settings.get().timeZone;
  }

  estimate({ draftId, settings }: ConfirmInput): CampaignEstimate {
    const { check } = this.options.drafts.confirmable(draftId);
    const status = check.status();
    const notOnList = settings.skipNotOnOptInList ? status.warnings.not_on_opt_in_list : 0;
    const recipients = status.counts.ready - notOnList;
    const skipped = (Object.entries(status.counts) as [Verdict, number][])
      .filter(([verdict, count]) => verdict !== 'ready' && count > 0)
      .map(([verdict, count]) => ({ reason: verdictLabels[verdict], count }));
    if (notOnList > 0) skipped.push({ reason: warningLabels.not_on_opt_in_list, count: notOnList });
    skipped.sort((a, b) => b.count - a.count);
    const { durationMs, days } = estimateDuration(recipients, this.timing(settings), settings.startAt ?? this.now());
    return { recipients, skipped, durationMs, days };
  }

  /** Row 1's message (the first row that will be sent) to the user's own number, through the reply lane. */
  testSend({ draftId, to, confirmed }: ParsedInput<'campaigns.testSend'>): Promise<CallOutput<'campaigns.testSend'>> {
    const { check, mapping } = this.options.drafts.confirmable(draftId);
    const first = check.ready({ skipNotOnOptInList: false }).next();
    if (first.done) throw new AppError({ code: 'validation', message: 'No row of this file can be sent, so there is nothing to test.' });
    return this.options.outbox.send({ to, message: templateMessage(mapping.template.name, first.value.params), ...(confirmed !== undefined ? { confirmed } : {}) });
  }

  /**
   * Writes the journal (every row of the file, the messages frozen) in one transaction and starts
   * or schedules the campaign. Confirming the same draft again — a double click, a second window —
   * answers the same campaign and starts nothing.
   */
  confirm({ draftId, settings }: ConfirmInput): CampaignSummary {
    const journal = this.journal();
    const existing = journal.byDraft(draftId);
    if (existing) return this.summary(journal, existing);
    const { fileName, mapping, check, table } = this.options.drafts.confirmable(draftId);
    const status = check.status();
    const ready = status.counts.ready - (settings.skipNotOnOptInList ? status.warnings.not_on_opt_in_list : 0);
    if (ready <= 0) throw new AppError({ code: 'validation', message: 'No row of this file can be sent: every row is skipped. Fix the problem rows and load the file again.' });
    const now = this.now();
    const later = settings.startAt !== null && settings.startAt > now;
    const { id, created } = journal.create(
      {
        draftId,
        name: settings.name,
        templateName: mapping.template.name,
        templateBody: mapping.template.body,
        mapping,
        settings,
        timeZone: this.businessZone(settings),
        state: later ? 'scheduled' : 'sending',
        parentId: null,
        fileName,
        columns: table.columns,
        phoneColumn: mapping.phoneColumn,
        createdAt: now,
        startedAt: later ? null : now,
      },
      this.journalRows(journal, table, check, mapping.phoneColumn, mapping.template.name, settings.skipNotOnOptInList),
    );
    const record = journal.require(id);
    if (created) {
      this.options.log.info('campaign confirmed', { id, total: record.total, scheduled: later });
      if (later) this.schedule(record);
      else if (this.runner.current() === journal) this.runner.launch(record);
      this.ticker.mark(id);
    }
    return this.summary(journal, record);
  }

  /** Every row of the file, in order: ready ones with their message, the others skipped with their reason. */
  private *journalRows(journal: Journal, table: Table, check: CheckRun, phoneColumn: number, template: string, skipNotOnList: boolean): Generator<NewRecipient> {
    const ready = new Map<number, { number: string; params: string[] }>();
    for (const r of check.ready({ skipNotOnOptInList: false })) ready.set(r.position, r);
    const notOnList = skipNotOnList ? new Set(check.page('not_on_opt_in_list', 0, table.rows.length).positions) : new Set<number>();
    const nameColumn = guessNameColumn(table.columns, phoneColumn);
    const contactName = journal.db.prepare<[string], { name: string | null }>("SELECT nullif(coalesce(local_name, name), '') AS name FROM contacts WHERE number = ?");
    for (let position = 0; position < table.rows.length; position++) {
      const cells = table.rows[position] ?? [];
      const row = table.rowNumbers[position] as number;
      const typed = (cells[phoneColumn] ?? '').replace(/\D/g, '');
      const sendable = ready.get(position);
      // Rows that will not be sent are described once, for their reason (and the number read, if any).
      const described = sendable ? null : check.describe(position);
      const recipient = sendable?.number ?? described?.number ?? null;
      const name = (nameColumn !== null ? cells[nameColumn]?.trim() || null : null) ?? (recipient ? (contactName.get(recipient)?.name ?? null) : null);
      const base = { row, cells, recipient, name, typed };
      if (sendable && !notOnList.has(position)) {
        yield { ...base, message: templateMessage(template, sendable.params), state: 'planned', reasonCode: null, reason: null };
      } else if (described) {
        yield { ...base, message: null, state: 'skipped', reasonCode: described.verdict, reason: described.reason };
      } else {
        yield { ...base, message: null, state: 'skipped', reasonCode: 'not_on_opt_in_list', reason: 'Not on your SMSGlobal opt-in list; the campaign was set to skip such numbers.' };
      }
    }
  }

  // ---- reading

  private deliveryCounts(journal: Journal, record: CampaignRecord, accepted: number, fresh = false): CampaignSummary['delivery'] {
    const cached = this.deliveryCache.get(record.id);
    const now = this.now();
    let counts = cached?.counts;
    if (!counts || fresh || now - (cached?.at ?? 0) > DELIVERY_TTL_MS) {
      counts = journal.delivery(record.id, accepted);
      this.deliveryCache.set(record.id, { at: now, counts });
    }
    // Accepted since the last read are "sent" until SMSGlobal says more.
    const known = counts.delivered + counts.read + counts.failed + counts.other;
    return { ...counts, sent: Math.max(0, accepted - known) };
  }

  summary(journal: Journal, record: CampaignRecord, fresh = false): CampaignSummary {
    const run = this.runner.run(record.id);
    const live = run && run.record.state === record.state ? run : null;
    const counts = run ? { ...run.store.counts } : journal.counts(record.id);
    return {
      id: record.id,
      name: record.name,
      templateName: record.templateName,
      fileName: record.fileName,
      state: record.state,
      pauseReason: record.pauseReason,
      hold: live?.hold ?? null,
      notice: record.notice,
      settings: record.settings,
      total: record.total,
      counts,
      delivery: this.deliveryCounts(journal, record, counts.accepted, fresh),
      pace: live?.pace() ?? null,
      etaMs: live?.etaMs() ?? null,
      parentId: record.parentId,
      createdAt: record.createdAt,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
    };
  }

  list({ offset, limit }: ParsedInput<'campaigns.list'>): CallOutput<'campaigns.list'> {
    const journal = this.journal();
    const page = journal.list(offset, limit);
    return { total: page.total, items: page.items.map((record) => this.summary(journal, record)) };
  }

  get({ id }: ParsedInput<'campaigns.get'>): CampaignDetail {
    const journal = this.journal();
    const record = journal.require(id);
    return {
      // While it sends, the live view asks often: SMSGlobal's word is re-read after each sync or every 10 s.
      ...this.summary(journal, record, record.state !== 'sending'),
      templateBody: record.templateBody,
      failures: journal.failures(id),
      skipped: journal.skipped(id).map((s) => ({ reason: skipLabel(s.code), count: s.count })),
      retryable: journal.retryableCount(id),
      children: journal.children(id),
    };
  }

  recipients({ id, filter, search, offset, limit }: ParsedInput<'campaigns.recipients'>): CallOutput<'campaigns.recipients'> {
    const journal = this.journal();
    journal.require(id);
    const page = journal.page(id, filter, this.needle(search), offset, limit);
    return { total: page.total, offset, rows: page.rows.map(toRecipientRow) };
  }

  /** What the search looks for: a name's words (lower case), or a number's digits read as the composer would. */
  private needle(search: string): string | null {
    const text = search.trim();
    if (text === '') return null;
    if (/\p{L}/u.test(text)) return text.toLowerCase();
    return filterDigits(text, this.options.settings.get().defaultCountry) ?? (text.replace(/\D/g, '') || text);
  }

  // ---- controls

  private conflict(message: string): AppError {
    return new AppError({ code: 'conflict', message });
  }

  start({ id }: ParsedInput<'campaigns.start'>): CampaignSummary {
    const journal = this.journal();
    const record = journal.require(id);
    if (record.state !== 'scheduled' && record.state !== 'waiting') throw this.conflict(record.state === 'sending' ? 'This campaign is already sending.' : 'Only a scheduled or waiting campaign can be started.');
    return this.summary(journal, this.begin(journal, id, { notice: null }));
  }

  pause({ id }: ParsedInput<'campaigns.pause'>): CampaignSummary {
    const journal = this.journal();
    const record = journal.require(id);
    if (record.state !== 'sending') throw this.conflict('Only a campaign that is sending can be paused.');
    this.runner.pause(id, 'Paused by you.');
    return this.summary(journal, journal.require(id));
  }

  resume({ id }: ParsedInput<'campaigns.resume'>): CampaignSummary {
    const journal = this.journal();
    const record = journal.require(id);
    if (record.state !== 'paused') throw this.conflict(record.state === 'sending' ? 'This campaign is already sending.' : 'Only a paused campaign can be resumed.');
    const resumed = this.begin(journal, id, { pauseReason: null, notice: null });
    this.runner.run(id)?.restart();
    return this.summary(journal, resumed);
  }

  /** Leaves what has not gone out unsent and says how many; sends already under way are still settled. */
  cancel({ id }: ParsedInput<'campaigns.cancel'>): CallOutput<'campaigns.cancel'> {
    const journal = this.journal();
    const record = journal.require(id);
    if (record.state === 'completed' || record.state === 'cancelled') throw this.conflict('This campaign has already finished.');
    // The state and the rows at once: from here on the runner starts nothing of it.
    const now = this.now();
    const { unsent, contacts } = journal.cancelPlanned(id, now);
    this.runner.unschedule(id);
    const run = this.runner.run(id);
    if (run) {
      run.record = journal.require(id);
      run.store.recount();
      this.runner.settle(run);
    }
    if (contacts.length > 0) this.options.events.emit('messages.changed', { contacts, reason: 'send' });
    this.options.log.info('campaign cancelled', { id, unsent });
    this.ticker.mark(id);
    return { ...this.summary(journal, journal.require(id)), unsent };
  }

  /** A new campaign, linked to this one, of its retryable failures; again, the same one back. */
  retryFailed({ id }: ParsedInput<'campaigns.retryFailed'>): CampaignSummary {
    const journal = this.journal();
    const parent = journal.require(id);
    const now = this.now();
    const childId = journal.createRetry(id, {
      draftId: null,
      name: `${parent.name.slice(0, 72)} (retry)`,
      templateName: parent.templateName,
      templateBody: parent.templateBody,
      mapping: parent.mapping,
      settings: { ...parent.settings, name: `${parent.name.slice(0, 72)} (retry)`, startAt: null },
      timeZone: parent.timeZone,
      state: 'sending',
      parentId: id,
      fileName: parent.fileName,
      columns: parent.columns,
      phoneColumn: parent.phoneColumn,
      createdAt: now,
      startedAt: now,
    });
    if (childId === null) {
      const latest = journal.children(id).at(-1);
      if (latest) return this.summary(journal, journal.require(latest.id));
      throw this.conflict('No failed message of this campaign can be retried.');
    }
    const child = journal.require(childId);
    this.options.log.info('retry of failed messages', { parent: id, id: childId, total: child.total });
    if (this.runner.current() === journal) this.runner.launch(child);
    this.ticker.mark(childId);
    this.ticker.mark(id);
    return this.summary(journal, child);
  }

  /** The user's decision on rows that need attention: send again (they were warned) or it arrived. */
  resolve({ id, rows, decision }: ParsedInput<'campaigns.resolve'>): CallOutput<'campaigns.resolve'> {
    const journal = this.journal();
    const record = journal.require(id);
    // A cancelled campaign sends nothing more: rows put back in line would wait for ever.
    if (decision === 'send-again' && record.state === 'cancelled') throw this.conflict('This campaign was cancelled, so nothing more is sent from it. Mark these messages as arrived, or send them from a new campaign.');
    const targets = journal.attention(id, rows).map((r) => r.row);
    const { changed, contacts } = journal.resolve(id, targets, decision, this.now());
    if (changed === 0) return { changed };
    this.options.log.info('the user decided on campaign sends of unknown outcome', { id, changed, decision });
    if (contacts.length > 0) this.options.events.emit('messages.changed', { contacts, reason: 'send' });
    const run = this.runner.run(id);
    run?.store.recount();
    // Sending again reopens a finished campaign for those rows.
    if (decision === 'send-again' && (record.state === 'completed' || record.state === 'sending')) this.begin(journal, id);
    this.ticker.mark(id);
    return { changed };
  }

  async exportResults({ id }: ParsedInput<'campaigns.exportResults'>): Promise<CallOutput<'campaigns.exportResults'>> {
    const journal = this.journal();
    const record = journal.require(id);
    const zone = localTimeZone();
    const time = (ms: number | null): string => (ms === null ? '' : formatIsoWithOffset(ms, zone));
    const header = [...record.columns, 'Status', 'SMSGlobal id', 'Error', 'Sent at', 'Delivered at', 'Read at'];
    const csv = toCsv(
      header,
      (function* (): Generator<CsvValue[]> {
        for (const r of journal.exportRows(id)) {
          const row = toRecipientRow(r);
          const cells = excelSafeCells(JSON.parse(r.cells) as string[], record.phoneColumn);
          const status = row.delivery ? DELIVERY_WORDS[row.delivery] : STATUS_WORDS[row.state];
          // SMSGlobal's ids are long numbers: Excel would show them as 6.00E+11 and lose digits.
          yield [...cells, status, row.providerId === null ? null : new ExcelText(row.providerId), row.error, time(row.sentAt), time(row.deliveredAt), time(row.readAt)];
        }
      })(),
    );
    const base = record.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim() || 'campaign';
    const saved = await this.options.platform.saveFile(`${base} - results.csv`, csv.bytes, 'text/csv');
    return { saved: saved.saved, rows: csv.rows, location: saved.location ?? null };
  }

  /** Deletes a finished campaign's journal; its messages stay in the history and search. */
  delete({ id }: ParsedInput<'campaigns.delete'>): CallOutput<'campaigns.delete'> {
    const journal = this.journal();
    const record = journal.find(id);
    if (!record) return { deleted: false };
    if (record.state !== 'completed' && record.state !== 'cancelled') throw this.conflict('Cancel the campaign first, or wait until it has finished.');
    const counts = journal.counts(id);
    if (counts.sending + counts.unknown > 0) throw this.conflict('Some messages of this campaign are still being checked; delete it once that is done.');
    this.runner.end(id);
    this.deliveryCache.delete(id);
    const deleted = journal.delete(id);
    this.options.log.info('campaign journal deleted', { id });
    return { deleted };
  }

  /** A campaign is sending now (the desktop asks before it closes its window or quits). */
  isSending(): boolean {
    return this.runner.isSending();
  }

  kick(): void {
    this.runner.kick();
  }

  whenIdle(): Promise<void> {
    return this.runner.whenIdle();
  }

  close(): void {
    this.ticker.close();
    this.runner.closeAll();
    this.unregisterClaims();
    this.unsubscribe();
  }
}

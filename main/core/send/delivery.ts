import { WhatsAppMessage } from '../../../shared/messages';
import { AppError } from '../../../shared/result';
import type { ApiClient, OutgoingMessage } from '../api/client';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { floorToSecond } from '../sync/windowing';
import { coveredByNewest, coveredByWitness, coverageBound, listWindow, steady, WitnessLog, type AttemptTimes, type ClockOffsets, type Clocks } from './coverage';
import type { DeliveryRecord, DeliveryStore, Transition } from './delivery-store';
import { matchListed, type Attempt } from './match';
import { planReads, readOutgoing } from './outgoing-reader';

/**
 * "Deliver one message exactly once", the one piece every lane calls (the reply queue today,
 * campaigns next), over any DeliveryStore:
 *
 * - send: the records are marked `sending` on disk in one durable commit, then each is POSTed;
 *   each answer is recorded (answers are written in small batches, not durably: a lost answer
 *   leaves the record `sending`, which is reconciled like any unknown outcome).
 * - reconcile: records whose outcome is unknown are looked for in the outgoing list, many at a
 *   time. Found: linked. Absent while the list provably covers the attempt (coverage.ts): back in
 *   line to be sent again. Neither: checked again later, and after a bound (30 minutes) the user
 *   is asked to decide.
 */

export interface DeliveryOptions {
  account: { client(): ApiClient; reportOutcome(error: unknown): void };
  events: EventBus;
  log: Logger;
  /** How long an outcome may stay unknown before the user is asked (ms). */
  attentionAfterMs?: number;
  wallNow?: () => number;
  monoNow?: () => number;
}

export type DeliveryOutcome =
  | { kind: 'accepted' }
  | { kind: 'unknown' }
  /** Certainly not sent (no connection, no credentials, rate limited): back in line. */
  | { kind: 'not-sent'; error: AppError }
  | { kind: 'refused'; error: AppError };

export interface ReconcileReport {
  /** Found in the list and linked. */
  accepted: number;
  /** Provably absent: back in line. */
  resend: number;
  /** Still unknown; look again later. */
  waiting: number;
  /** Newly handed to the user. */
  attention: number;
  /** Waiting for the user: looked for whenever a round runs, never a reason to run one. */
  watched: number;
}

const NOTHING: ReconcileReport = { accepted: 0, resend: 0, waiting: 0, attention: 0, watched: 0 };
export const DEFAULT_ATTENTION_AFTER_MS = 30 * 60_000;
/** Two-day fallback windows are read one number at a time: at most this many numbers a round. */
const WIDE_NUMBERS_PER_ROUND = 50;
/** Failures of a send that prove it never reached SMSGlobal (the API client says so only when sure). */
const NOT_SENT_CODES = new Set(['network', 'timeout', 'not_configured', 'auth', 'cancelled', 'rate_limited']);

export class Delivery {
  private readonly attentionAfterMs: number;
  private readonly wall: () => number;
  private readonly mono: () => number;
  private readonly witnesses = new WeakMap<ApiClient, WitnessLog>();
  /** This run's timing of attempts whose outcome is unknown, per store and record. */
  private readonly times = new WeakMap<DeliveryStore, Map<string, AttemptTimes>>();
  private readonly inFlight = new WeakMap<DeliveryStore, Set<string>>();
  private readonly busyRecipients = new Map<string, number>();
  /** Every lane's store, for the "not claimed by another record" rule. */
  private readonly claimSources = new Set<() => DeliveryStore | null>();
  private readonly writes = new Map<DeliveryStore, { transitions: Transition[]; done: ((written: boolean) => void)[] }>();
  private flushing: NodeJS.Immediate | null = null;
  private reconciling: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: DeliveryOptions) {
    this.attentionAfterMs = options.attentionAfterMs ?? DEFAULT_ATTENTION_AFTER_MS;
    this.wall = options.wallNow ?? Date.now;
    this.mono = options.monoNow ?? (() => performance.timeOrigin + performance.now());
  }

  private clocks(): Clocks {
    return { mono: this.mono(), wall: this.wall() };
  }

  /** A lane's store takes part in the claim check of every reconciliation. */
  register(source: () => DeliveryStore | null): () => void {
    this.claimSources.add(source);
    return () => this.claimSources.delete(source);
  }

  private witnessLog(client: ApiClient): WitnessLog {
    return entry(this.witnesses, client, () => new WitnessLog());
  }

  private timesOf(store: DeliveryStore): Map<string, AttemptTimes> {
    return entry(this.times, store, () => new Map<string, AttemptTimes>());
  }

  private flightsOf(store: DeliveryStore): Set<string> {
    return entry(this.inFlight, store, () => new Set<string>());
  }

  private changed(contacts: readonly string[]): void {
    if (contacts.length > 0) this.options.events.emit('messages.changed', { contacts: [...contacts], reason: 'send' });
  }

  /**
   * Sends these records (ready ones, from `store.ready`): marks them all `sending` in one durable
   * commit, then POSTs each. Throws, having sent nothing, when there is no client or the mark
   * cannot be written. Resolves each record's outcome once its answer is on record.
   */
  start(store: DeliveryStore, records: readonly DeliveryRecord[]): Promise<DeliveryOutcome>[] {
    const client = this.options.account.client();
    const at = this.wall();
    const plans = records.map((record): { record: DeliveryRecord; message: WhatsAppMessage } | { record: DeliveryRecord; error: AppError } => {
      // Stored messages were checked when queued; a rule that changed since is a refusal, not a crash.
      const parsed = WhatsAppMessage.safeParse(record.message);
      if (parsed.success) return { record, message: parsed.data };
      return { record, error: new AppError({ code: 'validation', message: `This message can no longer be sent as it is: ${parsed.error.issues[0]?.message ?? 'it is not valid'}` }) };
    });
    const marks = plans.map(
      (p): Transition => ('message' in p ? { kind: 'sending', id: p.record.id, at } : { kind: 'failed', id: p.record.id, failure: { code: p.error.code, message: p.error.message } }),
    );
    this.changed(store.apply(marks, true));
    return plans.map((p) => ('message' in p ? this.post(store, client, p.record, p.message, at) : Promise.resolve({ kind: 'refused', error: p.error })));
  }

  private async post(store: DeliveryStore, client: ApiClient, record: DeliveryRecord, message: WhatsAppMessage, attemptedAt: number): Promise<DeliveryOutcome> {
    const flights = this.flightsOf(store);
    flights.add(record.id);
    this.busyRecipients.set(record.recipient, (this.busyRecipients.get(record.recipient) ?? 0) + 1);
    const startedAt = this.mono();
    let sent: OutgoingMessage;
    try {
      sent = await client.send(record.recipient, message);
    } catch (error) {
      return this.onSendError(store, record, error, { startedAt, settledAt: this.mono(), attemptedAt });
    } finally {
      flights.delete(record.id);
      const busy = (this.busyRecipients.get(record.recipient) ?? 1) - 1;
      if (busy > 0) this.busyRecipients.set(record.recipient, busy);
      else this.busyRecipients.delete(record.recipient);
    }
    // SMSGlobal has the message. Nothing after this point may put it back in line.
    this.witnessLog(client).add({ providerId: sent.id, recipient: sent.recipient, startedAt, answeredAt: this.mono(), wallAt: this.wall(), listedAt: sent.createdAt });
    this.options.account.reportOutcome(null);
    return this.settle(store, record, { kind: 'accepted', id: record.id, sent, via: 'answer' }, { kind: 'accepted' }, { startedAt, settledAt: this.mono(), attemptedAt });
  }

  /**
   * Records the outcome. A record whose outcome could not be written is still `sending` on disk:
   * for the lane it is an unknown outcome, reconciled (and linked) like any other.
   */
  private async settle(store: DeliveryStore, record: DeliveryRecord, transition: Transition, outcome: DeliveryOutcome, times: AttemptTimes): Promise<DeliveryOutcome> {
    if (transition.kind === 'unknown') this.timesOf(store).set(record.id, times);
    if (await this.record(store, transition)) return outcome;
    this.timesOf(store).set(record.id, times);
    return { kind: 'unknown' };
  }

  private async onSendError(store: DeliveryStore, record: DeliveryRecord, error: unknown, times: AttemptTimes): Promise<DeliveryOutcome> {
    if (!(error instanceof AppError)) {
      // A fault of the app's own, possibly after SMSGlobal took the message: treat it as unknown.
      this.options.log.error('send failed inside the app', { error });
    }
    const e =
      error instanceof AppError
        ? error
        : new AppError({ code: 'outcome_unknown', message: 'Something went wrong inside the app while sending; it will check whether the message went out.' });
    this.options.account.reportOutcome(e);
    const failure = { code: e.code, message: e.message, ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
    if (e.code === 'outcome_unknown') return this.settle(store, record, { kind: 'unknown', id: record.id, at: this.wall(), failure }, { kind: 'unknown' }, times);
    if (NOT_SENT_CODES.has(e.code)) return this.settle(store, record, { kind: 'retry', id: record.id, failure }, { kind: 'not-sent', error: e }, times);
    return this.settle(store, record, { kind: 'failed', id: record.id, failure }, { kind: 'refused', error: e }, times);
  }

  /** Queues a transition for the next small batch of writes; resolves once written (true) or given up (false). */
  private record(store: DeliveryStore, transition: Transition): Promise<boolean> {
    return new Promise((resolve) => {
      let batch = this.writes.get(store);
      if (!batch) {
        batch = { transitions: [], done: [] };
        this.writes.set(store, batch);
      }
      batch.transitions.push(transition);
      batch.done.push(resolve);
      this.flushing ??= setImmediate(() => this.flush());
    });
  }

  /** Writes every recorded answer now. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = null;
    const writes = [...this.writes];
    this.writes.clear();
    for (const [store, batch] of writes) {
      let written = true;
      try {
        this.changed(store.apply(batch.transitions, false));
      } catch (error) {
        // The records stay `sending` on disk and are reconciled like any unknown outcome.
        this.options.log.error('answers from SMSGlobal could not be recorded; they will be linked from the outgoing list', { error, count: batch.transitions.length });
        written = false;
      }
      for (const done of batch.done) done(written);
    }
  }

  /** Serializes reconciliations, so two lanes never claim the same listed message. */
  reconcile(store: DeliveryStore, limit = 5_000): Promise<ReconcileReport> {
    const run = this.reconciling.then(() =>
      this.reconcileNow(store, limit).catch((error: unknown) => {
        this.options.account.reportOutcome(error);
        throw error;
      }),
    );
    this.reconciling = run.catch(() => undefined);
    return run;
  }

  private async reconcileNow(store: DeliveryStore, limit: number): Promise<ReconcileReport> {
    this.flush();
    const flights = this.flightsOf(store);
    // A record in flight is not unknown yet; and while any message to the same number is in
    // flight, its listing could be mistaken for the unknown one's.
    const unresolved = store.unresolved(limit).filter((r) => !flights.has(r.id));
    let records = unresolved.filter((r) => !this.busyRecipients.has(r.recipient));
    // Those held back by a send in flight are looked at in a later round.
    const later = unresolved.length - records.length;
    if (records.length === 0) return { ...NOTHING, waiting: later };
    const client = this.options.account.client();
    const now = this.clocks();
    // `sending` and not in flight: left by a crash (or an answer that could not be written).
    const left = records.filter((r) => r.state === 'sending');
    if (left.length > 0) {
      const failure = { code: 'outcome_unknown', message: 'The app stopped while this message was being sent; it is checking whether it went out.' };
      this.changed(store.apply(left.map((r) => ({ kind: 'unknown', id: r.id, at: now.wall, failure })), true));
      records = records.map((r) => (r.state === 'sending' ? { ...r, state: 'unknown', unknownAt: now.wall } : r));
    }
    const log = this.witnessLog(client);
    const offsets = log.offsets(now);
    const known = this.timesOf(store);
    let windows = records.map((record) => {
      let t = known.get(record.id);
      if (!t) {
        // From before this run: it was over by now, and only the stored wall-clock time is known.
        t = { startedAt: null, settledAt: now.mono, attemptedAt: record.attemptedAt ?? now.wall };
        known.set(record.id, t);
      }
      // A start time from before a clock jump (the computer slept) cannot be moved onto the list's clock.
      const startedAt = t.startedAt !== null && steady(t.startedAt, t.attemptedAt, now) ? t.startedAt : null;
      return { record, settledAt: t.settledAt, ...listWindow({ ...t, startedAt }, offsets, now) };
    });
    // Wide (uncalibrated) windows cost a read per number: a bounded number of numbers per round.
    const wideNumbers = new Set([...new Set(windows.filter((w) => !w.narrow).map((w) => w.record.recipient))].slice(0, WIDE_NUMBERS_PER_ROUND));
    windows = windows.filter((w) => w.narrow || wideNumbers.has(w.record.recipient));
    const attempts = windows.map((w) => ({ key: w.record.id, settledAt: w.settledAt }));

    // Evidence first: a read made after it cannot miss what it proves is listed.
    const covered = await this.coverage(client, attempts, offsets, log, now);
    const listed = (await Promise.all(planReads(windows.map((w) => ({ recipient: w.record.recipient, window: w.window, narrow: w.narrow }))).map((read) => readOutgoing(client, read)))).flat();
    this.options.account.reportOutcome(null);
    const matches = matchListed(
      windows.map((w): Attempt => ({ key: w.record.id, recipient: w.record.recipient, message: w.record.message, at: w.at, window: w.window })),
      listed,
      this.claimed(store, listed.map((m) => m.id)),
    );

    const report = { ...NOTHING, waiting: later + records.length - windows.length };
    const transitions: Transition[] = [];
    const wallNow = this.wall();
    for (const { record } of windows) {
      const match = matches.get(record.id);
      if (match) {
        this.options.log.info('reconciled a send of unknown outcome', { id: record.id });
        transitions.push({ kind: 'accepted', id: record.id, sent: match, via: 'list' });
        known.delete(record.id);
        report.accepted++;
      } else if (record.state === 'attention') {
        // The user decides; the list is only watched in case it shows up.
        report.watched++;
      } else if (covered.has(record.id)) {
        this.options.log.info('a send of unknown outcome is provably not in the outgoing list; it goes again', { id: record.id });
        transitions.push({ kind: 'retry', id: record.id, failure: null });
        known.delete(record.id);
        report.resend++;
      } else if (wallNow - (record.unknownAt ?? wallNow) >= this.attentionAfterMs) {
        transitions.push({
          kind: 'attention',
          id: record.id,
          reason: 'SMSGlobal’s list still does not show whether this message went out. Send it again (the customer may get it twice) or mark it as arrived.',
        });
        report.attention++;
      } else {
        report.waiting++;
      }
    }
    if (transitions.length > 0) this.changed(store.apply(transitions, false));
    return report;
  }

  /** Which attempts the list provably covers now (coverage.ts): one or two small reads for the batch. */
  private async coverage(client: ApiClient, attempts: { key: string; settledAt: number }[], offsets: ClockOffsets | null, log: WitnessLog, now: Clocks): Promise<Set<string>> {
    const covered = new Set<string>();
    if (attempts.length === 0) return covered;
    if (offsets) {
      const from = floorToSecond(Math.min(...attempts.map((a) => coverageBound(a.settledAt, offsets))));
      // Nothing can be listed later than now on the list's clock; anything that is, is no evidence.
      const latest = now.mono + offsets.hi + 1000;
      const page = await client.listOutgoing({ startDate: from, endDate: floorToSecond(latest), limit: 100 });
      const newest = Math.max(Number.NEGATIVE_INFINITY, ...page.items.filter((m) => m.createdAt <= latest).map((m) => m.createdAt));
      for (const key of coveredByNewest(attempts, offsets, newest)) covered.add(key);
    }
    const rest = attempts.filter((a) => !covered.has(a.key));
    if (rest.length === 0) return covered;
    const witness = log.firstFrom(Math.min(...rest.map((a) => a.settledAt)), now);
    if (!witness) return covered;
    const page = await client.listOutgoing({ destination: witness.recipient, startDate: witness.listedAt - 1000, endDate: witness.listedAt + 1000, limit: 1000 });
    if (page.items.some((m) => m.id === witness.providerId)) for (const key of coveredByWitness(rest, witness)) covered.add(key);
    return covered;
  }

  private claimed(store: DeliveryStore, ids: string[]): Set<string> {
    const claimed = new Set<string>();
    if (ids.length === 0) return claimed;
    const stores = new Set([store, ...[...this.claimSources].map((source) => source()).filter((s): s is DeliveryStore => s !== null)]);
    for (const s of stores) for (const id of s.claimed(ids)) claimed.add(id);
    return claimed;
  }

  /** Records of this store whose POST has not been answered yet. */
  inFlightCount(store: DeliveryStore): number {
    return this.inFlight.get(store)?.size ?? 0;
  }
}

/** The value a weak map holds for a key, made on first use. */
function entry<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

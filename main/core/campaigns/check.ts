import { VERDICTS, WARNINGS, type CheckStatus, type Mapping, type Verdict, type VerdictFilter, type VerdictRow, type Warning } from '../../../shared/campaigns';
import { AppError } from '../../../shared/result';
import { checkTemplateParam } from '../../../shared/template-params';
import { yieldToEvents } from './file-kind';
import { paramValues, renderedText } from './mapping';
import type { PhoneReader } from './phone-reader';
import { UNKNOWN_RECIPIENT, type RecipientFact, type RecipientFacts } from './recipient-facts';
import type { Table } from './table';

/**
 * The check: every row gets exactly one verdict, the first of these that applies —
 *
 *   1. invalid number   the phone cell cannot be a number (letters, too short or long, impossible
 *                       for its country), with parsePhone's reason;
 *   2. damaged by Excel the cell is in scientific notation (6.14123E+10): digits are gone, and the
 *                       number is never guessed;
 *   3. duplicate        the same number (after normalising) as an earlier row, which it names;
 *   4. opted out        the customer opted out (with the date and how);
 *   5. blacklisted      SMSGlobal blacklists the number;
 *   6. parameter problem a value WhatsApp would refuse (empty, line break or tab, more than 4
 *                       spaces in a row, too long), per placeholder;
 *   7. ready.
 *
 * Number problems come first because without a number nothing else can be asked; duplicates
 * before opt-outs so each number is judged once, at its first row. Ready rows may carry warnings:
 * not on the opt-in list (sent unless the campaign skips them) and a number outside the ranges
 * the phone library knows (parsePhone's warning).
 *
 * The check runs in slices of about 15 ms with a pause between them, so main keeps answering IPC
 * while a large file is checked; the rows checked so far can be read at any time.
 */

const UNCHECKED = 255;
const CODE = Object.fromEntries(VERDICTS.map((v, i) => [v, i])) as Record<Verdict, number>;
const SLICE_MS = 15;
const BATCH = 512;
const NOT_ON_LIST = 1;
const UNLISTED = 2;

export type CheckIndex = VerdictFilter;

function hasParamProblem(cells: readonly string[], columns: readonly number[]): boolean {
  for (const column of columns) if (checkTemplateParam(cells[column] ?? '') !== null) return true;
  return false;
}

export interface CheckOptions {
  table: Table;
  mapping: Mapping;
  read: PhoneReader;
  facts: RecipientFacts;
  /** How a date reads in the account's time zone (opted out "on 5 March 2024"). */
  formatDate: (ms: number) => string;
  onProgress?: (status: Omit<CheckStatus, 'draftId'>) => void;
  /** An error that stopped the check (for the log; the status says it in words). */
  onFailure?: (error: unknown) => void;
}

export class CheckRun {
  private readonly verdicts: Uint8Array;
  private readonly duplicateOf: Int32Array;
  /** The number read from each row (international digits); the rest of a reading is read again for a page. */
  private readonly numbers: (string | undefined)[];
  private readonly flags: Uint8Array;
  private readonly optedOut = new Map<number, NonNullable<RecipientFact['optedOut']>>();
  /** Row positions per verdict code, per warning and of all problems, in row order; their lengths are the counts. */
  private readonly byVerdict: number[][] = VERDICTS.map(() => []);
  private readonly byWarning: Record<Warning, number[]> = { not_on_opt_in_list: [], unlisted_number: [] };
  private readonly problems: number[] = [];
  private sendableAt: { checked: number; rows: number[] } | null = null;
  private readonly seen = new Map<string, number>();
  private checked = 0;
  private cancelled = false;
  private failure: string | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: CheckOptions) {
    const total = options.table.rows.length;
    this.verdicts = new Uint8Array(total).fill(UNCHECKED);
    this.duplicateOf = new Int32Array(total).fill(-1);
    this.numbers = new Array<string | undefined>(total);
    this.flags = new Uint8Array(total);
  }

  /** Starts the check; its first slice is checked before this returns, the rest in the background. */
  start(): Promise<void> {
    this.running ??= this.run();
    return this.running;
  }

  /** Settles when the check has finished or was cancelled. */
  get done(): Promise<void> {
    return this.start();
  }

  cancel(): void {
    this.cancelled = true;
  }

  get finished(): boolean {
    return this.checked === this.options.table.rows.length;
  }

  status(): Omit<CheckStatus, 'draftId'> {
    return {
      state: this.failure !== null ? 'failed' : this.finished ? 'done' : 'running',
      error: this.failure,
      checked: this.checked,
      total: this.options.table.rows.length,
      counts: Object.fromEntries(VERDICTS.map((v, code) => [v, this.byVerdict[code]?.length ?? 0])) as Record<Verdict, number>,
      warnings: Object.fromEntries(WARNINGS.map((w) => [w, this.byWarning[w].length])) as Record<Warning, number>,
    };
  }

  private async run(): Promise<void> {
    const total = this.options.table.rows.length;
    try {
      while (this.checked < total && !this.cancelled) {
        const started = performance.now();
        do this.checkBatch(Math.min(total, this.checked + BATCH));
        while (this.checked < total && performance.now() - started < SLICE_MS);
        this.options.onProgress?.(this.status());
        if (this.checked < total) await yieldToEvents();
      }
    } catch (error) {
      // The facts can go away under a running check (the account's cache closes when the account
      // changes): the check stops and says so rather than leaving a half-checked file as ready.
      this.failure = error instanceof AppError ? error.message : 'The check stopped because the account’s data could not be read. Run it again.';
      this.options.onFailure?.(error);
      this.options.onProgress?.(this.status());
    }
  }

  /** Rows [checked, end): numbers and duplicates first, then one facts lookup for the batch. */
  private checkBatch(end: number): void {
    const { table, mapping, read } = this.options;
    const start = this.checked;
    const needFacts: number[] = [];
    // Fixed texts were checked with the mapping; only the columns' values vary by row.
    const paramColumns = mapping.params.flatMap((source) => (source.kind === 'column' ? [source.column] : []));
    for (let i = start; i < end; i++) {
      const phone = read.number(table.rows[i]?.[mapping.phoneColumn] ?? '');
      if (!phone.ok) this.verdicts[i] = phone.problem === 'excel' ? CODE.excel_damaged : CODE.invalid_number;
      else {
        this.numbers[i] = phone.digits;
        if (phone.warning) this.flags[i] = UNLISTED;
        const first = this.seen.get(phone.digits);
        if (first !== undefined) {
          this.verdicts[i] = CODE.duplicate;
          this.duplicateOf[i] = first;
        } else {
          this.seen.set(phone.digits, i);
          needFacts.push(i);
        }
      }
    }
    const digitsOf = (i: number): string => this.numbers[i] ?? '';
    const facts = this.options.facts.lookup(needFacts.map(digitsOf));
    for (const i of needFacts) {
      const fact = facts.get(digitsOf(i)) ?? UNKNOWN_RECIPIENT;
      let verdict: Verdict;
      if (fact.optedOut) {
        verdict = 'opted_out';
        this.optedOut.set(i, fact.optedOut);
      } else if (fact.blacklisted) verdict = 'blacklisted';
      else if (hasParamProblem(table.rows[i] ?? [], paramColumns)) verdict = 'param_problem';
      else {
        verdict = 'ready';
        if (!fact.onOptInList) this.flags[i] = (this.flags[i] as number) | NOT_ON_LIST;
      }
      this.verdicts[i] = CODE[verdict];
    }
    // Indexes in row order, so a filtered page reads like the file.
    for (let i = start; i < end; i++) {
      const code = this.verdicts[i] as number;
      (this.byVerdict[code] as number[]).push(i);
      // Warnings belong to rows that are otherwise ready.
      if (code !== CODE.ready) {
        this.problems.push(i);
        this.flags[i] = 0;
        continue;
      }
      const flags = this.flags[i] as number;
      if (flags & NOT_ON_LIST) this.byWarning.not_on_opt_in_list.push(i);
      if (flags & UNLISTED) this.byWarning.unlisted_number.push(i);
    }
    this.checked = end;
  }

  private list(filter: Exclude<CheckIndex, 'all'>): number[] {
    if (filter === 'problems') return this.problems;
    if (filter === 'sendable') return this.sendable();
    if (filter === 'not_on_opt_in_list' || filter === 'unlisted_number') return this.byWarning[filter];
    return this.byVerdict[CODE[filter]] as number[];
  }

  /** Ready rows on the opt-in list; kept while the checked count stays the same (the preview steps through them). */
  private sendable(): number[] {
    if (this.sendableAt?.checked !== this.checked) {
      const onList = (this.byVerdict[CODE.ready] as number[]).filter((i) => !((this.flags[i] as number) & NOT_ON_LIST));
      this.sendableAt = { checked: this.checked, rows: onList };
    }
    return this.sendableAt.rows;
  }

  /** Row positions (0-based, in the table) matching the filter among those checked so far. */
  page(filter: CheckIndex, offset: number, limit: number): { total: number; positions: number[] } {
    if (filter === 'all') {
      const end = Math.min(this.checked, offset + limit);
      return { total: this.checked, positions: Array.from({ length: Math.max(0, end - offset) }, (_, k) => offset + k) };
    }
    const list = this.list(filter);
    return { total: list.length, positions: list.slice(offset, offset + limit) };
  }

  verdictOf(position: number): Verdict | null {
    const code = this.verdicts[position];
    return code === undefined || code === UNCHECKED ? null : (VERDICTS[code] ?? null);
  }

  /** One checked row as the wizard shows it: verdict, reason, values and the message. */
  describe(position: number): VerdictRow {
    const { table, mapping, formatDate, read } = this.options;
    const verdict = this.verdictOf(position);
    if (verdict === null) throw new Error(`row ${position} is not checked yet`);
    const cells = table.rows[position] ?? [];
    const phone = read(cells[mapping.phoneColumn] ?? '');
    const values = paramValues(mapping, cells);
    const params = values.map((value, k) => ({ placeholder: mapping.placeholders[k] as number, value, problem: checkTemplateParam(value)?.reason ?? null }));
    const duplicateOf = this.duplicateOf[position] ?? -1;
    const optedOut = this.optedOut.get(position) ?? null;
    const flags = this.flags[position] ?? 0;
    const warnings: VerdictRow['warnings'] = [];
    if (flags & NOT_ON_LIST) warnings.push({ kind: 'not_on_opt_in_list', message: 'This number is not on your SMSGlobal opt-in list. It is sent unless the campaign is set to skip numbers not on the list.' });
    if (flags & UNLISTED && phone?.ok && phone.warning) warnings.push({ kind: 'unlisted_number', message: phone.warning });
    let reason: string | null = null;
    if (verdict === 'invalid_number' || verdict === 'excel_damaged') reason = phone && !phone.ok ? phone.reason : null;
    else if (verdict === 'duplicate') reason = `Same number as row ${table.rowNumbers[duplicateOf]}; it gets one message.`;
    else if (verdict === 'opted_out' && optedOut) reason = `This customer opted out${optedOut.at === null ? '' : ` on ${formatDate(optedOut.at)}`} (${optedOut.how}).`;
    else if (verdict === 'blacklisted') reason = 'SMSGlobal has this number on its blacklist, so nothing is sent to it.';
    else if (verdict === 'param_problem') {
      reason = params
        .filter((p) => p.problem !== null)
        .map((p) => {
          const source = mapping.params[mapping.placeholders.indexOf(p.placeholder)];
          const from = source?.kind === 'column' ? ` (${table.columns[source.column]})` : '';
          return `{{${p.placeholder}}}${from}: ${p.problem}`;
        })
        .join(' ');
    }
    return {
      row: table.rowNumbers[position] as number,
      input: cells[mapping.phoneColumn] ?? '',
      number: phone?.ok ? phone.digits : null,
      international: phone?.ok ? phone.international : null,
      verdict,
      reason,
      duplicateOf: duplicateOf >= 0 ? (table.rowNumbers[duplicateOf] ?? null) : null,
      optedOut,
      params,
      text: renderedText(mapping, values),
      warnings,
    };
  }

  /** The rows to send, in file order (for the journal at confirmation). */
  *ready(options: { skipNotOnOptInList: boolean }): Generator<{ position: number; row: number; number: string; params: string[] }> {
    const { table, mapping } = this.options;
    for (const i of this.list('ready')) {
      if (options.skipNotOnOptInList && (this.flags[i] as number) & NOT_ON_LIST) continue;
      const number = this.numbers[i];
      if (number === undefined) continue;
      yield { position: i, row: table.rowNumbers[i] as number, number, params: paramValues(mapping, table.rows[i] ?? []) };
    }
  }
}

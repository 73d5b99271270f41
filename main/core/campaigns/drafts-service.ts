import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CAMPAIGN_LIMITS,
  type CheckStatus,
  type DraftSummary,
  type Mapping,
  type MappingInput,
  type RowsPage,
  type VerdictFilter,
  type VerdictPage,
  VERDICTS,
  WARNINGS,
} from '../../../shared/campaigns';
import { AppError } from '../../../shared/result';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Platform } from '../platform';
import { CheckRun } from './check';
import { refuseFile } from './file-kind';
import { buildMapping } from './mapping';
import { guessPhoneColumn } from './phone-column';
import { phoneReader } from './phone-reader';
import { problemRowsCsv } from './problem-rows';
import type { RecipientFacts } from './recipient-facts';
import { readSpreadsheet, refuseTooBig, type Spreadsheet } from './spreadsheet';
import type { Table } from './table';

/**
 * Campaign drafts in main: a loaded spreadsheet, its mapping to a template and its check, kept
 * in memory by id while the wizard works on it. The renderer only ever gets pages. A few drafts
 * at most are kept (loading another drops the least recently used) and the wizard discards its
 * draft when it is done with it.
 */

interface Draft {
  readonly id: string;
  readonly fileName: string;
  /** The workbook's bytes, to read another of its sheets; null for CSV. */
  readonly workbook: Uint8Array | null;
  readonly bytes: number;
  sheet: Spreadsheet;
  phoneColumn: number | null;
  mapping: Mapping | null;
  check: CheckRun | null;
  used: number;
}

export interface CampaignDraftsOptions {
  platform: Platform;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
  /** The facts about numbers for a check (the account's opt-in list, later the opt-out ledger). */
  facts: () => RecipientFacts;
}

/** Cells in one page of rows. */
const PAGE_CELLS = 50_000;
/** Files kept in memory across drafts (their bytes; the tables are a few times larger). */
const DRAFT_BYTES = 120 * 1024 * 1024;

/** At most this many progress events a second reach the renderer. */
const PROGRESS_INTERVAL_MS = 100;

const FILE_FILTERS = [{ name: 'Spreadsheets', extensions: ['csv', 'txt', 'xlsx'] }];

export class CampaignDrafts {
  private readonly drafts = new Map<string, Draft>();
  private clock = 0;

  constructor(private readonly options: CampaignDraftsOptions) {}

  limits(): { nativeDialog: boolean; fileBytes: number; uploadBytes: number; rows: number } {
    return {
      nativeDialog: typeof this.options.platform.pickFile === 'function',
      fileBytes: CAMPAIGN_LIMITS.fileBytes,
      uploadBytes: CAMPAIGN_LIMITS.uploadBytes,
      rows: CAMPAIGN_LIMITS.rows,
    };
  }

  /** Desktop: the user picks a file in main's dialog; null when they cancelled. */
  async pick(): Promise<DraftSummary | null> {
    const pickFile = this.options.platform.pickFile?.bind(this.options.platform);
    if (!pickFile) throw new AppError({ code: 'unavailable', message: 'This window cannot open a file dialog; choose the file with the Choose file button instead.' });
    const file = await pickFile({ title: 'Choose the customer list', filters: FILE_FILTERS });
    if (file === null) return null;
    let bytes: Uint8Array;
    try {
      refuseTooBig((await fs.stat(file)).size, CAMPAIGN_LIMITS.fileBytes);
      bytes = await fs.readFile(file);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw refuseFile('The file could not be read. Check that it still exists and that you may open it.');
    }
    return this.load(bytes, path.basename(file));
  }

  /** The preview: the page sends the file's bytes, once. */
  async upload(fileName: string, base64: string): Promise<DraftSummary> {
    const bytes = Buffer.from(base64, 'base64');
    refuseTooBig(bytes.length, CAMPAIGN_LIMITS.uploadBytes);
    return this.load(bytes, path.basename(fileName));
  }

  async load(bytes: Uint8Array, fileName: string): Promise<DraftSummary> {
    const sheet = await readSpreadsheet(bytes);
    const id = `d${randomBytes(8).toString('hex')}`;
    const draft: Draft = { id, fileName, workbook: sheet.kind === 'xlsx' ? bytes : null, bytes: bytes.length, sheet, phoneColumn: null, mapping: null, check: null, used: ++this.clock };
    draft.phoneColumn = this.guessPhoneColumn(sheet);
    const held = (): number => [...this.drafts.values()].reduce((sum, d) => sum + d.bytes, 0);
    while (this.drafts.size > 0 && (this.drafts.size >= CAMPAIGN_LIMITS.drafts || held() + bytes.length > DRAFT_BYTES)) this.evictOldest();
    this.drafts.set(id, draft);
    return this.summary(draft);
  }

  async chooseSheet(draftId: string, name: string): Promise<DraftSummary> {
    const draft = this.get(draftId);
    if (!draft.workbook) throw refuseFile('A CSV file has no sheets to choose from.');
    if (!draft.sheet.sheets.includes(name)) throw refuseFile(`The workbook has no sheet called “${name}”.`);
    const sheets = draft.sheet.sheets;
    const sheet = await readSpreadsheet(draft.workbook, name);
    this.reset(draft);
    draft.sheet = { ...sheet, sheets };
    draft.mapping = null;
    draft.phoneColumn = this.guessPhoneColumn(sheet);
    return this.summary(draft);
  }

  rows(draftId: string, offset: number, limit: number): RowsPage {
    const { table } = this.get(draftId).sheet;
    // A page stays a page however wide the file is.
    const end = Math.min(table.rows.length, offset + Math.min(limit, Math.max(1, Math.floor(PAGE_CELLS / Math.max(1, table.columns.length)))));
    const rows: RowsPage['rows'] = [];
    for (let i = offset; i < end; i++) rows.push({ row: table.rowNumbers[i] as number, cells: [...(table.rows[i] ?? [])] });
    return { total: table.rows.length, offset, rows };
  }

  /** Sets (or changes) the mapping; a check of the old mapping is dropped. */
  setMapping(input: MappingInput): Mapping {
    const draft = this.get(input.draftId);
    const mapping = buildMapping(input, draft.sheet.table.columns);
    this.reset(draft);
    draft.mapping = mapping;
    return mapping;
  }

  /** Starts the check (again) over the whole file; answers at once, progress follows as events. */
  check(draftId: string): CheckStatus {
    const draft = this.get(draftId);
    const mapping = draft.mapping;
    if (!mapping) throw new AppError({ code: 'validation', message: 'Map the template’s placeholders and the phone column first.' });
    this.reset(draft);
    const { defaultCountry, timeZone } = this.options.settings.get();
    const dateFormat = new Intl.DateTimeFormat('en-AU', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
    let lastEvent = 0;
    const run = new CheckRun({
      table: draft.sheet.table,
      mapping,
      read: phoneReader(defaultCountry),
      facts: this.options.facts(),
      formatDate: (ms) => dateFormat.format(ms),
      onFailure: (error) => this.options.log.warn('campaign check stopped', { error }),
      onProgress: (status) => {
        const now = performance.now();
        if (status.state === 'running' && now - lastEvent < PROGRESS_INTERVAL_MS) return;
        lastEvent = now;
        if (draft.check === run) this.options.events.emit('campaignDrafts.progress', { draftId, ...status });
      },
    });
    draft.check = run;
    void run.start();
    return this.status(draftId);
  }

  status(draftId: string): CheckStatus {
    const draft = this.get(draftId);
    if (!draft.check) {
      const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
      return {
        draftId,
        state: 'unchecked',
        error: null,
        checked: 0,
        total: draft.sheet.table.rows.length,
        counts: zero(VERDICTS),
        warnings: zero(WARNINGS),
      };
    }
    return { draftId, ...draft.check.status() };
  }

  /** Settles when the draft's current check has finished (or was replaced), with its status. */
  async whenChecked(draftId: string): Promise<CheckStatus> {
    await this.requireCheck(draftId).done;
    return this.status(draftId);
  }

  /** A page of checked rows matching the filter; while the check runs, among the rows checked so far. */
  verdicts(draftId: string, filter: VerdictFilter, offset: number, limit: number): VerdictPage {
    const run = this.requireCheck(draftId);
    const { total, positions } = run.page(filter, offset, limit);
    return { total, offset, status: this.status(draftId), rows: positions.map((p) => run.describe(p)) };
  }

  /** Saves the rows that will not be sent as a CSV to fix and load again. */
  async exportProblems(draftId: string): Promise<{ saved: boolean; rows: number; location: string | null }> {
    const draft = this.get(draftId);
    const run = this.requireCheck(draftId);
    if (!run.finished) await run.done;
    if (draft.check !== run || !run.finished) throw new AppError({ code: 'conflict', message: 'The check did not finish (it was restarted or stopped); run it again, then download the problem rows.' });
    const csv = problemRowsCsv(draft.sheet.table, run, draft.mapping?.phoneColumn ?? 0);
    const base = draft.fileName.replace(/\.[^.]*$/, '') || 'campaign';
    const result = await this.options.platform.saveFile(`${base} - problems.csv`, csv.bytes, 'text/csv');
    return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
  }

  discard(draftId: string): boolean {
    const draft = this.drafts.get(draftId);
    if (!draft) return false;
    this.reset(draft);
    return this.drafts.delete(draftId);
  }

  /** For the campaign that confirms this draft (the journal): the mapping and the rows to send. */
  confirmable(draftId: string): { fileName: string; mapping: Mapping; check: CheckRun; table: Table } {
    const draft = this.get(draftId);
    const check = this.requireCheck(draftId);
    if (!draft.mapping || !check.finished) throw new AppError({ code: 'conflict', message: 'The check has not finished yet.' });
    return { fileName: draft.fileName, mapping: draft.mapping, check, table: draft.sheet.table };
  }

  close(): void {
    for (const id of [...this.drafts.keys()]) this.discard(id);
  }

  private get(draftId: string): Draft {
    const draft = this.drafts.get(draftId);
    if (!draft) throw new AppError({ code: 'not_found', message: 'That file is no longer loaded; load it again.' });
    draft.used = ++this.clock;
    return draft;
  }

  private requireCheck(draftId: string): CheckRun {
    const check = this.get(draftId).check;
    if (!check) throw new AppError({ code: 'conflict', message: 'Run the check first.' });
    return check;
  }

  private reset(draft: Draft): void {
    draft.check?.cancel();
    draft.check = null;
  }

  private guessPhoneColumn(sheet: Spreadsheet): number | null {
    return guessPhoneColumn(sheet.table, phoneReader(this.options.settings.get().defaultCountry, 1000).number);
  }

  private evictOldest(): void {
    let oldest: Draft | null = null;
    for (const draft of this.drafts.values()) if (!oldest || draft.used < oldest.used) oldest = draft;
    if (oldest) this.discard(oldest.id);
  }

  private summary(draft: Draft): DraftSummary {
    const { sheet } = draft;
    return {
      draftId: draft.id,
      fileName: draft.fileName,
      kind: sheet.kind,
      encoding: sheet.encoding,
      delimiter: sheet.delimiter,
      sheets: sheet.sheets,
      sheet: sheet.sheet,
      columns: [...sheet.table.columns],
      rowCount: sheet.table.rows.length,
      phoneColumn: draft.phoneColumn,
    };
  }
}

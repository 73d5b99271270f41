import { formatApiDateWithOffset } from '../../../shared/dates';
import type { KeywordLists, OptedOutRecord, OptOutEvent, OptOutStatus } from '../../../shared/optouts';
import { parsePhone } from '../../../shared/phone';
import { AppError } from '../../../shared/result';
import type { Settings } from '../../../shared/settings';
import type { SettingsStore } from '../db/settings-store';
import type { EventBus } from '../events';
import { toCsv } from '../export/csv';
import type { Logger } from '../log';
import type { Platform } from '../platform';
import type { Workspace, WorkspaceManager } from '../workspace';
import type { OptOutLedger } from './ledger-store';

/**
 * Who asked not to be messaged, for the current account: the composer's warning, the thread
 * header, the Opt-ins screen, and campaigns. The sync records keyword messages as it stores them
 * (MessagesStore → OptOutLedger); this service applies the Settings' keyword lists to the
 * cache, records changes made by hand and answers "may we message these numbers?".
 *
 * For campaigns: `status(numbers)` answers for thousands of numbers in one query; skip every
 * entry with `blocked` (opted out by keyword or by hand, or blacklisted on SMSGlobal's list).
 */

export interface OptOutsDeps {
  workspaces: WorkspaceManager;
  settings: SettingsStore;
  events: EventBus;
  log: Logger;
  platform: Pick<Platform, 'saveFile'>;
}

export const OPT_OUT_CSV_HEADER = ['Number', 'Name', 'Change', 'Date', 'How', "Customer's message", 'Note', 'SMSGlobal message id', 'Current state'] as const;

export class OptOutsService {
  private lists: { for: Settings; lists: KeywordLists } | null = null;

  constructor(private readonly deps: OptOutsDeps) {}

  /** Re-applies the keyword lists when they change in Settings (the rebuild runs once, here). */
  watchSettings(): () => void {
    return this.deps.events.subscribe(({ event }) => {
      if (event !== 'settings.changed') return;
      const ws = this.deps.workspaces.current();
      if (ws) this.applyKeywords(ws);
    });
  }

  private keywordLists(): KeywordLists {
    const settings = this.deps.settings.get();
    // Settings are one frozen object until they change: the same lists object lets the ledger
    // skip normalising them on every read.
    if (this.lists?.for !== settings) this.lists = { for: settings, lists: { optOut: settings.optOutKeywords, optIn: settings.optInKeywords } };
    return this.lists.lists;
  }

  /**
   * The cache's keyword events are found with the lists in Settings. They can differ after the
   * lists change, or when this account's cache was last open under other lists: then the events
   * are found again from the history. Every read goes through here, so no answer uses stale lists.
   */
  private applyKeywords(ws: Workspace): OptOutLedger {
    const started = Date.now();
    if (ws.optOuts.applyKeywords(this.keywordLists(), started)) {
      this.deps.log.info('opt-out keywords applied to the history', { ms: Date.now() - started });
      this.deps.events.emit('optouts.changed', { numbers: [] });
    }
    return ws.optOuts;
  }

  private ledger(): OptOutLedger {
    return this.applyKeywords(this.deps.workspaces.require());
  }

  /** Per number, in the order given: opted out (since when, how, evidence), blacklisted, blocked. */
  status(numbers: readonly string[]): OptOutStatus[] {
    return this.ledger().status(numbers);
  }

  /** Of these numbers, the opted-out ones with their opt-out event (the campaign check's question). */
  optedOutAmong(numbers: readonly string[]): OptOutEvent[] {
    return this.ledger().optedOutAmong(numbers);
  }

  /** The numbers currently opted out, newest first. */
  optedOut(query: { filter?: string | undefined; offset: number; limit: number }): { total: number; items: OptedOutRecord[] } {
    return this.ledger().optedOut(query);
  }

  history(number: string): OptOutEvent[] {
    return this.ledger().history(number);
  }

  /** Opts a number out or back in by hand, with the user's note; answers its new status. */
  set(input: { number: string; action: 'out' | 'in'; note: string }): OptOutStatus {
    const parsed = parsePhone(input.number, this.deps.settings.get().defaultCountry);
    if (!parsed.ok) throw new AppError({ code: 'validation', message: parsed.reason, fields: { number: [parsed.reason] } });
    const ledger = this.ledger();
    ledger.recordManual(parsed.digits, input.action, input.note, Date.now());
    this.deps.events.emit('optouts.changed', { numbers: [parsed.digits] });
    const [status] = ledger.status([parsed.digits]);
    if (!status) throw new Error('the ledger did not answer for a number it just recorded');
    return status;
  }

  async exportFile(): Promise<{ saved: boolean; rows: number; location: string | null }> {
    const csv = this.exportCsv();
    const result = await this.deps.platform.saveFile(`opt-outs-${new Date().toISOString().slice(0, 10)}.csv`, csv.bytes, 'text/csv');
    return { saved: result.saved, rows: csv.rows, location: result.location ?? null };
  }

  /** The whole ledger as CSV, every change of every number with its evidence: what a dispute needs. */
  exportCsv(): { bytes: Uint8Array; rows: number } {
    const ledger = this.ledger();
    const timeZone = this.deps.settings.get().timeZone;
    return toCsv(
      OPT_OUT_CSV_HEADER,
      (function* () {
        for (const e of ledger.allEvents()) {
          yield [
            e.number,
            e.name,
            e.action === 'out' ? 'Opted out' : 'Opted back in',
            formatApiDateWithOffset(e.at, timeZone),
            e.how === 'keyword' ? 'Keyword message' : 'By hand',
            e.text,
            e.note,
            e.providerId,
            e.current === 'out' ? 'Opted out' : 'May be messaged',
          ];
        }
      })(),
    );
  }
}

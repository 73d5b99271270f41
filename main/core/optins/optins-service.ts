import type { CapabilityRow, NumberSource, OptInOutcome } from '../../../shared/optins';
import { AppError } from '../../../shared/result';
import type { AccountService } from '../account';
import type { AppStateStore, SettingsStore } from '../db/settings-store';
import type { WorkspaceManager } from '../workspace';
import { planNumbers } from './plan';

const CHUNK = 500;

/** Opt-ins: the cached list, opting numbers in, and capability checks, chunked for the API. */
export class OptInsService {
  constructor(
    private readonly workspaces: WorkspaceManager,
    private readonly account: AccountService,
    private readonly settings: SettingsStore,
    private readonly appState: AppStateStore,
  ) {}

  private refreshedKey(): string {
    return `optins.refreshedAt.${this.workspaces.require().accountId}`;
  }

  refreshedAt(): number | null {
    const value = this.appState.read(this.refreshedKey());
    return typeof value === 'number' ? value : null;
  }

  async refresh(): Promise<{ count: number; refreshedAt: number }> {
    const ws = this.workspaces.require();
    try {
      const list = await this.account.client().listOptIns();
      ws.contacts.save(list.map((o) => ({ number: o.number, name: o.name, optedIn: true, capable: o.capable, blacklist: o.blacklist })));
      this.account.reportOutcome(null);
      const refreshedAt = Date.now();
      this.appState.write(this.refreshedKey(), refreshedAt);
      return { count: list.length, refreshedAt };
    } catch (error) {
      this.account.reportOutcome(error);
      throw error;
    }
  }

  plan(source: NumberSource) {
    return planNumbers(source, this.settings.get().defaultCountry, this.workspaces.require().contacts.optedIn());
  }

  /** Opts numbers in, in chunks; every number gets its own answer, even when a chunk fails. */
  async submit(entries: { number: string; name?: string | undefined }[]): Promise<OptInOutcome[]> {
    const ws = this.workspaces.require();
    const client = this.account.client();
    const outcomes: OptInOutcome[] = [];
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK).map((e) => (e.name ? { number: e.number, name: e.name } : { number: e.number }));
      try {
        const answered = await client.optIn(chunk);
        const byNumber = new Map(answered.map((o) => [o.number, o]));
        ws.contacts.save(answered.map((o) => ({ number: o.number, name: o.name, optedIn: true, capable: o.capable, blacklist: o.blacklist })));
        for (const entry of chunk) {
          const answer = byNumber.get(entry.number);
          outcomes.push(
            answer
              ? { number: entry.number, ok: true, name: answer.name || (entry.name ?? ''), capable: answer.capable, blacklist: answer.blacklist, error: null }
              : { number: entry.number, ok: false, name: entry.name ?? '', capable: null, blacklist: null, error: 'SMSGlobal did not confirm this number.' },
          );
        }
        this.account.reportOutcome(null);
      } catch (error) {
        this.account.reportOutcome(error);
        const message = error instanceof AppError ? error.message : 'The request failed.';
        for (const entry of chunk) {
          const field = error instanceof AppError ? Object.entries(error.fields ?? {}).find(([key]) => key.startsWith(`opt-in.${chunk.indexOf(entry)}.`))?.[1]?.join(' ') : undefined;
          outcomes.push({ number: entry.number, ok: false, name: entry.name ?? '', capable: null, blacklist: null, error: field ?? message });
        }
        // Credentials or connectivity will fail every chunk the same way: stop asking.
        if (error instanceof AppError && ['auth', 'network', 'timeout', 'payment_required'].includes(error.code)) {
          for (const rest of entries.slice(i + CHUNK)) outcomes.push({ number: rest.number, ok: false, name: rest.name ?? '', capable: null, blacklist: null, error: message });
          break;
        }
      }
    }
    return outcomes;
  }

  async capability(source: NumberSource): Promise<CapabilityRow[]> {
    const plan = planNumbers(source, this.settings.get().defaultCountry, new Map());
    const rows: CapabilityRow[] = plan.invalid.map((i) => ({ row: i.row, input: i.input, number: null, name: '', capable: null, blacklist: null, error: i.reason }));
    const client = this.account.client();
    const valid = plan.valid;
    for (let i = 0; i < valid.length; i += CHUNK) {
      const chunk = valid.slice(i, i + CHUNK);
      try {
        const answered = new Map((await client.checkCapability(chunk.map((c) => c.number))).map((o) => [o.number, o]));
        for (const entry of chunk) {
          const answer = answered.get(entry.number);
          rows.push({
            row: entry.row,
            input: entry.input,
            number: entry.number,
            name: answer?.name || entry.name,
            capable: answer ? answer.capable : null,
            blacklist: answer ? answer.blacklist : null,
            error: answer ? null : 'SMSGlobal did not answer for this number.',
          });
        }
      } catch (error) {
        const message = error instanceof AppError ? error.message : 'The check failed.';
        for (const entry of chunk) rows.push({ row: entry.row, input: entry.input, number: entry.number, name: entry.name, capable: null, blacklist: null, error: message });
      }
    }
    for (const d of plan.duplicates) rows.push({ row: d.row, input: d.input, number: d.number, name: '', capable: null, blacklist: null, error: `Same number as row ${d.firstRow}.` });
    return rows.sort((a, b) => a.row - b.row);
  }
}

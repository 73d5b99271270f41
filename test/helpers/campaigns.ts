import type { Services } from '../../main/core/services';
import type { Dispatch } from '../../main/ipc/dispatch';
import type { CampaignSettings, CampaignSummary, RecipientState } from '../../shared/campaign-runs';
import type { MappingInput } from '../../shared/campaigns';
import type { Result } from '../../shared/result';

/** Campaigns in tests: a customer list, a checked draft, a confirmed campaign, and waits. */

export const TEMPLATE = { name: 'order_ready', body: 'Hi {{1}}, your order {{2}} is ready.' };

/** The international digits of customer i (Australian mobiles, all different). */
export const customerNumber = (i: number): string => `614${String(20_000_000 + i).padStart(8, '0')}`;

/**
 * A customer list as Excel saves it (UTF-8 with BOM, CRLF): Name, Mobile (local form), Order.
 * `extra` rows are appended as they are (problem rows, duplicates).
 */
export function customerCsv(count: number, extra: readonly (readonly string[])[] = [], from = 0): Buffer {
  const lines = ['Name,Mobile,Order'];
  for (let i = from; i < from + count; i++) lines.push(`Customer ${i},0${customerNumber(i).slice(2, 5)} ${customerNumber(i).slice(5, 8)} ${customerNumber(i).slice(8)},ORD-${1000 + i}`);
  for (const row of extra) lines.push(row.join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export const settingsFor = (patch: Partial<CampaignSettings> = {}): CampaignSettings => ({
  name: 'Spring sale',
  pacePerSecond: 200,
  dailyCap: null,
  quietHours: null,
  startAt: null,
  skipNotOnOptInList: false,
  ...patch,
});

/** The wizard's mapping: the phone in column 1, {{1}}, {{2}}… ← the given columns (default Name and Order). */
export function mappingFor(draftId: string, columns: readonly number[] = [0, 2]): MappingInput {
  return { draftId, template: TEMPLATE, phoneColumn: 1, params: columns.map((column, i) => ({ placeholder: i + 1, source: { kind: 'column', column } })) };
}

/** Loads the list, maps it (mappingFor), and waits for the check. */
export async function checkedDraft(services: Services, csv: Buffer, fileName = 'customers.csv', columns?: readonly number[]): Promise<string> {
  const draft = await services.campaignDrafts.load(csv, fileName);
  services.campaignDrafts.setMapping(mappingFor(draft.draftId, columns));
  services.campaignDrafts.check(draft.draftId);
  await services.campaignDrafts.whenChecked(draft.draftId);
  return draft.draftId;
}

/** The most sends in any one-second window [t, t + 1000) of sorted times (ms). */
export function busiestSecond(times: readonly number[]): number {
  let most = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while ((times[to] as number) - (times[from] as number) >= 1000) from++;
    most = Math.max(most, to - from + 1);
  }
  return most;
}

export async function call<T>(dispatch: Dispatch, channel: string, input: unknown = null): Promise<T> {
  const result = (await dispatch(channel, input)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

export async function refusal(dispatch: Dispatch, channel: string, input: unknown = null): Promise<{ code: string; message: string; fields?: Record<string, string[]> }> {
  const result = (await dispatch(channel, input));
  if (result.ok) throw new Error(`${channel} succeeded`);
  return result.error;
}

export function confirm(dispatch: Dispatch, draftId: string, settings: Partial<CampaignSettings> = {}): Promise<CampaignSummary> {
  return call<CampaignSummary>(dispatch, 'campaigns.confirm', { draftId, settings: settingsFor(settings) });
}

/** Rows of a campaign by state, from the journal itself. */
export function rowStates(services: Services, id: string): Record<string, RecipientState> {
  const rows = services.workspaces.require().db.prepare<[string], { row: number; state: RecipientState }>('SELECT row, state FROM campaign_recipients WHERE campaign_id = ?').all(id);
  return Object.fromEntries(rows.map((r) => [String(r.row), r.state]));
}

export function campaignState(services: Services, id: string): string | null {
  return services.workspaces.require().db.prepare<[string], { state: string }>('SELECT state FROM campaigns WHERE id = ?').get(id)?.state ?? null;
}

/** The template sends the simulator processed, as [recipient, params]. */
export function templateSends(log: { method: string; path: string; body: unknown }[]): [string, string[]][] {
  return log
    .filter((e) => e.method === 'POST' && e.path === '/v2/whatsapp/outgoing')
    .map((e) => e.body as { to: string[]; message: { type: string; params?: string[] } })
    .filter((b) => b.message.type === 'template')
    .map((b) => [b.to[0] ?? '', b.message.params ?? []]);
}

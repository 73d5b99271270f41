import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CampaignDrafts } from '../../../../main/core/campaigns/drafts-service';
import { guessPhoneColumn } from '../../../../main/core/campaigns/phone-column';
import { phoneReader } from '../../../../main/core/campaigns/phone-reader';
import { contactsRecipientFacts } from '../../../../main/core/campaigns/recipient-facts';
import type { AnyEvent } from '../../../../main/core/events';
import type { Services } from '../../../../main/core/services';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import type { CheckStatus, DraftSummary, RowsPage, VerdictPage } from '../../../../shared/campaigns';
import type { Result } from '../../../../shared/result';
import { testServices, type TestPlatform } from '../../../helpers/services';
import { tempDir } from '../../../helpers/temp';
import { europeanExcelCsv, xlsxWorkbook, type Rows } from './fixtures';

const LIST: Rows = [
  ['Name', 'Mobile', 'Order'],
  ['Jane', '0412 345 678', 'A-1'],
  ['Bad', '0412 ABC', 'A-2'],
  ['Jane again', '+61 412 345 678', 'A-3'],
  ['Excel', '6.14123E+10', 'A-4'],
  ['Leading zero', '0412 345 679', ''],
  ['Kim', '0412 345 680', 'A-6'],
];

interface Harness {
  services: Services;
  platform: TestPlatform;
  events: AnyEvent[];
  call<T>(channel: string, input?: unknown): Promise<T>;
  fail(channel: string, input?: unknown): Promise<{ code: string; message: string; fields?: Record<string, string[]> }>;
}

/** Real services over real SQLite files, called through the IPC dispatcher as the renderer would. */
async function harness(): Promise<Harness> {
  const { services, platform } = await testServices();
  // The account cache the check reads opt-in facts from (no account needed for a draft otherwise).
  services.workspaces.switchTo('campaign-test');
  services.workspaces.require().contacts.save([{ number: '61412345680', name: 'Kim', optedIn: true, capable: true, blacklist: false }]);
  const events: AnyEvent[] = [];
  services.events.subscribe((event) => events.push(event));
  const dispatch = createDispatcher(createHandlers(services), services.log);
  const raw = async (channel: string, input: unknown): Promise<Result<unknown>> => dispatch(channel, input ?? null);
  return {
    services,
    platform,
    events,
    async call<T>(channel: string, input?: unknown): Promise<T> {
      const result = await raw(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as T;
    },
    async fail(channel, input) {
      const result = await raw(channel, input);
      if (result.ok) throw new Error(`${channel} succeeded`);
      return result.error;
    },
  };
}

const upload = (h: Harness, bytes: Uint8Array, fileName = 'customers.csv'): Promise<DraftSummary> =>
  h.call<DraftSummary>('campaignDrafts.upload', { fileName, base64: Buffer.from(bytes).toString('base64') });

const MAPPING = {
  template: { name: 'order_ready', body: 'Hi {{1}}, order {{2}} is ready.' },
  phoneColumn: 1,
  params: [
    { placeholder: 1, source: { kind: 'column', column: 0 } },
    { placeholder: 2, source: { kind: 'column', column: 2 } },
  ],
};

async function checkedDraft(h: Harness, bytes: Uint8Array): Promise<DraftSummary> {
  const draft = await upload(h, bytes);
  await h.call('campaignDrafts.setMapping', { draftId: draft.draftId, ...MAPPING });
  await h.call<CheckStatus>('campaignDrafts.check', { draftId: draft.draftId });
  for (let i = 0; i < 500 && (await h.call<CheckStatus>('campaignDrafts.status', { draftId: draft.draftId })).state !== 'done'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return draft;
}

describe('campaign drafts through the contract', () => {
  it('loads a file once, then serves it in pages with the phone column guessed', async () => {
    const h = await harness();
    const draft = await upload(h, europeanExcelCsv(LIST));
    expect(draft).toMatchObject({ fileName: 'customers.csv', kind: 'csv', encoding: 'UTF-8 with BOM', delimiter: ';', columns: ['Name', 'Mobile', 'Order'], rowCount: 6, phoneColumn: 1, sheets: [] });
    const page = await h.call<RowsPage>('campaignDrafts.rows', { draftId: draft.draftId, offset: 2, limit: 2 });
    expect(page).toEqual({
      total: 6,
      offset: 2,
      rows: [
        { row: 4, cells: ['Jane again', '+61 412 345 678', 'A-3'] },
        { row: 5, cells: ['Excel', '6.14123E+10', 'A-4'] },
      ],
    });
    expect(await h.call('campaignDrafts.limits')).toEqual({ nativeDialog: false, fileBytes: 50 * 1024 * 1024, uploadBytes: 20 * 1024 * 1024, rows: 1_000_000 });
  });

  it('refuses bad input in words a shop owner understands', async () => {
    const h = await harness();
    const draft = await upload(h, europeanExcelCsv(LIST));
    const badName = await h.fail('campaignDrafts.setMapping', { draftId: draft.draftId, ...MAPPING, template: { name: 'Order Ready', paramCount: 2 } });
    expect(badName.fields?.['template.name']).toEqual(['Template names have only lowercase letters, digits and underscores, like order_update.']);
    const unmapped = await h.fail('campaignDrafts.setMapping', { draftId: draft.draftId, ...MAPPING, params: MAPPING.params.slice(0, 1) });
    expect(unmapped).toMatchObject({ code: 'validation', message: 'Choose a column or type a text for {{2}}.', fields: { 'placeholders.2': ['Choose a column or type a text for {{2}}.'] } });
    expect((await h.fail('campaignDrafts.rows', { draftId: 'nope' })).fields?.['draftId']).toEqual(['That file is no longer loaded; load it again.']);
    expect((await h.fail('campaignDrafts.upload', { fileName: 'x.csv', base64: '%%%' })).fields?.['base64']).toEqual(['The file did not arrive in one piece; choose it again.']);
    expect((await h.fail('campaignDrafts.upload', { fileName: '../x.csv', base64: 'QQ==' })).fields?.['fileName']).toEqual(['The file name has characters a file name cannot have.']);
    expect(await h.fail('campaignDrafts.verdicts', { draftId: draft.draftId })).toMatchObject({ code: 'conflict', message: 'Run the check first.' });
    expect(await h.fail('campaignDrafts.check', { draftId: draft.draftId })).toMatchObject({ message: 'Map the template’s placeholders and the phone column first.' });
    expect(await h.fail('campaignDrafts.chooseSheet', { draftId: draft.draftId, sheet: 'Sheet1' })).toMatchObject({ message: 'A CSV file has no sheets to choose from.' });
    expect(await h.fail('campaignDrafts.pick')).toMatchObject({ code: 'unavailable' });
    expect(await h.fail('campaignDrafts.upload', { fileName: 'empty.csv', base64: Buffer.from('\uFEFF').toString('base64') })).toMatchObject({ code: 'validation', message: 'The file is empty.' });
  });

  it('refuses an upload over the bound after decoding', async () => {
    const h = await harness();
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    expect(await h.fail('campaignDrafts.upload', { fileName: 'big.csv', base64: big.toString('base64') })).toMatchObject({ message: 'The file is 20.1 MB; the most a campaign file can be is 20 MB. Split it into smaller files.' });
  });

  it('checks with progress events and pages verdicts by kind', async () => {
    const h = await harness();
    const draft = await checkedDraft(h, europeanExcelCsv(LIST));
    const status = await h.call<CheckStatus>('campaignDrafts.status', { draftId: draft.draftId });
    expect(status).toEqual({
      draftId: draft.draftId,
      state: 'done',
      error: null,
      checked: 6,
      total: 6,
      counts: { invalid_number: 1, excel_damaged: 1, duplicate: 1, opted_out: 0, blacklisted: 0, param_problem: 1, ready: 2 },
      warnings: { not_on_opt_in_list: 1, unlisted_number: 0 },
    });
    const progress = h.events.filter((e): e is Extract<AnyEvent, { event: 'campaignDrafts.progress' }> => e.event === 'campaignDrafts.progress');
    expect(progress.at(-1)?.payload).toEqual(status);
    const problems = await h.call<VerdictPage>('campaignDrafts.verdicts', { draftId: draft.draftId, filter: 'problems' });
    expect(problems.rows.map((r) => [r.row, r.verdict])).toEqual([
      [3, 'invalid_number'],
      [4, 'duplicate'],
      [5, 'excel_damaged'],
      [6, 'param_problem'],
    ]);
    const warned = await h.call<VerdictPage>('campaignDrafts.verdicts', { draftId: draft.draftId, filter: 'not_on_opt_in_list' });
    expect(warned.rows).toMatchObject([{ row: 2, number: '61412345678', text: 'Hi Jane, order A-1 is ready.', warnings: [{ kind: 'not_on_opt_in_list' }] }]);
    // Changing the mapping drops the old check.
    await h.call('campaignDrafts.setMapping', { draftId: draft.draftId, ...MAPPING, template: { name: 'hello', paramCount: 0 }, params: [] });
    expect((await h.call<CheckStatus>('campaignDrafts.status', { draftId: draft.draftId })).state).toBe('unchecked');
  });

  it('downloads the problem rows as a CSV that loads again with the same cells', async () => {
    const h = await harness();
    const draft = await checkedDraft(h, europeanExcelCsv(LIST));
    expect(await h.call('campaignDrafts.exportProblems', { draftId: draft.draftId })).toEqual({ saved: true, rows: 4, location: 'customers - problems.csv' });
    const saved = h.platform.saved.at(-1);
    expect(saved?.name).toBe('customers - problems.csv');
    const text = Buffer.from(saved?.contents ?? []).toString('utf8');
    expect(text.startsWith('\uFEFFName,Mobile,Order,Problem\r\n')).toBe(true);
    // Numbers stay text in Excel: ="…" cells.
    expect(text).toContain('"=""+61 412 345 678"""');
    // Fixed in Excel and loaded again: the same cells come back, with the reasons beside them.
    const file = path.join(tempDir(), 'customers - problems.csv');
    fs.writeFileSync(file, saved?.contents ?? new Uint8Array());
    const again = await upload(h, fs.readFileSync(file), 'customers - problems.csv');
    expect(again).toMatchObject({ kind: 'csv', columns: ['Name', 'Mobile', 'Order', 'Problem'], rowCount: 4, phoneColumn: 1 });
    const rows = await h.call<RowsPage>('campaignDrafts.rows', { draftId: again.draftId });
    expect(rows.rows.map((r) => r.cells.slice(0, 3))).toEqual([LIST[2], LIST[3], LIST[4], LIST[5]]);
    expect(rows.rows.map((r) => r.cells[3])).toEqual([
      expect.stringMatching(/letters/),
      'Same number as row 2; it gets one message.',
      expect.stringMatching(/Excel turned this column into numbers/),
      expect.stringMatching(/^\{\{2\}\} \(Order\): This value is empty/),
    ]);
  });

  it('reads another sheet of a workbook', async () => {
    const h = await harness();
    const bytes = await xlsxWorkbook([
      { name: 'Notes', rows: [['Note'], ['nothing here']] },
      { name: 'Customers', rows: [['Name', 'WhatsApp'], ['Jo', 61412345678]] },
    ]);
    const draft = await upload(h, bytes, 'book.xlsx');
    expect(draft).toMatchObject({ kind: 'xlsx', sheets: ['Notes', 'Customers'], sheet: 'Notes', columns: ['Note'], phoneColumn: null });
    const chosen = await h.call<DraftSummary>('campaignDrafts.chooseSheet', { draftId: draft.draftId, sheet: 'Customers' });
    expect(chosen).toMatchObject({ draftId: draft.draftId, sheets: ['Notes', 'Customers'], sheet: 'Customers', columns: ['Name', 'WhatsApp'], phoneColumn: 1 });
    expect((await h.call<RowsPage>('campaignDrafts.rows', { draftId: draft.draftId })).rows).toEqual([{ row: 2, cells: ['Jo', '61412345678'] }]);
  });

  it('keeps a bounded number of drafts and forgets discarded ones', async () => {
    const h = await harness();
    const drafts: DraftSummary[] = [];
    for (let i = 0; i < 5; i++) drafts.push(await upload(h, europeanExcelCsv(LIST), `list-${i}.csv`));
    expect(await h.fail('campaignDrafts.rows', { draftId: drafts[0]?.draftId })).toMatchObject({ code: 'not_found', message: 'That file is no longer loaded; load it again.' });
    expect(await h.call('campaignDrafts.discard', { draftId: drafts[4]?.draftId })).toEqual({ discarded: true });
    expect(await h.fail('campaignDrafts.status', { draftId: drafts[4]?.draftId })).toMatchObject({ code: 'not_found' });
    expect(await h.call('campaignDrafts.discard', { draftId: drafts[4]?.draftId })).toEqual({ discarded: false });
  });
});

describe('picking a file on the desktop', () => {
  it('reads the picked file in main, refuses one over the bound before reading it, and answers null when cancelled', async () => {
    const { services, platform } = await testServices();
    const dir = tempDir();
    const picked: (string | null)[] = [];
    const drafts = new CampaignDrafts({
      platform: { ...platform, pickFile: async () => picked.shift() ?? null },
      settings: services.settings,
      events: services.events,
      log: services.log,
      facts: () => contactsRecipientFacts(services.workspaces.require().db),
    });
    expect(drafts.limits().nativeDialog).toBe(true);
    const list = path.join(dir, 'customers.csv');
    fs.writeFileSync(list, europeanExcelCsv(LIST));
    picked.push(list);
    expect(await drafts.pick()).toMatchObject({ fileName: 'customers.csv', rowCount: 6 });
    const huge = path.join(dir, 'huge.csv');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 50 * 1024 * 1024 + 1);
    picked.push(huge);
    await expect(drafts.pick()).rejects.toThrow('The file is 50.1 MB; the most a campaign file can be is 50 MB. Split it into smaller files.');
    picked.push(path.join(dir, 'gone.csv'));
    await expect(drafts.pick()).rejects.toThrow(/could not be read/);
    expect(await drafts.pick()).toBeNull();
  });
});

describe('guessing the phone column', () => {
  const table = (columns: string[], rows: string[][]) => ({ columns, rows, rowNumbers: rows.map((_, i) => i + 2) });
  const read = phoneReader('AU');

  it('goes by the header in the languages shops use, best word first', () => {
    expect(guessPhoneColumn(table(['Nom', 'Numéro de portable'], [['A', 'x']]), read)).toBe(1);
    expect(guessPhoneColumn(table(['Nombre', 'Teléfono'], [['A', 'x']]), read)).toBe(1);
    expect(guessPhoneColumn(table(['Name', 'Telefon', 'Handy'], [['A', 'x', 'y']]), read)).toBe(2);
    expect(guessPhoneColumn(table(['Phone', 'WhatsApp number'], [['x', 'y']]), read)).toBe(1);
  });

  it('goes by the content when the header does not say, and needs most values to read as numbers', () => {
    expect(guessPhoneColumn(table(['Who', 'Order number', 'Contact'], [['A', '1001', '0412 345 678'], ['B', '1002', '0412 345 679']]), read)).toBe(2);
    expect(guessPhoneColumn(table(['Who', 'Notes'], [['A', '0412 345 678'], ['B', 'call later'], ['C', 'n/a']]), read)).toBeNull();
  });
});

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckRun, type CheckOptions } from '../../../../main/core/campaigns/check';
import { buildMapping } from '../../../../main/core/campaigns/mapping';
import { phoneReader } from '../../../../main/core/campaigns/phone-reader';
import { contactsRecipientFacts, type RecipientFact, type RecipientFacts } from '../../../../main/core/campaigns/recipient-facts';
import { readSpreadsheet } from '../../../../main/core/campaigns/spreadsheet';
import type { Table } from '../../../../main/core/campaigns/table';
import { accountMigrations } from '../../../../main/core/db/account-migrations';
import { ContactsStore } from '../../../../main/core/db/contacts-store';
import { openDatabase, type Db } from '../../../../main/core/db/database';
import type { Mapping, MappingInput } from '../../../../shared/campaigns';
import { AppError } from '../../../../shared/result';
import { tempDir } from '../../../helpers/temp';
import { europeanExcelCsv, onDisk } from './fixtures';

const open: Db[] = [];
afterEach(() => {
  while (open.length > 0) open.pop()?.close();
});

/** The account cache, a real SQLite file, with some numbers on SMSGlobal's opt-in list. */
function accountCache(records: { number: string; optedIn: boolean; blacklist: boolean | null }[]): Db {
  const db = openDatabase(path.join(tempDir(), 'account.sqlite3'), { migrations: accountMigrations, synchronous: 'NORMAL' });
  open.push(db);
  new ContactsStore(db).save(records.map((r) => ({ ...r, name: '', capable: null })));
  return db;
}

/** The opt-out ledger's answer for one number, over the cache's answers. */
function withOptOuts(inner: RecipientFacts, optOuts: Record<string, NonNullable<RecipientFact['optedOut']>>): RecipientFacts {
  return {
    lookup(numbers) {
      const facts = new Map(inner.lookup(numbers));
      for (const n of numbers) if (optOuts[n]) facts.set(n, { ...(facts.get(n) ?? { blacklisted: false, onOptInList: false }), optedOut: optOuts[n] });
      return facts;
    },
  };
}

const TEMPLATE = { name: 'order_ready', body: 'Hi {{1}}, your order {{2}} is ready.' };

async function fileTable(rows: string[][]): Promise<Table> {
  return (await readSpreadsheet(onDisk(tempDir(), 'list.csv', europeanExcelCsv(rows)))).table;
}

function mappingFor(table: Table, params: MappingInput['params'] = [
  { placeholder: 1, source: { kind: 'column', column: 0 } },
  { placeholder: 2, source: { kind: 'column', column: 2 } },
]): Mapping {
  return buildMapping({ template: TEMPLATE, phoneColumn: 1, params }, table.columns);
}

async function checked(table: Table, facts: RecipientFacts, extra: Partial<CheckOptions> = {}): Promise<CheckRun> {
  const run = new CheckRun({ table, mapping: mappingFor(table), read: phoneReader('AU'), facts, formatDate: (ms) => new Date(ms).toISOString().slice(0, 10), ...extra });
  await run.start();
  return run;
}

describe('the check', () => {
  it('gives every row exactly one verdict, with its reason', async () => {
    const table = await fileTable([
      ['Name', 'Mobile', 'Order'],
      ['Ready Rita', '0412 345 678', 'A-1'], // 2 ready, on the opt-in list
      ['Letters', '0412 ABC 678', 'A-2'], // 3 invalid: letters
      ['Short', '0412', 'A-3'], // 4 invalid: too short
      ['Excel', '6.14123E+10', 'A-4'], // 5 damaged by Excel
      ['Again', '+61 412 345 678', 'A-5'], // 6 duplicate of row 2 after normalising
      ['Stopped', '0412 345 679', 'A-6'], // 7 opted out
      ['Listed', '0412 345 680', 'A-7'], // 8 blacklisted
      ['', '0412 345 681', 'A-8'], // 9 parameter problem: empty {{1}}
      ['Tab\there', '0412 345 682', 'A     9'], // 10 parameter problems in {{1}} and {{2}}
      ['Unlisted', '0442 000 022', 'A-10'], // 11 ready, with the unlisted-number warning
      ['Newcomer', '61412345683', 'A-11'], // 12 ready, not on the opt-in list
    ]);
    const cache = contactsRecipientFacts(
      accountCache([
        { number: '61412345678', optedIn: true, blacklist: false },
        { number: '61412345680', optedIn: true, blacklist: true },
        { number: '61442000022', optedIn: true, blacklist: false },
      ]),
    );
    const run = await checked(table, withOptOuts(cache, { '61412345679': { at: Date.UTC(2024, 2, 5), how: 'replied STOP' } }));
    const rows = run.page('all', 0, 100).positions.map((p) => run.describe(p));
    expect(rows.map((r) => [r.row, r.verdict])).toEqual([
      [2, 'ready'],
      [3, 'invalid_number'],
      [4, 'invalid_number'],
      [5, 'excel_damaged'],
      [6, 'duplicate'],
      [7, 'opted_out'],
      [8, 'blacklisted'],
      [9, 'param_problem'],
      [10, 'param_problem'],
      [11, 'ready'],
      [12, 'ready'],
    ]);
    const [ready, letters, short, excel, duplicate, optedOut, blacklisted, empty, tabbed, unlisted, newcomer] = rows;
    expect(ready).toMatchObject({ number: '61412345678', international: '+61 412 345 678', reason: null, warnings: [], text: 'Hi Ready Rita, your order A-1 is ready.' });
    expect(ready?.params).toEqual([
      { placeholder: 1, value: 'Ready Rita', problem: null },
      { placeholder: 2, value: 'A-1', problem: null },
    ]);
    expect(letters?.reason).toMatch(/has letters/);
    expect(short?.reason).toMatch(/too short/);
    expect(excel?.reason).toMatch(/Excel turned this column into numbers.*format the phone column as Text/);
    expect(excel?.number).toBeNull();
    expect(duplicate).toMatchObject({ duplicateOf: 2, number: '61412345678', reason: 'Same number as row 2; it gets one message.' });
    expect(optedOut).toMatchObject({ optedOut: { at: Date.UTC(2024, 2, 5), how: 'replied STOP' }, reason: 'This customer opted out on 2024-03-05 (replied STOP).' });
    expect(blacklisted?.reason).toMatch(/blacklist/);
    expect(empty?.reason).toBe('{{1}} (Name): This value is empty; WhatsApp refuses a template with an empty parameter.');
    expect(tabbed?.reason).toMatch(/^\{\{1\}\} \(Name\): This value has a tab.*\{\{2\}\} \(Order\): This value has more than 4 spaces/);
    expect(tabbed?.params.map((p) => p.problem !== null)).toEqual([true, true]);
    expect(unlisted?.warnings.map((w) => w.kind)).toEqual(['unlisted_number']);
    expect(newcomer?.warnings.map((w) => w.kind)).toEqual(['not_on_opt_in_list']);
    expect(run.status()).toEqual({
      state: 'done',
      error: null,
      checked: 11,
      total: 11,
      counts: { invalid_number: 2, excel_damaged: 1, duplicate: 1, opted_out: 1, blacklisted: 1, param_problem: 2, ready: 3 },
      warnings: { not_on_opt_in_list: 1, unlisted_number: 1 },
    });
  });

  it('pages by verdict in file order, and lists what will be sent', async () => {
    const table = await fileTable([
      ['Name', 'Mobile', 'Order'],
      ['A', '0412 345 678', '1'],
      ['B', 'nope', '2'],
      ['C', '0412 345 679', '3'],
      ['D', '0412 345 678', '4'],
      ['E', '0412 345 680', '5'],
    ]);
    const run = await checked(table, contactsRecipientFacts(accountCache([{ number: '61412345678', optedIn: true, blacklist: false }])));
    const rowsOf = (filter: Parameters<CheckRun['page']>[0], offset = 0, limit = 10): number[] => run.page(filter, offset, limit).positions.map((p) => run.describe(p).row);
    expect(rowsOf('ready')).toEqual([2, 4, 6]);
    expect(rowsOf('problems')).toEqual([3, 5]);
    expect(rowsOf('not_on_opt_in_list')).toEqual([4, 6]);
    expect(rowsOf('ready', 1, 1)).toEqual([4]);
    expect(run.page('duplicate', 0, 10).total).toBe(1);
    expect([...run.ready({ skipNotOnOptInList: false })].map((r) => [r.row, r.number, r.params])).toEqual([
      [2, '61412345678', ['A', '1']],
      [4, '61412345679', ['C', '3']],
      [6, '61412345680', ['E', '5']],
    ]);
    expect([...run.ready({ skipNotOnOptInList: true })].map((r) => r.row)).toEqual([2]);
  });

  it('fills placeholders from fixed texts as well as columns', async () => {
    const table = await fileTable([
      ['Name', 'Mobile', 'Order'],
      ['Jo', '0412 345 678', '1'],
    ]);
    const mapping = mappingFor(table, [
      { placeholder: 2, source: { kind: 'text', text: 'today' } },
      { placeholder: 1, source: { kind: 'column', column: 0 } },
    ]);
    expect(mapping.params).toEqual([
      { kind: 'column', column: 0 },
      { kind: 'text', text: 'today' },
    ]);
    const run = new CheckRun({ table, mapping, read: phoneReader('AU'), facts: contactsRecipientFacts(accountCache([])), formatDate: String });
    await run.start();
    expect(run.describe(0).text).toBe('Hi Jo, your order today is ready.');
  });

  it('checks a large file in slices: progress, and the first rows readable before the rest is checked', async () => {
    const rows = [['Name', 'Mobile', 'Order']];
    for (let i = 0; i < 12_000; i++) rows.push([`Customer ${i}`, `04${String(12_000_000 + i).padStart(8, '0')}`, `A-${i}`]);
    const table = await fileTable(rows);
    const progress: number[] = [];
    const run = new CheckRun({ table, mapping: mappingFor(table), read: phoneReader('AU'), facts: contactsRecipientFacts(accountCache([])), formatDate: String, onProgress: (s) => progress.push(s.checked) });
    const done = run.start();
    // The first slice is checked before start() returns; the rest waits for the event loop.
    const first = run.status();
    expect(first.state).toBe('running');
    expect(first.checked).toBeGreaterThan(0);
    expect(first.checked).toBeLessThan(12_000);
    expect(run.page('ready', 0, 5).positions.map((p) => run.describe(p).row)).toEqual([2, 3, 4, 5, 6]);
    await done;
    expect(run.status()).toMatchObject({ state: 'done', checked: 12_000, counts: { ready: 12_000 } });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(12_000);
  });

  it('stops and says so when the facts cannot be read (the account’s cache closed under it)', async () => {
    const rows = [['Name', 'Mobile', 'Order']];
    for (let i = 0; i < 2_000; i++) rows.push([`C${i}`, `04${String(12_000_000 + i).padStart(8, '0')}`, '1']);
    const table = await fileTable(rows);
    const db = accountCache([]);
    const facts = contactsRecipientFacts(db);
    let batches = 0;
    let firstBatch = 0;
    const closing: RecipientFacts = {
      lookup(numbers) {
        if (++batches === 1) firstBatch = numbers.length;
        if (batches === 2) db.close();
        return facts.lookup(numbers);
      },
    };
    const failures: unknown[] = [];
    const run = new CheckRun({ table, mapping: mappingFor(table), read: phoneReader('AU'), facts: closing, formatDate: String, onFailure: (e) => failures.push(e) });
    await run.start();
    expect(run.status()).toMatchObject({ state: 'failed', error: 'The check stopped because the account’s data could not be read. Run it again.' });
    // The rows of the first batch stay checked; the second batch's do not count.
    expect(firstBatch).toBeGreaterThan(0);
    expect(run.status().checked).toBe(firstBatch);
    expect(failures).toHaveLength(1);
  });

  it('stops when cancelled', async () => {
    const rows = [['Name', 'Mobile', 'Order']];
    for (let i = 0; i < 12_000; i++) rows.push([`C${i}`, `04${String(12_000_000 + i).padStart(8, '0')}`, '1']);
    const table = await fileTable(rows);
    const run = new CheckRun({ table, mapping: mappingFor(table), read: phoneReader('AU'), facts: contactsRecipientFacts(accountCache([])), formatDate: String });
    const done = run.start();
    run.cancel();
    await done;
    expect(run.status().state).toBe('running');
    expect(run.status().checked).toBeLessThan(12_000);
  });
});

describe('the mapping', () => {
  const columns = ['Name', 'Mobile', 'Order'];
  const refusal = (input: Omit<MappingInput, 'draftId'>): AppError => {
    try {
      buildMapping(input, columns);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('the mapping was accepted');
  };

  it('refuses an unmapped placeholder and names it', () => {
    const error = refusal({ template: TEMPLATE, phoneColumn: 1, params: [{ placeholder: 1, source: { kind: 'column', column: 0 } }] });
    expect(error.message).toBe('Choose a column or type a text for {{2}}.');
    expect(error.fields).toEqual({ 'placeholders.2': ['Choose a column or type a text for {{2}}.'] });
    expect(refusal({ template: { name: 'x', paramCount: 3 }, phoneColumn: 1, params: [] }).message).toBe('Choose a column or type a text for {{1}}, {{2}} and {{3}}.');
  });

  it('refuses placeholders the template does not have, mapped twice, columns that do not exist and bad fixed texts', () => {
    const two = { template: TEMPLATE, phoneColumn: 1 };
    const ok = { placeholder: 1, source: { kind: 'column' as const, column: 0 } };
    expect(refusal({ ...two, params: [ok, { placeholder: 2, source: { kind: 'column', column: 2 } }, { placeholder: 3, source: { kind: 'text', text: 'x' } }] }).message).toBe('The template has no {{3}}.');
    expect(refusal({ ...two, params: [ok, ok, { placeholder: 2, source: { kind: 'text', text: 'x' } }] }).message).toBe('{{1}} is mapped twice.');
    expect(refusal({ ...two, params: [ok, { placeholder: 2, source: { kind: 'column', column: 7 } }] }).message).toBe('That column is not in the file; choose another.');
    expect(refusal({ ...two, params: [ok, { placeholder: 2, source: { kind: 'text', text: 'a\nb' } }] }).message).toMatch(/^The text for \{\{2\}\}: This value has a line break/);
    expect(refusal({ ...two, phoneColumn: 9, params: [] }).fields).toEqual({ phoneColumn: ['That column is not in the file; choose another.'] });
  });

  it('takes the placeholders from the body, or counts them', () => {
    expect(buildMapping({ template: { name: 'none', paramCount: 0 }, phoneColumn: 1, params: [] }, columns).placeholders).toEqual([]);
    expect(buildMapping({ template: { name: 'body', body: 'Order {{2}} for {{1}} ({{2}})' }, phoneColumn: 1, params: [{ placeholder: 2, source: { kind: 'column', column: 2 } }, { placeholder: 1, source: { kind: 'column', column: 0 } }] }, columns).placeholders).toEqual([1, 2]);
  });
});

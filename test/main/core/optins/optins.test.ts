import { describe, expect, it } from 'vitest';
import { inspectCsv, planNumbers } from '../../../../main/core/optins/plan';
import { MemorySecretStore } from '../../../../main/core/secrets/store';
import { createDispatcher } from '../../../../main/ipc/dispatch';
import { createHandlers } from '../../../../main/ipc/handlers';
import { memoryKeychain, testServices } from '../../../helpers/services';
import { simulator } from '../../../helpers/simulator';

const CSV = '\uFEFFFull name,Mobile,Notes\r\nJane Smith,0412 345 678,vip\r\n"Lee, Kim",+61 412 345 679,\r\nBad Row,04x2,\r\nJane again,61412345678,dup\r\nOld Friend,0412 345 680,\r\n';

describe('opt-in planning', () => {
  it('inspects a CSV: header, sample, count, delimiter', () => {
    expect(inspectCsv(CSV)).toEqual({
      headers: ['Full name', 'Mobile', 'Notes'],
      sample: [
        ['Jane Smith', '0412 345 678', 'vip'],
        ['Lee, Kim', '+61 412 345 679', ''],
        ['Bad Row', '04x2', ''],
        ['Jane again', '61412345678', 'dup'],
        ['Old Friend', '0412 345 680', ''],
      ],
      rowCount: 5,
      delimiter: ',',
    });
    expect(inspectCsv('61412345678;Jo\n61412345679;Al').headers).toEqual(['Column 1', 'Column 2']);
  });

  it('normalizes numbers and reports invalid rows, duplicates and numbers already opted in', () => {
    const plan = planNumbers({ kind: 'csv', text: CSV, numberColumn: 1, nameColumn: 0 }, 'AU', new Map([['61412345680', 'Old Friend']]));
    expect(plan.valid).toEqual([
      { row: 2, input: '0412 345 678', name: 'Jane Smith', number: '61412345678', international: '+61 412 345 678' },
      { row: 3, input: '+61 412 345 679', name: 'Lee, Kim', number: '61412345679', international: '+61 412 345 679' },
    ]);
    expect(plan.invalid).toEqual([{ row: 4, input: '04x2', reason: expect.stringMatching(/letters/) }]);
    // What was typed, for the capability export's "Entered" column.
    expect(plan.duplicates).toEqual([{ row: 5, input: '61412345678', number: '61412345678', firstRow: 2 }]);
    expect(plan.alreadyOptedIn).toEqual([{ row: 6, number: '61412345680', name: 'Old Friend' }]);
  });

  it('says what is wrong with files that are empty, not text, or broken, in a shop owner’s words', () => {
    expect(() => inspectCsv('')).toThrow('The file is empty: there are no rows in it.');
    expect(() => inspectCsv('\uFEFF \r\n')).toThrow('The file is empty');
    const elf = String.fromCharCode(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0) + 'x'.repeat(200);
    expect(() => inspectCsv(elf)).toThrow(/not text: it looks like a program/);
    expect(() => planNumbers({ kind: 'csv', text: elf, numberColumn: 0 }, 'AU', new Map())).toThrow(/not text/);
    expect(() => inspectCsv('"Jane Smith,0412 345 678\nLee Kim,0412 345 679\n')).toThrow(/Row 1 has a quote mark \("\) that is never closed/);
  });

  it('explains numbers Excel turned into scientific notation, in files and pasted lists, with or without names', () => {
    const excel = /Excel turned this column into numbers and dropped digits/;
    const csv = planNumbers({ kind: 'csv', text: 'Name,Phone\nJane,6.14123E+10\nLee,0412 345 679\n', numberColumn: 1, nameColumn: 0 }, 'AU', new Map());
    expect(csv.invalid).toEqual([{ row: 2, input: '6.14123E+10', reason: expect.stringMatching(excel) }]);
    const list = planNumbers({ kind: 'list', text: 'Jane Smith, 6.14123E+10\n6.14123E+10 Lee Kim\n6,14123E+11' }, 'AU', new Map());
    expect(list.invalid.map((i) => [i.row, i.input])).toEqual([
      [1, '6.14123E+10'],
      [2, '6.14123E+10'],
      [3, '6,14123E+11'],
    ]);
    expect(list.invalid.every((i) => excel.test(i.reason))).toBe(true);
  });

  it('reads pasted lists with or without names', () => {
    const plan = planNumbers({ kind: 'list', text: 'Jane Smith, 0412 345 678\n0412 345 679 Lee Kim\n\n+61412345680' }, 'AU', new Map());
    expect(plan.valid.map((v) => [v.name, v.number])).toEqual([
      ['Jane Smith', '61412345678'],
      ['Lee Kim', '61412345679'],
      ['', '61412345680'],
    ]);
  });
});

describe('opt-ins and capability through the API', () => {
  it('opts numbers in, caches them for the list, and checks capability', async () => {
    const sim = await simulator({ accounts: [{ key: 'k', secret: 'secret-0123456789' }] });
    const { services } = await testServices(undefined, { secretStores: memoryKeychain(new MemorySecretStore()) });
    services.settings.update({ apiBaseUrl: sim.url });
    await services.account.save({ key: 'k', secret: 'secret-0123456789' });
    const dispatch = createDispatcher(createHandlers(services), services.log);
    const submitted = await dispatch('optins.submit', { entries: [{ number: '61412345678', name: 'Jane Smith' }, { number: '61412340000' }] });
    expect(submitted).toMatchObject({ ok: true, value: { results: [{ number: '61412345678', ok: true, name: 'Jane Smith', capable: true }, { number: '61412340000', ok: true, capable: false }] } });
    const listed = await dispatch('optins.list', { filter: 'jane' });
    expect(listed).toMatchObject({ ok: true, value: { total: 1, items: [{ number: '61412345678', name: 'Jane Smith' }] } });
    const refreshed = await dispatch('optins.refresh', null);
    expect(refreshed).toMatchObject({ ok: true, value: { count: sim.store.optIns().length } });
    const capability = await dispatch('capability.check', { source: { kind: 'list', text: '0412 345 678\n0400 000 666\nnope\n0412 345 678' } });
    expect(capability).toMatchObject({
      ok: true,
      value: {
        rows: [
          { row: 1, number: '61412345678', capable: true, blacklist: false, error: null },
          { row: 2, number: '61400000666', blacklist: true },
          { row: 3, number: null, error: expect.stringMatching(/letters/) as unknown as string },
          { row: 4, error: 'Same number as row 1.' },
        ],
      },
    });
    const bad = await dispatch('optins.submit', { entries: [{ number: '12ab' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});

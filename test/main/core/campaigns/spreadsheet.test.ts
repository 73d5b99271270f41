import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../../../main/core/campaigns/spreadsheet';
import { columnNames, TableBuilder } from '../../../../main/core/campaigns/table';
import { numberText } from '../../../../main/core/campaigns/xlsx-reader';
import { tempDir } from '../../../helpers/temp';
import { europeanExcelCsv, excelUnicodeText, googleSheetsCsv, libreOfficeCsv, onDisk, unicodeTextBigEndian, windows1252Csv, xlsxWorkbook, type Rows } from './fixtures';

const CUSTOMERS: Rows = [
  ['Name', 'Mobile', 'City', 'Note'],
  ['Zoë Brontë', '0412 345 678', 'Sydney; CBD', 'says "hi", often'],
  ['Seán O’Brien', '+61 412 345 679', 'Perth', 'line one\nline two'],
  ['Ana', '61412345680', 'Hobart\tTAS', ''],
];

async function read(bytes: Uint8Array, sheet?: string): ReturnType<typeof readSpreadsheet> {
  return readSpreadsheet(onDisk(tempDir(), 'list', bytes), sheet);
}

describe('reading files as spreadsheet programs save them', () => {
  it('reads European Excel CSV: byte-order mark, semicolons, CRLF, quoted separators, quotes and new-lines', async () => {
    const sheet = await read(europeanExcelCsv(CUSTOMERS));
    expect(sheet).toMatchObject({ kind: 'csv', encoding: 'UTF-8 with BOM', delimiter: ';' });
    expect(sheet.table.columns).toEqual(CUSTOMERS[0]);
    expect(sheet.table.rows).toEqual(CUSTOMERS.slice(1));
    expect(sheet.table.rowNumbers).toEqual([2, 3, 4]);
  });

  it('reads Excel’s “Unicode text” (UTF-16 LE, tabs) and the same in UTF-16 BE', async () => {
    for (const bytes of [excelUnicodeText(CUSTOMERS), unicodeTextBigEndian(CUSTOMERS)]) {
      const sheet = await read(bytes);
      expect(sheet.delimiter).toBe('\t');
      expect(sheet.table.rows).toEqual(CUSTOMERS.slice(1));
    }
    expect((await read(excelUnicodeText(CUSTOMERS))).encoding).toBe('UTF-16 LE');
    expect((await read(unicodeTextBigEndian(CUSTOMERS))).encoding).toBe('UTF-16 BE');
    // Without its byte-order mark (some tools drop it), UTF-16 still shows in the zero bytes.
    const noMark = await read(excelUnicodeText(CUSTOMERS).subarray(2));
    expect(noMark).toMatchObject({ encoding: 'UTF-16 LE', delimiter: '\t' });
    expect(noMark.table.rows).toEqual(CUSTOMERS.slice(1));
  });

  it('reads Windows-1252 (é, £, € and curly quotes) when the bytes are not UTF-8', async () => {
    const rows: Rows = [
      ['Name', 'Phone', 'Offer'],
      ['Renée', '0412 345 678', '£5 off – “today” €3'],
    ];
    const sheet = await read(windows1252Csv(rows));
    expect(sheet.encoding).toBe('Windows-1252');
    expect(sheet.table.rows).toEqual([['Renée', '0412 345 678', '£5 off – “today” €3']]);
  });

  it('reads Google Sheets CSV (UTF-8 without BOM, no final line break) and LibreOffice’s quoted text cells', async () => {
    for (const bytes of [googleSheetsCsv(CUSTOMERS), libreOfficeCsv(CUSTOMERS)]) {
      const sheet = await read(bytes);
      expect(sheet).toMatchObject({ encoding: 'UTF-8', delimiter: ',' });
      expect(sheet.table.rows).toEqual(CUSTOMERS.slice(1));
    }
  });

  it('follows Excel’s "sep=" line, skips blank rows but keeps the spreadsheet’s row numbers, and reads ="…" text cells', async () => {
    const sheet = await read(Buffer.from('sep=;\r\nName;Phone\r\nJo;="0412 345 678"\r\n;\r\n\r\nAl;0412 345 679\r\n;;\r\n'));
    expect(sheet.delimiter).toBe(';');
    expect(sheet.table.rows).toEqual([
      ['Jo', '0412 345 678'],
      ['Al', '0412 345 679'],
    ]);
    expect(sheet.table.rowNumbers).toEqual([2, 5]);
  });

  it('reads a one-column file', async () => {
    const sheet = await read(Buffer.from('Phone\n0412 345 678\n0412 345 679\n'));
    expect(sheet.table.columns).toEqual(['Phone']);
    expect(sheet.table.rows).toHaveLength(2);
  });

  it('names columns from the header: trimmed, empty ones after their letter, repeats numbered', async () => {
    expect(columnNames([' Name ', '', 'name', 'Phone', 'Phone', ''])).toEqual(['Name', 'Column B', 'name (2)', 'Phone', 'Phone (2)', 'Column F']);
    // Trailing columns with no name and no values are the spreadsheet's layout, not data.
    const sheet = await read(Buffer.from('Name,Phone,,\r\nJo,0412 345 678,,\r\n'));
    expect(sheet.table.columns).toEqual(['Name', 'Phone']);
    expect(sheet.table.rows).toEqual([['Jo', '0412 345 678']]);
  });
});

describe('reading .xlsx workbooks', () => {
  it('lists the sheets, reads the first, and reads numbers as exact digits and dates as dates', async () => {
    const bytes = await xlsxWorkbook([
      {
        name: 'Customers',
        rows: [
          ['Name', 'Phone', 'Joined', 'Spent', 'VIP'],
          ['Numeric phone', 61412345678, new Date(Date.UTC(2024, 2, 5)), 12.5, true],
          ['Text phone', '0412 345 679', { value: new Date(Date.UTC(2024, 2, 5, 14, 30)), format: 'dd/mm/yyyy hh:mm' }, 100, false],
          ['Big number', 447912345678, null, 0.1, null],
        ],
      },
      { name: 'Old list', rows: [['Who', 'Tel'], ['Kim', 4155552671]] },
    ]);
    const sheet = await read(bytes);
    expect(sheet).toMatchObject({ kind: 'xlsx', sheets: ['Customers', 'Old list'], sheet: 'Customers' });
    expect(sheet.table.columns).toEqual(['Name', 'Phone', 'Joined', 'Spent', 'VIP']);
    expect(sheet.table.rows).toEqual([
      ['Numeric phone', '61412345678', '2024-03-05', '12.5', 'TRUE'],
      ['Text phone', '0412 345 679', '2024-03-05 14:30', '100', 'FALSE'],
      ['Big number', '447912345678', '', '0.1', ''],
    ]);
    const other = await read(bytes, 'Old list');
    expect(other.table.rows).toEqual([['Kim', '4155552671']]);
    await expect(read(bytes, 'Missing')).rejects.toThrow(/no sheet called “Missing”/);
  });

  it('writes numbers out in plain digits, whatever form the file stores them in', () => {
    expect(numberText('61412345678')).toBe('61412345678');
    expect(numberText('6.1412345678E10')).toBe('61412345678');
    expect(numberText('4.47912345678E+11')).toBe('447912345678');
    expect(numberText('1e+21')).toBe('1000000000000000000000');
    expect(numberText('12.50')).toBe('12.5');
    expect(numberText('100.0')).toBe('100');
    expect(numberText('1.5E-3')).toBe('0.0015');
    expect(numberText('-3')).toBe('-3');
  });

  it('reads by content, not by name: an .xlsx called .csv is a workbook, a CSV called .xlsx is text', async () => {
    const dir = tempDir();
    const workbook = await xlsxWorkbook([{ name: 'Sheet1', rows: [['Name', 'Phone'], ['Jo', '0412 345 678']] }]);
    expect((await readSpreadsheet(onDisk(dir, 'renamed.csv', workbook))).kind).toBe('xlsx');
    expect((await readSpreadsheet(onDisk(dir, 'renamed.xlsx', googleSheetsCsv([['Name', 'Phone'], ['Jo', '0412 345 678']])))).kind).toBe('csv');
  });
});

describe('files that are refused, with a sentence', () => {
  const refusal = async (bytes: Uint8Array): Promise<string> => {
    try {
      await read(bytes);
    } catch (error) {
      expect(error).toMatchObject({ code: 'validation' });
      return (error as Error).message;
    }
    throw new Error('the file was accepted');
  };

  it('refuses empty files', async () => {
    expect(await refusal(Buffer.alloc(0))).toBe('The file is empty.');
    expect(await refusal(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('The file is empty.');
    expect(await refusal(Buffer.from(',,,\r\n,,\r\n'))).toMatch(/no rows with anything/);
  });

  it('refuses programs, pictures, old .xls files and ZIP files that are not workbooks', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
    expect(await refusal(elf)).toMatch(/program file/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.alloc(40)]);
    expect(await refusal(png)).toMatch(/not text or a spreadsheet/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect(await refusal(xls)).toMatch(/old Excel file \(\.xls\)/);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    expect(await refusal(zip)).toMatch(/not an Excel workbook/);
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 31 || 1));
    expect(await refusal(noise)).toMatch(/not text or a spreadsheet/);
  });

  it('refuses a file without a header row, naming what row 1 looks like', async () => {
    expect(await refusal(Buffer.from('0412 345 678,Jo\r\n0412 345 679,Al\r\n'))).toMatch(/row 1 looks like data \(0412 345 678, Jo\)/);
  });

  it('refuses a header with no rows under it', async () => {
    expect(await refusal(Buffer.from('Name,Phone\r\n'))).toMatch(/column names \(row 1\) but no rows/);
  });

  it('refuses ragged rows and says which', async () => {
    const message = await refusal(Buffer.from('Name,Phone,City\r\nJo,0412 345 678,Perth\r\nAl,0412 345 679\r\nKim,0412 345 680,Perth,extra\r\nLee,1\r\nMo,2\r\nNo,3\r\n'));
    expect(message).toMatch(/^Rows 3, 5 and 6 have fewer values than the 3 column names, and row 4 has more values than the 3 columns \(and 1 more row like them\)\./);
  });

  it('refuses a quote that never closes, with its row', async () => {
    expect(await refusal(Buffer.from('Name,Phone\r\nJo,0412 345 678\r\n"Al,0412 345 679\r\nKim,0412\r\n'))).toMatch(/^Row 3 opens a quote/);
  });

  it('refuses files over the size bound and tables over the row bound', async () => {
    const builder = new TableBuilder();
    builder.add(1, ['Phone']);
    const cells = ['0412 345 678'];
    expect(() => {
      for (let row = 2; row <= 1_000_002; row++) builder.add(row, cells);
    }).toThrow(/more than 1,000,000 rows/);
  });
});

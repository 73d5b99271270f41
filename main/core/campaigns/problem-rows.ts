import { ExcelText, toCsv, type CsvValue } from '../export/csv';
import type { CheckRun } from './check';
import type { Table } from './table';

/**
 * The rows that will not be sent, as a CSV to fix in Excel and load again: the file's own
 * columns plus "Problem". UTF-8 with a byte-order mark so Excel reads accents and emoji; number
 * cells that Excel would change (a leading 0 or "+", 12 digits and more) and the whole phone
 * column are written so Excel keeps them as text, and the reader takes them back as they were.
 */

/** Number-like text whose digits or form Excel would change when it opens the file. */
const EXCEL_WOULD_CHANGE = /^(?:\+\d+|0\d+|\d{12,})$/;

/** A row's own cells, written so Excel keeps the phone column and number-like cells as the text they are. */
export function excelSafeCells(cells: readonly string[], phoneColumn: number): CsvValue[] {
  return cells.map((cell, column) => (column === phoneColumn || EXCEL_WOULD_CHANGE.test(cell) ? new ExcelText(cell) : cell));
}

export function problemRowsCsv(table: Table, run: CheckRun, phoneColumn: number): { bytes: Uint8Array; rows: number } {
  // A file that is itself a problem-rows download keeps one "Problem" column, with today's reasons.
  const existing = table.columns.findIndex((c) => c.toLowerCase() === 'problem');
  const header = existing >= 0 ? [...table.columns] : [...table.columns, 'Problem'];
  const problemColumn = existing >= 0 ? existing : table.columns.length;
  const problems = run.page('problems', 0, Number.MAX_SAFE_INTEGER).positions;
  return toCsv(
    header,
    (function* (): Generator<CsvValue[]> {
      for (const position of problems) {
        const cells = table.rows[position] ?? [];
        const row = excelSafeCells(cells, phoneColumn);
        row[problemColumn] = run.describe(position).reason ?? '';
        yield row;
      }
    })(),
  );
}

import { CAMPAIGN_LIMITS } from '../../../shared/campaigns';
import { readCsv, type Delimiter } from './csv-reader';
import { decodeText, fileKind, refuseFile, yieldToEvents, type TextEncoding } from './file-kind';
import { TableBuilder, type Table } from './table';
import { readWorkbook } from './xlsx-reader';

/** A spreadsheet file read into a table, whatever it is: CSV or "Unicode text" in any encoding, or an .xlsx sheet. */
export interface Spreadsheet {
  kind: 'csv' | 'xlsx';
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  sheets: string[];
  sheet: string | null;
  table: Table;
}

const MB = 1024 * 1024;

export function refuseTooBig(size: number, limit: number): void {
  // Rounded up, so a file just over the bound does not read as "20 MB; the most is 20 MB".
  if (size > limit) throw refuseFile(`The file is ${(Math.ceil((size / MB) * 10) / 10).toLocaleString('en')} MB; the most a campaign file can be is ${Math.round(limit / MB)} MB. Split it into smaller files.`);
}

export async function readSpreadsheet(bytes: Uint8Array, sheet?: string): Promise<Spreadsheet> {
  refuseTooBig(bytes.length, CAMPAIGN_LIMITS.fileBytes);
  const kind = fileKind(bytes);
  const builder = new TableBuilder();
  if (kind.kind === 'xlsx') {
    const book = await readWorkbook(bytes, sheet);
    for (let i = 0; i < book.rows.length; i++) {
      builder.add(i + 1, book.rows[i] as string[]);
      if (i % 20_000 === 19_999) await yieldToEvents();
    }
    return { kind: 'xlsx', encoding: null, delimiter: null, sheets: book.sheets, sheet: book.sheet, table: builder.finish() };
  }
  const { text, encoding } = await decodeText(bytes, kind.encoding);
  const { delimiter } = await readCsv(text, (row, cells) => builder.add(row, cells));
  return { kind: 'csv', encoding, delimiter, sheets: [], sheet: null, table: builder.finish() };
}

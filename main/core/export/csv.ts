import { formatIsoWithOffset } from '../../../shared/dates';
import { decodeMessageBody, messagePreview } from '../../../shared/messages';
import { statusLabels, type NormalizedStatus } from '../../../shared/status';
import type { MessageRow } from '../db/history-queries';

/**
 * CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so Excel
 * reads names and emoji correctly. Cells that a spreadsheet would run as a formula are defused.
 */

const BOM = '\uFEFF';

/**
 * A value Excel must keep as text (a phone number: Excel drops its leading 0 or "+", and shows 12
 * or more digits as 6.14123E+11, which a later save writes as the lost digits). Written as
 * ="0412 345 678", which Excel and Google Sheets show as the text itself. Only number-like text
 * takes this form, so it can never carry a formula of its own.
 */
export class ExcelText {
  constructor(readonly text: string) {}
}

export type CsvValue = string | number | null | undefined | ExcelText;

const NUMBER_LIKE = /^\+?[\d ().-]*\d[\d ().-]*$/;

export function csvCell(value: CsvValue): string {
  if (value instanceof ExcelText) return NUMBER_LIKE.test(value.text) ? `"=""${value.text}"""` : csvCell(value.text);
  let text = value === null || value === undefined ? '' : String(value);
  // Anything a spreadsheet could run as a formula ("=…", "@…", "+1+HYPERLINK(…)", "-1+cmd|…") gets
  // a leading quote; plain numbers and phone numbers (+61 412 345 678, -5) stay as they are.
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?[\d\s().-]+$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): { bytes: Uint8Array; rows: number } {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return { bytes: Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8'), rows: lines.length - 1 };
}

export const MESSAGE_CSV_HEADER = ['Date', 'Direction', 'Number', 'Name', 'Type', 'Message', 'Status', 'SMSGlobal status', 'SMSGlobal id'] as const;

/** This computer's zone: exports show the times the app shows, with the offset written out. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function messageCsvRow(row: MessageRow, name: string | null, timeZone: string): (string | number | null)[] {
  const content = decodeMessageBody(row.raw_message);
  return [
    formatIsoWithOffset(row.created_at, timeZone),
    row.direction === 'in' ? 'Received' : 'Sent',
    row.contact,
    name,
    content.type,
    content.type === 'text' ? content.text : messagePreview(content),
    row.status ? statusLabels[row.status as NormalizedStatus] : null,
    [row.status_raw, row.state_raw].filter(Boolean).join(' / ') || null,
    row.provider_id,
  ];
}

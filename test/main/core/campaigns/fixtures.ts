import fs from 'node:fs';
import path from 'node:path';
import writeExcelFile from 'write-excel-file/node';

/**
 * Customer lists as spreadsheet programs write them, made in the test (no binary fixtures in the
 * repository): the bytes each program produces for the same rows.
 */

export type Rows = readonly (readonly string[])[];

const quote = (separator: string, always = false) => (cell: string): string =>
  always || cell.includes(separator) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;

const lines = (rows: Rows, separator: string, newline: string, always = false): string => rows.map((r) => r.map(quote(separator, always)).join(separator)).join(newline);

/** Excel in most of Europe, "CSV UTF-8": byte-order mark, semicolons, CRLF, a final line break. */
export const europeanExcelCsv = (rows: Rows): Buffer => Buffer.from(`\uFEFF${lines(rows, ';', '\r\n')}\r\n`, 'utf8');

/** Excel's "Unicode text": UTF-16 LE with a byte-order mark, tab-separated, CRLF. */
export const excelUnicodeText = (rows: Rows): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines(rows, '\t', '\r\n')}\r\n`, 'utf16le')]);

/** The same as UTF-16 BE (some Mac tools). */
export const unicodeTextBigEndian = (rows: Rows): Buffer => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${lines(rows, '\t', '\r\n')}\r\n`, 'utf16le').swap16()]);

/** Older Excel on Windows, "CSV (Comma delimited)": Windows-1252, no byte-order mark. */
export function windows1252Csv(rows: Rows): Buffer {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96 };
  const text = `${lines(rows, ',', '\r\n')}\r\n`;
  return Buffer.from([...text].map((c) => special[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
}

/** Google Sheets' "Download → CSV": UTF-8 without a byte-order mark, commas, no final line break. */
export const googleSheetsCsv = (rows: Rows): Buffer => Buffer.from(lines(rows, ',', '\r\n'), 'utf8');

/** LibreOffice Calc with "Quote all text cells": UTF-8, commas, LF. */
export const libreOfficeCsv = (rows: Rows): Buffer => Buffer.from(`${lines(rows, ',', '\n', true)}\n`, 'utf8');

export type XlsxCell = string | number | boolean | Date | null | { value: Date; format: string };

/** An .xlsx workbook as write-excel-file writes it (the same structure Excel writes). */
export async function xlsxWorkbook(sheets: { name: string; rows: readonly (readonly XlsxCell[])[] }[]): Promise<Buffer> {
  const data = sheets.map((s) => ({ sheet: s.name, data: s.rows.map((r) => r.map((c) => (c instanceof Date ? { value: c, format: 'yyyy-mm-dd' } : c))) }));
  return writeExcelFile(data as Parameters<typeof writeExcelFile>[0]).toBuffer();
}

/** Writes the bytes to a file and reads them back: the app reads real files from disk. */
export function onDisk(dir: string, name: string, bytes: Uint8Array): Buffer {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return fs.readFileSync(file);
}

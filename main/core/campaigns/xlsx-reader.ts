import readExcelFile, { InvalidInputError, readSheet, SheetNotFoundError } from 'read-excel-file/node';
import { AppError } from '../../../shared/result';
import { refuseFile } from './file-kind';

/**
 * Excel workbooks (.xlsx) through read-excel-file. Every cell becomes the text a person sees:
 * numbers as their exact digits (a phone number stored as a number is 61412345678, never
 * 6.1412345678E10 or 61412345678.0), dates as dates, TRUE/FALSE as words.
 */

export interface Workbook {
  sheets: string[];
  sheet: string;
  rows: string[][];
}

/** Numbers exactly as the file stores them, written out in plain digits. */
export function numberText(raw: string): string {
  const text = raw.trim();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return text;
  const sign = match[1] === '-' ? '-' : '';
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0');
  // Move the decimal point by the exponent over the digit string: no floating point involved.
  const digits = whole + fraction;
  let point = whole.length + exponent;
  let padded = digits;
  if (point < 0) {
    padded = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) padded = digits + '0'.repeat(point - digits.length);
  const integer = padded.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const decimals = padded.slice(point).replace(/0+$/, '');
  const value = decimals ? `${integer}.${decimals}` : integer;
  return value === '0' ? '0' : sign + value;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * A date cell as text. read-excel-file gives the moment in UTC without the cell's display format,
 * so dates read as 2024-03-05 (with the time when there is one): unambiguous wherever the file
 * was made, where 05/03/2024 is not.
 */
export function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const seconds = date.getUTCSeconds();
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}${seconds ? `:${two(seconds)}` : ''}`;
  // Excel keeps a time of day without a date as a day in 1899 (its day zero).
  if (date.getUTCFullYear() < 1900) return time;
  return time === '00:00' ? day : `${day} ${time}`;
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return numberText(String(value));
  if (value instanceof Date) return dateText(value);
  // read-excel-file gives nothing else; anything new reads as an empty cell rather than "[object Object]".
  return '';
}

const options = { parseNumber: (text: string): string => text };

function readable(error: unknown): Error {
  if (error instanceof InvalidInputError && error.code === 'NO_DATA') return refuseFile('The file is empty.');
  if (error instanceof SheetNotFoundError) return refuseFile(`The workbook has no sheet called “${String(error.sheet)}”.`);
  return refuseFile('This file looks like a ZIP archive but is not an Excel workbook that can be read (it may be damaged, or a Word or other document). Open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8.');
}

const toRows = (data: readonly (readonly unknown[])[]): string[][] => data.map((row) => row.map(cellText));

/** The workbook's sheet names and the rows of one sheet (the first unless `sheet` is named). */
export async function readWorkbook(bytes: Uint8Array, sheet?: string): Promise<Workbook> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (sheet === undefined) {
      const all = await readExcelFile(buffer, options);
      const first = all[0];
      if (!first) throw refuseFile('The workbook has no sheets.');
      return { sheets: all.map((s) => s.sheet), sheet: first.sheet, rows: toRows(first.data) };
    }
    const data = await readSheet(buffer, sheet, options);
    return { sheets: [], sheet, rows: toRows(data) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw readable(error);
  }
}

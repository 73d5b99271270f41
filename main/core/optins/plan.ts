import Papa from 'papaparse';
import type { CountryCode } from 'libphonenumber-js';
import type { CsvInspectResult, NumberSource, OptInPlan } from '../../../shared/optins';
import { isExcelScientific, parsePhone } from '../../../shared/phone';
import { AppError } from '../../../shared/result';
import { textVerdict } from '../files/text-detect';

/** Reading numbers from a CSV file or a pasted list, and checking them before anything is sent. */

const refuse = (reason: string): AppError => new AppError({ code: 'validation', message: reason, fields: { file: [reason] } });

export function parseCsv(text: string): { rows: string[][]; delimiter: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw refuse('The file is empty: there are no rows in it.');
  const verdict = textVerdict(body);
  if (!verdict.text) throw refuse(verdict.reason);
  const result = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  // An unclosed quote swallows every row after it into one cell: refuse rather than lose them.
  const fatal = result.errors.find((e) => e.code === 'MissingQuotes') ?? (result.data.length === 0 ? result.errors.find((e) => e.type === 'Quotes' || e.code === 'UndetectableDelimiter') : undefined);
  if (fatal) {
    // Papaparse's own words ("Unable to auto-detect delimiting character") mean nothing to a shop owner.
    throw refuse(
      fatal.type === 'Quotes'
        ? `Row ${(fatal.row ?? 0) + 1} has a quote mark (") that is never closed, so the rows after it cannot be told apart. Fix it in the spreadsheet and save it as CSV again.`
        : 'No rows could be read from the file. Save the spreadsheet as CSV (comma-separated) and choose it again.',
    );
  }
  return { rows: result.data.map((row) => row.map((cell) => String(cell).trim())), delimiter: result.meta.delimiter };
}

const looksLikeHeader = (row: string[]): boolean => row.some((cell) => /[a-z]{3,}/i.test(cell)) && !row.some((cell) => /\d{6,}/.test(cell.replace(/\D/g, '')));

export function inspectCsv(text: string): CsvInspectResult {
  const { rows, delimiter } = parseCsv(text);
  if (rows.length === 0) throw refuse('The file is empty: there are no rows in it.');
  const first = rows[0] as string[];
  const width = Math.max(...rows.slice(0, 50).map((r) => r.length));
  const hasHeader = looksLikeHeader(first);
  const headers = hasHeader ? first.map((h, i) => h || `Column ${i + 1}`) : Array.from({ length: width }, (_, i) => `Column ${i + 1}`);
  const body = hasHeader ? rows.slice(1) : rows;
  return { headers, sample: body.slice(0, 20), rowCount: body.length, delimiter };
}

interface Candidate {
  row: number;
  input: string;
  name: string;
}

function candidates(source: NumberSource): Candidate[] {
  if (source.kind === 'csv') {
    const { rows } = parseCsv(source.text);
    const body = rows.length > 0 && looksLikeHeader(rows[0] as string[]) ? rows.slice(1) : rows;
    const offset = rows.length - body.length;
    return body.map((cells, i) => ({
      row: i + 1 + offset,
      input: cells[source.numberColumn] ?? '',
      name: source.nameColumn !== undefined ? (cells[source.nameColumn] ?? '') : '',
    }));
  }
  return source.text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), row: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, row }) => {
      // "Jane Smith, 0412 345 678" or "0412 345 678 Jane Smith": the part with letters is the name
      // (but Excel's 6.14123E+10 is a damaged number, which parsePhone explains).
      if (isExcelScientific(line)) return { row, input: line, name: '' };
      const parts = line.split(/[,;\t]/).map((p) => p.trim()).filter(Boolean);
      if (parts.length >= 2) {
        const numberPart = parts.find((p) => !/\p{L}/u.test(p)) ?? parts.find(isExcelScientific) ?? parts[0] ?? '';
        return { row, input: numberPart, name: parts.filter((p) => p !== numberPart).join(' ') };
      }
      const match = /^([+\d\s().-]{6,}|[+-]?\d+(?:[.,]\d+)?e[+-]?\d+)\s+(\D.*)$/i.exec(line) ?? null;
      return match ? { row, input: (match[1] ?? '').trim(), name: (match[2] ?? '').trim() } : { row, input: line, name: '' };
    });
}

/** Normalizes and checks every number; nothing is sent. `known` holds the numbers already opted in. */
export function planNumbers(source: NumberSource, defaultCountry: CountryCode, known: ReadonlyMap<string, string>): OptInPlan {
  const plan: OptInPlan = { valid: [], invalid: [], duplicates: [], alreadyOptedIn: [] };
  const firstRow = new Map<string, number>();
  for (const c of candidates(source)) {
    const parsed = parsePhone(c.input, defaultCountry);
    if (!parsed.ok) {
      plan.invalid.push({ row: c.row, input: c.input, reason: parsed.reason });
      continue;
    }
    const seen = firstRow.get(parsed.digits);
    if (seen !== undefined) {
      plan.duplicates.push({ row: c.row, input: c.input, number: parsed.digits, firstRow: seen });
      continue;
    }
    firstRow.set(parsed.digits, c.row);
    if (known.has(parsed.digits)) {
      plan.alreadyOptedIn.push({ row: c.row, number: parsed.digits, name: known.get(parsed.digits) ?? '' });
      continue;
    }
    plan.valid.push({ row: c.row, input: c.input, name: c.name.slice(0, 200), number: parsed.digits, international: parsed.international });
  }
  return plan;
}

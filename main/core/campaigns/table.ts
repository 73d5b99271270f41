import { CAMPAIGN_LIMITS } from '../../../shared/campaigns';
import { refuseFile } from './file-kind';

/**
 * A spreadsheet as rows of text under named columns. The first row that is not blank names the
 * columns; every other row must fit under them. Row numbers are the spreadsheet's own (the header
 * is row 1 when the file starts with it), so "row 17" means the same thing in the app and in Excel.
 */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** rowNumbers[i] is the spreadsheet row of rows[i]. */
  readonly rowNumbers: readonly number[];
}

/** "A", "B" … "Z", "AA": the letters spreadsheets show above a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Header cells as column names: trimmed, an empty one named after its letter, repeats numbered. */
export function columnNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((cell, i) => {
    const base = cell.replace(/\s+/g, ' ').trim() || `Column ${columnLetter(i)}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.set(name.toLowerCase(), i);
    return name;
  });
}

const blank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** A first row that names no columns: nothing in it has a letter, or a cell is a phone number. */
const looksLikeData = (cells: readonly string[]): boolean =>
  !cells.some((c) => /\p{L}/u.test(c)) || cells.some((c) => /^\+?[\d\s().-]+$/.test(c.trim()) && c.replace(/\D/g, '').length >= 6);

interface Ragged {
  row: number;
}

const listRows = (rows: readonly number[]): string => {
  if (rows.length === 1) return `row ${rows[0]}`;
  return `rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`;
};

/** Collects rows one at a time (the readers stream them) and refuses what cannot be a table. */
export class TableBuilder {
  private header: string[] | null = null;
  private headerRow = 0;
  /** Columns up to the last one with a name; rows may stop after it. */
  private named = 0;
  private readonly rows: string[][] = [];
  private readonly rowNumbers: number[] = [];
  private readonly fewer: Ragged[] = [];
  private readonly more: Ragged[] = [];
  private raggedCount = 0;

  add(row: number, cells: string[]): void {
    if (blank(cells)) return;
    if (this.header === null) {
      if (cells.length > CAMPAIGN_LIMITS.columns) throw refuseFile(`The file has ${cells.length.toLocaleString('en')} columns; the most a campaign file can have is ${CAMPAIGN_LIMITS.columns}.`);
      if (looksLikeData(cells)) {
        const shown = cells.filter((c) => c.trim() !== '').slice(0, 3).join(', ');
        throw refuseFile(`The first row should name the columns (for example Name, Phone), but row ${row} looks like data (${shown}). Add a row with column names at the top and load the file again.`);
      }
      this.header = cells;
      this.headerRow = row;
      this.named = cells.reduce((last, c, i) => (c.trim() === '' ? last : i + 1), 0);
      return;
    }
    const width = this.header.length;
    if (cells.length < this.named) this.ragged(this.fewer, row);
    else if (cells.length > width && !blank(cells.slice(width))) this.ragged(this.more, row);
    if (this.rows.length >= CAMPAIGN_LIMITS.rows) {
      throw refuseFile(`The file has more than ${CAMPAIGN_LIMITS.rows.toLocaleString('en')} rows; split it into smaller files.`);
    }
    if (cells.length !== width) cells = cells.length > width ? cells.slice(0, width) : [...cells, ...Array<string>(width - cells.length).fill('')];
    this.rows.push(cells);
    this.rowNumbers.push(row);
  }

  private ragged(list: Ragged[], row: number): void {
    this.raggedCount++;
    if (list.length < 3) list.push({ row });
  }

  finish(): Table {
    const header = this.header;
    if (header === null) throw refuseFile('The file is empty: it has no rows with anything in them.');
    if (this.raggedCount > 0) throw refuseFile(this.raggedMessage(header.length));
    if (this.rows.length === 0) throw refuseFile(`The file has column names (row ${this.headerRow}) but no rows under them.`);
    // Trailing columns with neither a name nor a value are left over from the spreadsheet's layout.
    let width = header.length;
    while (width > this.named && this.rows.every((r) => (r[width - 1] ?? '').trim() === '')) width--;
    const rows = width === header.length ? this.rows : this.rows.map((r) => r.slice(0, width));
    return { columns: columnNames(header.slice(0, width)), rows, rowNumbers: this.rowNumbers };
  }

  private raggedMessage(width: number): string {
    const others = this.raggedCount - this.fewer.length - this.more.length;
    const parts: string[] = [];
    if (this.fewer.length > 0) parts.push(`${listRows(this.fewer.map((r) => r.row))} ${this.fewer.length === 1 ? 'has' : 'have'} fewer values than the ${this.named} column names`);
    if (this.more.length > 0) parts.push(`${listRows(this.more.map((r) => r.row))} ${this.more.length === 1 ? 'has' : 'have'} more values than the ${width} columns`);
    const sentence = parts.join(', and ');
    const more = others > 0 ? ` (and ${others.toLocaleString('en')} more ${others === 1 ? 'row' : 'rows'} like them)` : '';
    return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${more}. A value probably has the separator or a line break in it without quotes; save the file again from your spreadsheet program, or fix those rows.`;
  }
}

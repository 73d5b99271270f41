import Papa from 'papaparse';
import { refuseFile } from './file-kind';

/**
 * CSV and "Unicode text" as spreadsheet programs save them: the separator is a comma, a semicolon
 * (Excel in most of Europe) or a tab (Excel's "Unicode text"); fields may be quoted, with doubled
 * quotes and line breaks inside. Rows are handed over as they are read, a slice of the file at a
 * time with a pause between slices, so a large file does not stop main from answering.
 */

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: readonly Delimiter[] = ['\t', ';', ','];

/** Excel writes and reads a first line "sep=;" naming the separator; it is not a row of the sheet. */
const SEP_LINE = /^sep=([,;\t])\r?\n/i;

/** The separator is the one the header line uses most (outside quotes); a one-column file has none. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const char = text[i] as string;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/**
 * A cell Excel was told to keep as text when the file was written for it ("=""0412 345 678""",
 * which is how the problem-rows download keeps numbers as text) reads as its text.
 */
export function unwrapTextFormula(cell: string): string {
  if (cell.length < 3 || cell.charCodeAt(0) !== 61 /* = */ || cell[1] !== '"' || !cell.endsWith('"')) return cell;
  const inner = cell.slice(2, -1);
  return /^(?:[^"]|"")*$/.test(inner) ? inner.replaceAll('""', '"') : cell;
}

const CHUNK_BYTES = 256 * 1024;

export async function readCsv(source: string, onRow: (row: number, cells: string[]) => void): Promise<{ delimiter: Delimiter }> {
  let text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const sep = SEP_LINE.exec(text);
  let delimiter: Delimiter;
  if (sep) {
    delimiter = (sep[1] === '\t' ? '\t' : sep[1]) as Delimiter;
    text = text.slice(sep[0].length);
  } else delimiter = detectDelimiter(text);
  if (text.trim() === '') throw refuseFile('The file is empty.');
  let records = 0;
  const outcome: { failure: Error | null } = { failure: null };
  await new Promise<void>((resolve) => {
    Papa.parse<string[]>(text, {
      delimiter,
      quoteChar: '"',
      escapeChar: '"',
      skipEmptyLines: false,
      chunkSize: CHUNK_BYTES,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        try {
          const quoteError = results.errors.find((e) => e.type === 'Quotes');
          if (quoteError) {
            const row = records + (quoteError.row ?? 0) + 1;
            throw refuseFile(
              quoteError.code === 'MissingQuotes'
                ? `Row ${row} opens a quote (") that never closes, so the rest of the file would run into one cell. Save the file again from your spreadsheet program, or fix that row.`
                : `Row ${row} has a quote (") in the middle of a value. Save the file again from your spreadsheet program, or fix that row.`,
            );
          }
          for (const cells of results.data) {
            records++;
            for (let i = 0; i < cells.length; i++) cells[i] = unwrapTextFormula(cells[i] as string);
            onRow(records, cells);
          }
        } catch (error) {
          outcome.failure = error instanceof Error ? error : new Error(String(error));
          parser.abort();
          resolve();
          return;
        }
        parser.pause();
        setImmediate(() => parser.resume());
      },
      complete: () => resolve(),
    });
  });
  if (outcome.failure) throw outcome.failure;
  return { delimiter };
}

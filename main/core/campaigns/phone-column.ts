import type { NumberReading } from './phone-reader';
import type { Table } from './table';

/**
 * Which column holds the phone numbers: the one whose name says so (in the languages shops write
 * their headers in), else the one where most values read as phone numbers. The user can change it.
 */

/**
 * Header words, best first: a "WhatsApp" column beats "Mobile", which beats "Phone". A name alone
 * decides (a phone column Excel damaged is still the phone column).
 */
const NAMES: readonly RegExp[] = [
  /\bwhats\s?app\b|\bwa\b/,
  /\b(?:mobile|mobil|mob|cell|cellphone|handy|movil|celular|portable|cellulare|gsm|msisdn)\b/,
  /\b(?:phone|telephone|tel|telefon|telefono|telefone|fon)\b/,
];
/** Vaguer words ("Order number") count only when most of the column reads as phone numbers. */
const MAYBE = /\b(?:number|numero|nummer|num|no|contact)\b/;

/** Lowercase without accents, so Teléfono, TÉLÉPHONE and telefono read alike. */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const SAMPLE = 200;

export function guessPhoneColumn(table: Table, read: (input: string) => NumberReading): number | null {
  const names = table.columns.map(fold);
  for (const pattern of NAMES) {
    const index = names.findIndex((name) => pattern.test(name));
    if (index >= 0) return index;
  }
  const sample = table.rows.slice(0, SAMPLE);
  const share = (column: number): number => sample.filter((r) => /\d{6}/.test((r[column] ?? '').replace(/\D/g, '')) && read(r[column] ?? '').ok).length / sample.length;
  const shares = table.columns.map((_, column) => share(column));
  const named = names.findIndex((name, column) => MAYBE.test(name) && (shares[column] ?? 0) > 0.5);
  if (named >= 0) return named;
  let best: number | null = null;
  let bestShare = 0.5;
  shares.forEach((s, column) => {
    if (s > bestShare) [best, bestShare] = [column, s];
  });
  return best;
}

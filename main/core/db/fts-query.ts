/**
 * Turns what a user types into a safe FTS5 query: every word quoted (so operators and
 * punctuation are just text), all words required, the last one matched as a prefix while typing.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return index === words.length - 1 && word.length >= 2 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** Digits of a number filter ("+61 400-000" → "61400000"). */
export function digitsOf(text: string | undefined): string | null {
  const digits = (text ?? '').replace(/\D/g, '');
  return digits === '' ? null : digits;
}

/** The longest prefix messages_fts keeps an index for (migration 4: prefix = '2 3 4 5 6'). */
const LONGEST_INDEXED_PREFIX = 6;
/** More words than this under one typed prefix: the plain prefix query is used instead. */
export const MAX_EXPANDED_TERMS = 64;

const quote = (word: string): string => `"${word.replaceAll('"', '""')}"`;

/** A word the way the unicode61 tokenizer (remove_diacritics 2) stores it: lower case, no accents. */
export function foldToken(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The smallest string above every string that starts with `prefix` (for a term range). */
export function prefixUpperBound(prefix: string): string {
  const points = [...prefix];
  const last = points.pop() ?? '';
  return points.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}

/**
 * Turns what a user types into a safe FTS5 query: every word quoted (so operators and
 * punctuation are just text), all words required, the last one matched as a prefix while typing.
 * Returns null when nothing searchable is left.
 *
 * FTS5 answers a prefix longer than its longest prefix index by merging the whole doclist of
 * every matching word before it returns the newest hit (tens of ms for a common word on a
 * million messages, even typed in full). `wordsStartingWith` lists the indexed words that start
 * with such a prefix; they are then matched as exact words, which stream.
 */
export function toFtsQuery(text: string, wordsStartingWith?: (prefix: string) => string[]): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      if (index < words.length - 1 || word.length < 2) return quote(word);
      if (wordsStartingWith && [...word].length > LONGEST_INDEXED_PREFIX) {
        const terms = wordsStartingWith(foldToken(word));
        // None (a word with no match, or folded differently): the prefix query is right, and
        // fast when nothing matches.
        if (terms.length > 0 && terms.length <= MAX_EXPANDED_TERMS) return `(${terms.map(quote).join(' OR ')})`;
      }
      return `${quote(word)}*`;
    })
    .join(' AND ');
}

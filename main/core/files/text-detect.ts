/**
 * Is this file text? A program, a picture or random bytes renamed ".csv" must be refused with a
 * sentence, not read as thousands of rows of noise. Pure and cheap: it looks at the start only.
 *
 * Works on the text as the renderer decoded it (UTF-8, with U+FFFD for bytes that are not UTF-8)
 * or on raw bytes (decoded here the same way). A file in a legacy encoding (Windows-1252) keeps a
 * few U+FFFD for its accented letters and still counts as text.
 */

const SAMPLE = 64 * 1024;

export type TextVerdict = { text: true } | { text: false; reason: string };

export const NOT_TEXT_REASON =
  'This file is not text: it looks like a program, a picture or another kind of file. Choose the spreadsheet saved as CSV (in Excel: File → Save As → CSV UTF-8).';
export const UTF16_REASON =
  'This file is saved as “Unicode Text” (UTF-16), which the app cannot read as CSV. In Excel, use File → Save As → CSV UTF-8, then choose the new file.';

/** The verdict for decoded text (see the module comment). */
export function textVerdict(text: string): TextVerdict {
  const sample = text.slice(0, SAMPLE);
  if (sample.length === 0) return { text: true };
  let nul = 0;
  let control = 0;
  let replaced = 0;
  for (const char of sample) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0) nul += 1;
    else if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f || (code >= 0x80 && code < 0xa0)) control += 1;
    else if (code === 0xfffd) replaced += 1;
  }
  // UTF-16 text: every other byte of ASCII is 0, after a byte-order mark UTF-8 cannot read.
  if (nul > 0 && nul >= sample.length / 4 && /^(\uFFFD\uFFFD|\uFEFF)?[^\0]?\0/.test(sample)) return { text: false, reason: UTF16_REASON };
  // Text never holds NUL; a few stray control characters happen, a tenth of undecodable bytes does not.
  if (nul > 0 || control > sample.length / 100 || replaced > sample.length / 10) return { text: false, reason: NOT_TEXT_REASON };
  return { text: true };
}

/** The verdict for raw bytes. */
export function bytesVerdict(bytes: Uint8Array): TextVerdict {
  return textVerdict(new TextDecoder('utf-8').decode(bytes.subarray(0, SAMPLE)));
}

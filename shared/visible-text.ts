/**
 * Names and numbers come from customers, spreadsheets and SMSGlobal's lists, so they can carry
 * characters that hide or reorder text: NUL and other control characters, and the bidirectional
 * controls (U+202E RIGHT-TO-LEFT OVERRIDE turns "+61 412" into "214 16+"; an unclosed one runs on
 * into the number shown beside the name). Shown visibly, a name can no longer disguise itself or
 * its neighbour. Joiners (U+200C, U+200D), which emoji and several scripts need, stay as they are.
 */

/** Control characters (Cc), the bidi marks, embeddings, overrides and isolates, and the line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  // C0 controls and DEL have their own printable pictures (␀ ␉ ␊ … ␡).
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The text with every hidden or reordering character replaced by a visible stand-in. */
export function showHiddenCharacters(text: string): string {
  return text.replace(HIDDEN, visible);
}

/** The same class without the global flag, so test() keeps no state between calls. */
const ANY_HIDDEN = new RegExp(HIDDEN.source);

/** True when the text holds a character showHiddenCharacters would replace. */
export function hasHiddenCharacters(text: string): boolean {
  return ANY_HIDDEN.test(text);
}

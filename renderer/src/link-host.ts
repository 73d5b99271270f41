/**
 * What the link confirmation tells the user about a link from a message: the full address as it
 * will be opened and the host the browser will really contact. A host written in other alphabets
 * travels as punycode (`xn--pple-43d.com`); that form is what is shown, with its letters decoded
 * beside it and a warning when one name mixes alphabets (Cyrillic "а" among Latin letters is the
 * classic imitation of a well-known site).
 */

export interface LinkFacts {
  /** The address as the browser will open it: host in punycode, path and query percent-encoded. */
  href: string;
  /** The host the browser will contact, exactly (ASCII; punycode left as such). */
  host: string;
  /** True when some part of the host is an international name (an `xn--` label). */
  punycode: boolean;
  /** The host in its own letters, when it is punycode (or null if it cannot be decoded). */
  unicodeHost: string | null;
  /** The alphabets one part of the host mixes, when it mixes any (else empty). */
  mixedScripts: string[];
}

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const MAXINT = 0x7fffffff;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : Math.floor(delta / 2);
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) / 2) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 → 26-35
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z
  return BASE;
}

/**
 * RFC 3492 decoding of one label's punycode part (without `xn--`); null when it is not valid.
 * The browser has no punycode API and the renderer has no Node, hence these few lines.
 */
export function decodePunycode(input: string): string | null {
  const output: number[] = [];
  let n = 0x80;
  let i = 0;
  let bias = 72;
  const delimiter = input.lastIndexOf('-');
  for (let j = 0; j < Math.max(delimiter, 0); j++) {
    const code = input.charCodeAt(j);
    if (code >= 0x80) return null;
    output.push(code);
  }
  let index = delimiter > 0 ? delimiter + 1 : 0;
  while (index < input.length) {
    const previous = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const digit = digitValue(input.charCodeAt(index++));
      if (digit >= BASE || digit > Math.floor((MAXINT - i) / w)) return null;
      i += digit * w;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (digit < t) break;
      if (w > Math.floor(MAXINT / (BASE - t))) return null;
      w *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - previous, length, previous === 0);
    if (Math.floor(i / length) > MAXINT - n) return null;
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

/** Alphabets named in the warning; a letter of any other script counts as "another alphabet". */
const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Khmer', 'Ethiopic', 'Cherokee', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const);
const LETTER = /^\p{L}$/u;

/** Mixes that are normal within one name (Unicode's "highly restrictive" profile, UTS #39). */
const USUAL_MIXES: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

/** The alphabets of one host label's letters, in order of first appearance. */
export function scriptsOf(label: string): string[] {
  const found: string[] = [];
  for (const char of label) {
    if (!LETTER.test(char)) continue;
    const script = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'another alphabet';
    if (!found.includes(script)) found.push(script);
  }
  return found;
}

function mixes(scripts: string[]): boolean {
  return scripts.length > 1 && !USUAL_MIXES.some((usual) => scripts.every((s) => usual.includes(s)));
}

/** The facts about a link, or null when it is not a URL with a host. */
export function describeLink(raw: string): LinkFacts | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.hostname === '') return null;
  const labels = url.hostname.split('.');
  const punycode = labels.some((label) => label.toLowerCase().startsWith('xn--'));
  let unicodeHost: string | null = null;
  let mixedScripts: string[] = [];
  if (punycode) {
    const decoded = labels.map((label) => (label.toLowerCase().startsWith('xn--') ? decodePunycode(label.slice(4)) : label));
    if (decoded.every((label): label is string => label !== null)) {
      unicodeHost = decoded.join('.');
      mixedScripts = decoded.map(scriptsOf).find(mixes) ?? [];
    }
  }
  return { href: url.href, host: url.hostname, punycode, unicodeHost, mixedScripts };
}

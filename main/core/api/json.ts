/**
 * JSON.parse turns integers beyond 2^53 into the nearest double, so two SMSGlobal message ids
 * can collapse into one. Before parsing, integer literals too long to be exact are turned into
 * strings. A small scanner (not a regex) tracks strings and escapes, so text inside messages is
 * never touched.
 */
export function quoteLargeIntegers(json: string): string {
  // Most bodies have no run of 16 digits at all: nothing to do.
  if (!/\d{16}/.test(json)) return json;
  let out = '';
  let last = 0;
  let i = 0;
  const length = json.length;
  while (i < length) {
    const ch = json.charCodeAt(i);
    if (ch === 34 /* " */) {
      // Jump to the closing quote natively; a quote preceded by an odd run of backslashes is escaped.
      let end = json.indexOf('"', i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (json.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
        end = json.indexOf('"', end + 1);
      }
      if (end === -1) return json; // unterminated: let JSON.parse report it
      i = end + 1;
      continue;
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      let end = i + 1;
      while (end < length) {
        const c = json.charCodeAt(end);
        if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45) end++;
        else break;
      }
      if (end - i >= 16) {
        const literal = json.slice(i, end);
        if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
          out += json.slice(last, i) + `"${literal}"`;
          last = end;
        }
      }
      i = end;
      continue;
    }
    i++;
  }
  return last === 0 ? json : out + json.slice(last);
}

/** Parses a response body; null when it is not JSON (HTML error pages, plain text…). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(quoteLargeIntegers(text)) as unknown;
  } catch {
    return null;
  }
}

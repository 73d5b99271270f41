import type { CountryCode } from 'libphonenumber-js';
import metadata from 'libphonenumber-js/min/metadata';
import { parsePhone, unlistedNumberWarning, type PhoneProblem, type PhoneResult } from '../../../shared/phone';

/**
 * parsePhone for a whole spreadsheet column, fast. parsePhone costs 20–40 µs a number because
 * libphonenumber-js builds a RegExp from metadata text for every test it makes; a 100,000-row
 * file would spend seconds there. This reader gives exactly parsePhone's answer (a property test
 * compares the two on generated numbers for many countries) in two ways:
 *
 * - A fast path for the common case — digits with spaces, dashes, dots or brackets, an optional
 *   leading "+" or "00" — that follows libphonenumber-js's own parsing steps (IDD prefix, country
 *   code without "+", national prefix, country by leading digits, validity, the international
 *   format) over the same metadata, with each regular expression compiled once. It answers when
 *   the number is possible (with parsePhone's warning when it is outside the listed ranges);
 *   anything else (refusals, non-geographic numbers, other characters) goes to parsePhone itself,
 *   so refusals keep parsePhone's exact wording.
 * - A memo per input text, for the repeats a customer list has.
 */

type Json = unknown;

interface Format {
  pattern: RegExp; // anchored, for matchesEntirely
  replace: RegExp; // unanchored, as libphonenumber's String.replace uses it
  leading: RegExp | null; // the last leading-digits pattern, anchored at the start (search() === 0)
  /** The international format as literal text and group numbers ("$1 $2" → [1, ' ', 2]). */
  international: readonly (string | number)[];
}

interface NumberType {
  pattern: RegExp | null;
  lengths: readonly number[] | null;
}

interface Plan {
  callingCode: string;
  idd: RegExp | null;
  pattern: RegExp;
  lengths: readonly number[] | null;
  formats: readonly Format[] | null;
  prefixForParsing: RegExp | null;
  transformRule: string | null;
  leadingDigits: RegExp | null;
  types: readonly (NumberType | null)[] | null;
}

/** Thrown where the fast path does not model libphonenumber's behaviour; the caller falls back. */
class Unsupported extends Error {}

const MIN_NSN = 2;
const MAX_NSN = 17;
const MAX_CALLING_CODE = 3;
/** libphonenumber-js's VALID_PUNCTUATION: runs of it become one space in the international format. */
const PUNCTUATION = new Set('-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D[]~\u2053\u223C\uFF5E');
const GROUPS_WITH_SPACES = /^\d+(?: \d+)*$/;
/** The inputs the fast path reads: digits with spaces, dots, dashes or brackets, "+" only in front. */
const PLAIN = /^\+?[\d .()-]*$/;
const ONLY_DIGITS = /^\d*$/;
const NOT_DIGITS = /\D/g;

const full = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
/**
 * libphonenumber asks `text.search(pattern) === 0`: is there a match at the start. The leftmost
 * match is at 0 exactly when the pattern matches there, which an anchored test answers directly.
 */
const atStart = (pattern: string): RegExp => new RegExp(`^(?:${pattern})`);
const str = (value: Json): string | null => (typeof value === 'string' && value !== '' ? value : null);
const lengthsOf = (value: Json): readonly number[] | null =>
  Array.isArray(value) && value.every((n) => typeof n === 'number') ? value : null;

function need<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Unsupported();
  return value;
}

const json = metadata as unknown as { version: Json; country_calling_codes: Record<string, Json>; countries: Record<string, Json>; nonGeographic?: Record<string, Json> };

function mainCountry(callingCode: string): string | null {
  const countries = json.country_calling_codes[callingCode];
  if (!Array.isArray(countries) || typeof countries[0] !== 'string' || countries[0].length !== 2) return null;
  return countries[0];
}

const countriesByCode = new Map<string, readonly string[] | null>();

function countriesFor(callingCode: string): readonly string[] | null {
  let countries = countriesByCode.get(callingCode);
  if (countries === undefined) {
    const raw = json.country_calling_codes[callingCode];
    countries = Array.isArray(raw) && raw.every((c) => typeof c === 'string' && c.length === 2) ? (raw as string[]) : null;
    countriesByCode.set(callingCode, countries);
  }
  return countries;
}

/**
 * A replacement template as String.prototype.replace reads it ($n and $nn for groups that exist,
 * $$, $&), compiled once: replace() with a template re-reads it on every call, which costs more
 * than the match. Other $ forms are not in the metadata; meeting one leaves the format to
 * libphonenumber.
 */
function compileTemplate(template: string, groups: number): (string | number)[] {
  const parts: (string | number)[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i] as string;
    if (char !== '$') {
      literal += char;
      continue;
    }
    const next = template[i + 1] ?? '';
    let group = -1;
    let width = 0;
    if (next === '$') literal += '$';
    else if (next === '&') group = 0;
    else if (/\d/.test(next)) {
      const two = Number(template.slice(i + 1, i + 3));
      if (/^\d\d$/.test(template.slice(i + 1, i + 3)) && two >= 1 && two <= groups) [group, width] = [two, 2];
      else if (Number(next) >= 1 && Number(next) <= groups) [group, width] = [Number(next), 1];
      else {
        literal += '$';
        continue;
      }
    } else throw new Unsupported();
    if (group >= 0) {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(group);
    }
    i += group > 0 ? width : 1;
  }
  if (literal) parts.push(literal);
  return parts;
}

function compileFormat(raw: Json): Format {
  if (!Array.isArray(raw)) throw new Unsupported();
  const pattern = need(str(raw[0]));
  const leading: Json = raw[2];
  const lastLeading = Array.isArray(leading) && leading.length > 0 ? need(str(leading[leading.length - 1])) : null;
  const groups = (new RegExp(`${pattern}|`).exec('') ?? []).length - 1;
  return {
    pattern: full(pattern),
    replace: new RegExp(pattern),
    leading: lastLeading === null ? null : atStart(lastLeading),
    international: compileTemplate(str(raw[5]) ?? need(str(raw[1])), groups),
  };
}

/** number.replace(format.replace, template), with the template compiled. */
function applyFormat(number: string, format: Format): string {
  const match = format.replace.exec(number);
  if (!match) return number;
  let out = number.slice(0, match.index);
  for (const part of format.international) out += typeof part === 'string' ? part : (match[part] ?? '');
  return out + number.slice(match.index + match[0].length);
}

/** applyInternationalSeparatorStyle(): each run of punctuation becomes one space. */
function separate(formatted: string): string {
  // Most formats are digit groups with single spaces, which the rule leaves as they are.
  if (GROUPS_WITH_SPACES.test(formatted)) return formatted;
  let out = '';
  let inRun = false;
  for (const char of formatted) {
    if (PUNCTUATION.has(char)) {
      if (!inRun) out += ' ';
      inRun = true;
    } else {
      out += char;
      inRun = false;
    }
  }
  return out.trim();
}

function compileType(raw: Json): NumberType | null {
  if (!raw) return null;
  if (!Array.isArray(raw)) throw new Unsupported();
  const pattern = str(raw[0]);
  return { pattern: pattern === null ? null : full(pattern), lengths: lengthsOf(raw[1]) };
}

/** Compiled plans by country; false for a country the fast path leaves to libphonenumber. */
const plans = new Map<string, Plan | false>();

/** A country's numbering plan with its expressions compiled; null when the fast path cannot model it. */
function planOf(country: string): Plan | null {
  const known = plans.get(country);
  if (known !== undefined) return known || null;
  let plan: Plan | null = null;
  try {
    const raw = json.countries[country];
    if (json.version !== 4 || !Array.isArray(raw)) throw new Unsupported();
    const callingCode = need(str(raw[0]));
    const main = mainCountry(callingCode);
    const mainRaw = main === null ? undefined : json.countries[main];
    // libphonenumber-js: a country without formats of its own uses its calling code's main country's.
    const formatsRaw: Json = raw[4] || (Array.isArray(mainRaw) ? mainRaw[4] : undefined);
    const nationalPrefix = str(raw[5]);
    const prefixForParsing = str(raw[7]) ?? nationalPrefix;
    const types: Json = raw[11];
    const typeList: readonly Json[] = Array.isArray(types) ? (types as Json[]) : [];
    plan = {
      callingCode,
      idd: str(raw[1]) === null ? null : atStart(need(str(raw[1]))),
      pattern: full(need(str(raw[2]))),
      lengths: lengthsOf(raw[3]),
      formats: Array.isArray(formatsRaw) ? formatsRaw.map(compileFormat) : null,
      prefixForParsing: prefixForParsing === null ? null : new RegExp(`^(?:${prefixForParsing})`),
      transformRule: str(raw[8]),
      leadingDigits: str(raw[10]) === null ? null : atStart(need(str(raw[10]))),
      // Mobile first: hasNumberType only asks whether any type matches.
      types: typeList.length > 0 ? [typeList[1], ...typeList.filter((_, i) => i !== 1)].map(compileType) : null,
    };
  } catch (error) {
    if (!(error instanceof Unsupported) && !(error instanceof SyntaxError)) throw error;
    plan = null;
  }
  plans.set(country, plan ?? false);
  return plan;
}

const requirePlan = (country: string): Plan => need(planOf(country));
const planForCallingCode = (callingCode: string): Plan => requirePlan(need(mainCountry(callingCode)));

/** checkNumberLength() without a type. */
function lengthVerdict(nationalNumber: string, plan: Plan): 'IS_POSSIBLE' | 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH' {
  const lengths = plan.lengths;
  if (!lengths || lengths.length === 0) throw new Unsupported();
  const length = nationalNumber.length;
  const min = lengths[0] as number;
  if (min === length) return 'IS_POSSIBLE';
  if (min > length) return 'TOO_SHORT';
  if ((lengths[lengths.length - 1] as number) < length) return 'TOO_LONG';
  return lengths.indexOf(length, 1) >= 0 ? 'IS_POSSIBLE' : 'INVALID_LENGTH';
}

/**
 * The last answers of hasNumberType and countryByCallingCode: one reading asks both the same
 * question several times (national prefix, exact country, validity), as libphonenumber does.
 */
const last = { typePlan: null as Plan | null, typeNumber: '', type: false, code: '', codeNumber: '', country: undefined as string | undefined };

/** getNumberType() !== undefined. */
function hasNumberType(nationalNumber: string, plan: Plan): boolean {
  if (last.typePlan === plan && last.typeNumber === nationalNumber) return last.type;
  const answer = numberTypeOf(nationalNumber, plan);
  [last.typePlan, last.typeNumber, last.type] = [plan, nationalNumber, answer];
  return answer;
}

function numberTypeOf(nationalNumber: string, plan: Plan): boolean {
  if (!plan.pattern.test(nationalNumber) || !plan.types) return false;
  // Whether any type matches, not which: mobile numbers (most of a campaign) are tried first.
  for (const type of plan.types) {
    if (!type?.pattern) continue;
    const lengths = type.lengths ?? plan.lengths;
    if (lengths && !lengths.includes(nationalNumber.length)) continue;
    if (type.pattern.test(nationalNumber)) return true;
  }
  return false;
}

/** getCountryByCallingCode(): which of the countries sharing a calling code a number belongs to. */
function countryByCallingCode(callingCode: string, nationalNumber: string): string | undefined {
  if (last.code === callingCode && last.codeNumber === nationalNumber) return last.country;
  const country = countryAmong(callingCode, nationalNumber);
  [last.code, last.codeNumber, last.country] = [callingCode, nationalNumber, country];
  return country;
}

function countryAmong(callingCode: string, nationalNumber: string): string | undefined {
  const countries = countriesFor(callingCode);
  if (!countries) throw new Unsupported();
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = requirePlan(country);
    if (plan.leadingDigits) {
      if (nationalNumber && plan.leadingDigits.test(nationalNumber)) return country;
    } else if (hasNumberType(nationalNumber, plan)) return country;
  }
  return undefined;
}

/** extractNationalNumber(): strips the national prefix (and carrier code) when that leaves a sensible number. */
function nationalNumberOf(number: string, plan: Plan): string {
  let national = number;
  const match = plan.prefixForParsing?.exec(number);
  if (match && plan.prefixForParsing) {
    const groups = match.length - 1;
    const captured = groups > 0 && Boolean(match[groups]);
    national = plan.transformRule && captured ? number.replace(plan.prefixForParsing, plan.transformRule) : number.slice(match[0].length);
  }
  if (national === number) return number;
  if (plan.pattern.test(number) && !plan.pattern.test(national)) return number;
  if (plan.lengths) {
    const country = countryByCallingCode(plan.callingCode, national);
    const verdict = lengthVerdict(national, country ? requirePlan(country) : plan);
    if (verdict === 'TOO_SHORT' || verdict === 'INVALID_LENGTH') return number;
  }
  return national;
}

interface Reading {
  callingCode: string;
  nationalNumber: string;
  country: string | undefined;
}

/** The rest of parse() once the calling code is known. */
function finish(callingCode: string, rest: string, country: string | undefined, plan: Plan): Reading | undefined {
  if (!rest) return undefined;
  const nationalNumber = nationalNumberOf(rest, plan);
  const exact = countryByCallingCode(callingCode, nationalNumber) ?? country;
  if (nationalNumber.length < MIN_NSN || nationalNumber.length > MAX_NSN) return undefined;
  return { callingCode, nationalNumber, country: exact };
}

/** parsePhoneNumberFromString('+' + digits). */
function readInternational(digits: string): Reading | undefined {
  if (digits[0] === '0') return undefined;
  for (let i = 1; i <= MAX_CALLING_CODE && i <= digits.length; i++) {
    const callingCode = digits.slice(0, i);
    if (json.nonGeographic?.[callingCode]) throw new Unsupported();
    if (json.country_calling_codes[callingCode] === undefined) continue;
    return finish(callingCode, digits.slice(i), undefined, planForCallingCode(callingCode));
  }
  return undefined;
}

/** parsePhoneNumberFromString(digits, defaultCountry). */
function readNational(digits: string, defaultCountry: string): Reading | undefined {
  const plan = requirePlan(defaultCountry);
  // An international call prefix (0011 in Australia, 00 in Europe) makes the rest international.
  const idd = plan.idd?.exec(digits);
  if (idd) {
    const afterIdd = digits.slice(idd[0].length);
    const firstDigit = /\d/.exec(afterIdd)?.[0];
    if (afterIdd && firstDigit !== '0') return readInternational(afterIdd);
  }
  // The country's calling code typed without "+" (61412345678 in Australia).
  const callingCode = plan.callingCode;
  if (digits.startsWith(callingCode)) {
    const shorter = digits.slice(callingCode.length);
    const shorterNational = nationalNumberOf(shorter, plan);
    const national = nationalNumberOf(digits, plan);
    if ((!plan.pattern.test(national) && plan.pattern.test(shorterNational)) || lengthVerdict(national, plan) === 'TOO_LONG') {
      return finish(callingCode, shorter, undefined, planForCallingCode(callingCode));
    }
  }
  return finish(callingCode, digits, defaultCountry, plan);
}

const planOfReading = (reading: Reading): Plan => (reading.country ? requirePlan(reading.country) : planForCallingCode(reading.callingCode));

function isValid(reading: Reading): boolean {
  const plan = planOfReading(reading);
  return plan.types ? hasNumberType(reading.nationalNumber, plan) : plan.pattern.test(reading.nationalNumber);
}

function isPossible(reading: Reading): boolean {
  return lengthVerdict(reading.nationalNumber, planOfReading(reading)) === 'IS_POSSIBLE';
}

function formatInternational(reading: Reading): string {
  const plan = planOfReading(reading);
  const number = reading.nationalNumber;
  for (const format of plan.formats ?? []) {
    if ((format.leading === null || format.leading.test(number)) && format.pattern.test(number)) return `+${plan.callingCode} ${separate(applyFormat(number, format))}`;
  }
  return `+${plan.callingCode} ${number}`;
}

/**
 * The digits of a plain number (digits, spaces, dots, dashes, brackets; "+" only in front), and
 * whether it is international ("+", or "00" which parsePhone reads as "+"); null for anything else.
 */
function plainDigits(text: string): { digits: string; international: boolean } | null {
  if (!PLAIN.test(text)) return null;
  const digits = ONLY_DIGITS.test(text) ? text : text.replace(NOT_DIGITS, '');
  if (text.startsWith('00')) return { digits: digits.slice(2), international: true };
  return { digits, international: text.charCodeAt(0) === 43 };
}

/** parsePhone's reading of a plain number; undefined where parsePhone would refuse (the caller asks it). */
export function fastReading(text: string, defaultCountry: CountryCode): PhoneResult | undefined {
  const fast = fastParse(text, defaultCountry);
  return fast && { ok: true, digits: fast.digits, international: formatInternational(fast.reading), country: fast.country, warning: fast.warning };
}

/** A number as the check needs it: parsePhone's verdict without the formatted form. */
export type NumberReading = { ok: true; digits: string; warning: string | null } | { ok: false; problem: PhoneProblem; reason: string };

type FastParse = { ok: true; digits: string; country: string | undefined; warning: string | null; reading: Reading };

function fastParse(text: string, defaultCountry: CountryCode): FastParse | undefined {
  if (text.length > 40) return undefined;
  const plain = plainDigits(text);
  if (!plain) return undefined;
  const { digits } = plain;
  try {
    if (digits.length < 3 || digits.length > 20) return undefined;
    let reading: Reading | undefined;
    if (plain.international) {
      reading = readInternational(digits);
    } else {
      const national = readNational(digits, defaultCountry);
      if (national && isValid(national)) reading = national;
      else {
        const international = digits.length >= 8 ? readInternational(digits) : undefined;
        if (international && isValid(international)) reading = international;
        else if (national && isPossible(national)) reading = national;
        else if (international && isPossible(international)) reading = international;
        else reading = national;
      }
    }
    if (!reading || !isPossible(reading)) return undefined;
    return {
      ok: true,
      digits: reading.callingCode + reading.nationalNumber,
      country: reading.country,
      warning: isValid(reading) ? null : unlistedNumberWarning(reading.country, reading.callingCode),
      reading,
    };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** parsePhone for one check run: `read(text)` is its full answer, `read.number(text)` the same without the formatted form (cheaper). */
export interface PhoneReader {
  (input: string): PhoneResult;
  number(this: void, input: string): NumberReading;
}

/**
 * A reader for one check run: parsePhone's exact answers, fast. What the fast path cannot read is
 * asked of parsePhone once per distinct text (up to `memoLimit` texts, so a huge file cannot grow
 * the memo without bound); the fast path is quicker than a lookup in a memo of every row.
 */
export function phoneReader(defaultCountry: CountryCode, memoLimit = 100_000): PhoneReader {
  const memo = new Map<string, PhoneResult>();
  const slow = (text: string): PhoneResult => {
    const known = memo.get(text);
    if (known) return known;
    const result = parsePhone(text, defaultCountry);
    if (memo.size < memoLimit) memo.set(text, result);
    return result;
  };
  const read = (input: string): PhoneResult => {
    const text = input.trim();
    return fastReading(text, defaultCountry) ?? slow(text);
  };
  read.number = (input: string): NumberReading => {
    const text = input.trim();
    const fast = fastParse(text, defaultCountry);
    return fast ? { ok: true, digits: fast.digits, warning: fast.warning } : slow(text);
  };
  return read;
}

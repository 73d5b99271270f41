import { AsYouType, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Phone numbers as the API wants them: international digits without "+" (61412345678). Typed
 * numbers without a country code are read in the default country from Settings.
 *
 * Only what cannot be a number is refused. libphonenumber's metadata also knows which number
 * ranges are *assigned*, but that list ages (new mobile ranges, UK drama numbers, numbers that
 * moved): a number of a possible length that the metadata does not know comes back as ok with a
 * warning the user can override, never as a wall.
 */

export type PhoneProblem = 'empty' | 'letters' | 'characters' | 'excel' | 'too_short' | 'too_long' | 'invalid_length' | 'no_country' | 'not_a_number';

export type PhoneResult =
  | {
      ok: true;
      digits: string;
      international: string;
      country: string | undefined;
      /** Set when the number has a possible length but is not in libphonenumber's list of assigned ranges. */
      warning: string | null;
    }
  | { ok: false; problem: PhoneProblem; reason: string };

const lengthReasons: Record<string, { problem: PhoneProblem; reason: string }> = {
  TOO_SHORT: { problem: 'too_short', reason: 'This number is too short.' },
  TOO_LONG: { problem: 'too_long', reason: 'This number is too long.' },
  INVALID_LENGTH: { problem: 'invalid_length', reason: 'This number has the wrong number of digits.' },
  INVALID_COUNTRY: { problem: 'no_country', reason: 'Add the country code (for example +61), or set your default country in Settings.' },
  NOT_A_NUMBER: { problem: 'not_a_number', reason: 'This is not a phone number.' },
};

/** Excel shows long numbers as 6.14123E+10 once a column is numeric; the digits after the fifth are gone. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;

/** True for a number Excel has shown in scientific notation (its digits are lost). */
export const isExcelScientific = (text: string): boolean => SCIENTIFIC.test(text.trim());

export const EXCEL_DAMAGE_REASON =
  'Excel turned this column into numbers and dropped digits (it shows them as 6.14123E+10). In Excel, format the phone column as Text, type or paste the numbers again, and save the file again.';

/** A number written with "+" (or 00) whose first digits are no country's calling code: adding a country code is not the fix. */
const UNKNOWN_COUNTRY_REASON = 'No country has the code at the start of this number. Check the digits right after the + (for example +61 for Australia, +44 for the UK).';

const fail = (problem: PhoneProblem, reason: string): PhoneResult => ({ ok: false, problem, reason });

let regionNames: Intl.DisplayNames | null = null;

function regionName(country: string | undefined, callingCode: string): string {
  if (!country) return `+${callingCode}`;
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(country) ?? country;
  } catch {
    return country;
  }
}

/** parsePhone's warning for a number of a possible length outside the ranges libphonenumber lists. */
export function unlistedNumberWarning(country: string | undefined, callingCode: string): string {
  return `This number is not in the phone-number list the app knows for ${regionName(country, callingCode)}. Check the digits; if they are right, you can send anyway.`;
}

/** The reading that makes the most sense: assigned beats possible, the default country's beats international. */
function bestReading(text: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  const candidate = text.replace(/^00/, '+');
  if (candidate.startsWith('+')) return parsePhoneNumberFromString(candidate);
  const national = parsePhoneNumberFromString(candidate, defaultCountry);
  if (national?.isValid()) return national;
  // Digits that already carry their country code without "+" (Excel drops it: 61412345678).
  const digits = candidate.replace(/\D/g, '');
  const international = digits.length >= 8 ? parsePhoneNumberFromString(`+${digits}`) : undefined;
  if (international?.isValid()) return international;
  if (national?.isPossible()) return national;
  if (international?.isPossible()) return international;
  return national ?? undefined;
}

export function parsePhone(input: string, defaultCountry: CountryCode): PhoneResult {
  const text = input.trim();
  if (text === '') return fail('empty', 'Enter a phone number.');
  if (SCIENTIFIC.test(text)) return fail('excel', EXCEL_DAMAGE_REASON);
  if (/\p{L}/u.test(text)) return fail('letters', 'A phone number has only digits, spaces, +, ( ) and -; this one has letters.');
  if (/[^\d\s+()./-]/.test(text)) return fail('characters', 'A phone number has only digits, spaces, +, ( ) and -.');
  const parsed = bestReading(text, defaultCountry);
  if (!parsed?.isPossible()) {
    const candidate = text.replace(/^00/, '+');
    const length = validatePhoneNumberLength(candidate, defaultCountry);
    if (length === 'INVALID_COUNTRY' && candidate.startsWith('+')) return fail('no_country', UNKNOWN_COUNTRY_REASON);
    const known = length ? lengthReasons[length] : undefined;
    if (known) return fail(known.problem, known.reason);
    if (parsed) return fail('invalid_length', `This number has the wrong number of digits for ${regionName(parsed.country, parsed.countryCallingCode)}.`);
    return fail('not_a_number', 'This is not a phone number.');
  }
  const warning = parsed.isValid() ? null : unlistedNumberWarning(parsed.country, parsed.countryCallingCode);
  return { ok: true, digits: parsed.number.slice(1), international: parsed.formatInternational(), country: parsed.country, warning };
}

/**
 * Reads a number the user typed into a filter: as the composer would (default country), else
 * the bare digits, so "0427 000 008", "+61427000008" and "427000008" all find the same contact.
 * A number still being typed in local form loses its trunk prefix ("0427 0" → "4270"), which
 * stored numbers never hold. Null when there is nothing a number filter can use (letters, no digits).
 */
export function filterDigits(input: string, defaultCountry: CountryCode): string | null {
  const text = input.trim();
  if (text === '' || /\p{L}/u.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits === '') return null;
  const parsed = parsePhone(text, defaultCountry);
  if (parsed.ok && (parsed.warning === null || text.startsWith('+'))) return parsed.digits;
  if (text.startsWith('+')) return digits;
  // "00" dials out of most countries; country codes never start with 0, so "0005" is a number's tail.
  if (/^00[1-9]/.test(digits)) return digits.slice(2);
  const typing = new AsYouType(defaultCountry);
  typing.input(text);
  const national = typing.getNationalNumber();
  const trunk = national !== '' && national.length < digits.length;
  // An unlisted number in local form ("0442 000 022"), read the same way as typed: the whole
  // number. Not a half-typed "0427 0" (which parsePhone reads as +61 04270) nor "61427", which
  // are parts of numbers.
  if (parsed.ok && trunk && typing.getNumber()?.number === `+${parsed.digits}`) return parsed.digits;
  return trunk ? national : digits;
}

/** A number already in the API's form: 6 to 15 digits. */
export const ApiNumber = z.string().trim().regex(/^\d{6,15}$/, 'Use the international number in digits, like 61412345678.');

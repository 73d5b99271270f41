import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Phone numbers as the API wants them: international digits without "+" (61412345678). Typed
 * numbers without a country code are read in the default country from Settings.
 */

export type PhoneResult = { ok: true; digits: string; international: string; country: string | undefined } | { ok: false; reason: string };

const lengthReasons: Record<string, string> = {
  TOO_SHORT: 'This number is too short.',
  TOO_LONG: 'This number is too long.',
  INVALID_LENGTH: 'This number has the wrong number of digits.',
  INVALID_COUNTRY: 'Add the country code (for example +61), or set your default country in Settings.',
  NOT_A_NUMBER: 'This is not a phone number.',
};

export function parsePhone(input: string, defaultCountry: CountryCode): PhoneResult {
  const text = input.trim();
  if (text === '') return { ok: false, reason: 'Enter a phone number.' };
  if (/[a-z]/i.test(text)) return { ok: false, reason: 'A phone number has only digits, spaces, +, ( ) and -; this one has letters.' };
  if (/[^\d\s+()./-]/.test(text)) return { ok: false, reason: 'A phone number has only digits, spaces, +, ( ) and -.' };
  // "0061…" and "61412…" (a bare international number, as the API writes them) are both common in spreadsheets.
  let candidate = text.replace(/^00/, '+');
  const digitsOnly = candidate.replace(/\D/g, '');
  const national = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!candidate.startsWith('+') && !national?.isValid() && digitsOnly.length >= 10) {
    const international = parsePhoneNumberFromString(`+${digitsOnly}`);
    if (international?.isValid()) candidate = `+${digitsOnly}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry);
  if (!parsed) {
    const reason = validatePhoneNumberLength(candidate, defaultCountry);
    return { ok: false, reason: (reason && lengthReasons[reason]) ?? 'This is not a valid phone number.' };
  }
  if (!parsed.isValid()) {
    const reason = validatePhoneNumberLength(candidate, defaultCountry);
    const where = parsed.country ? (new Intl.DisplayNames(['en'], { type: 'region' }).of(parsed.country) ?? parsed.country) : `+${parsed.countryCallingCode}`;
    return { ok: false, reason: (reason && lengthReasons[reason]) ?? `This is not a valid number for ${where}; check the digits.` };
  }
  return { ok: true, digits: parsed.number.slice(1), international: parsed.formatInternational(), country: parsed.country };
}

/** A number already in the API's form: 6 to 15 digits. */
export const ApiNumber = z.string().trim().regex(/^\d{6,15}$/, 'Use the international number in digits, like 61412345678.');

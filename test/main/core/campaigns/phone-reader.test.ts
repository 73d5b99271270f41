import fc from 'fast-check';
import { getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { fastReading, phoneReader, type NumberReading } from '../../../../main/core/campaigns/phone-reader';
import { parsePhone } from '../../../../shared/phone';

/**
 * The check reads numbers with a fast path that must give exactly parsePhone's answer. These
 * properties compare the two on numbers built like the ones in customer files: example mobiles of
 * every country with their last digits changed, written nationally, with the country code (with
 * and without "+", with "00" and an international call prefix), spaced, bracketed and dashed, and
 * read with a default country that is the number's own or another.
 */

const sample = examples as Partial<Record<CountryCode, string>>;
const countries = getCountries().filter((c) => sample[c] !== undefined);

const digit = fc.integer({ min: 0, max: 9 }).map(String);

/** An example national number with some of its last digits replaced (or one digit more or less). */
const nationalNumber = (country: CountryCode): fc.Arbitrary<string> => {
  const example = sample[country] as string;
  return fc.tuple(fc.integer({ min: 0, max: example.length }), fc.array(digit, { maxLength: example.length + 1 }), fc.integer({ min: -1, max: 1 })).map(([keep, tail, delta]) => {
    const length = Math.max(1, example.length + delta);
    return (example.slice(0, keep) + tail.join('')).padEnd(length, '5').slice(0, length);
  });
};

/** Separators as people type them: "0412 345 678", "(02) 9876-5432", "+61.412.345.678". */
const spaced = (digits: string, style: number): string => {
  if (style === 0) return digits;
  if (style === 1) return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
  if (style === 2) return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  return digits.replace(/(\d{2})(?=\d)/g, '$1.');
};

const written = fc.constantFrom(...countries).chain((country) =>
  fc.record({
    country: fc.constant(country),
    defaultCountry: fc.oneof(fc.constant(country), fc.constantFrom<CountryCode>('AU', 'GB', 'US', 'DE', 'IN', 'BR', 'FR', 'NZ', 'SG', 'CX', 'JE', 'CA', 'AR', 'MX', 'RU', 'IT')),
    national: nationalNumber(country),
    form: fc.integer({ min: 0, max: 7 }),
    style: fc.integer({ min: 0, max: 3 }),
  }),
);

function text({ country, national, form, style }: { country: CountryCode; national: string; form: number; style: number }): string {
  const code = getCountryCallingCode(country);
  switch (form) {
    case 0:
      return spaced(national, style);
    case 1:
      return spaced(`0${national}`, style);
    case 2:
      return `+${code} ${spaced(national, style)}`;
    case 3:
      return `${code}${national}`;
    case 4:
      return `00${code}${spaced(national, style)}`;
    case 5:
      return `0011 ${code} ${national}`;
    case 6:
      return `1${national}`;
    default:
      return `8 ${spaced(national, style)}`;
  }
}

describe('the fast phone reader', () => {
  it('gives exactly parsePhone’s answer whenever it answers', () => {
    let answered = 0;
    fc.assert(
      fc.property(written, (input) => {
        const typed = text(input);
        const fast = fastReading(typed, input.defaultCountry);
        if (fast === undefined) return;
        answered++;
        expect(fast).toEqual(parsePhone(typed, input.defaultCountry));
      }),
      { numRuns: 2500 },
    );
    // The comparison means something only if the fast path answers often.
    expect(answered).toBeGreaterThan(600);
  });

  it('reads the number alone (no formatted form) exactly as parsePhone does', () => {
    fc.assert(
      fc.property(written, (input) => {
        const typed = text(input);
        const full = parsePhone(typed, input.defaultCountry);
        const read = phoneReader(input.defaultCountry).number(typed);
        const project = (r: NumberReading): NumberReading => (r.ok ? { ok: true, digits: r.digits, warning: r.warning } : { ok: false, problem: r.problem, reason: r.reason });
        expect(project(read)).toEqual(project(full));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives parsePhone’s answer for any string of digits and separators', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '2', '4', '6', '7', '9', ' ', '-', '(', ')', '.', '+'), maxLength: 18 }), fc.constantFrom<CountryCode>('AU', 'GB', 'US', 'DE', 'IN'), (typed, country) => {
        const fast = fastReading(typed.trim(), country);
        if (fast !== undefined) expect(fast).toEqual(parsePhone(typed, country));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the fast path for the numbers a customer list is made of', () => {
    for (const typed of ['0412 345 678', '+61 412 345 678', '61412345678', '0061412345678', '(02) 9876 5432', '+44 7912 345678']) {
      const fast = fastReading(typed, 'AU');
      expect(fast, typed).toMatchObject({ ok: true });
      expect(fast, typed).toEqual(parsePhone(typed, 'AU'));
    }
    expect(fastReading('07912 345678', 'GB')).toEqual(parsePhone('07912 345678', 'GB'));
    expect(fastReading('(415) 555-2671', 'US')).toEqual(parsePhone('(415) 555-2671', 'US'));
  });

  it('gives parsePhone’s warning for numbers outside the listed ranges', () => {
    for (const typed of ['0442 000 022', '+44 7700 900012', '0412 34']) {
      const fast = fastReading(typed, 'AU');
      expect(fast, typed).toMatchObject({ ok: true, warning: expect.stringMatching(/not in the phone-number list/) });
      expect(fast, typed).toEqual(parsePhone(typed, 'AU'));
    }
  });

  it('leaves refusals and unusual forms to parsePhone, so refusals keep its wording', () => {
    for (const typed of ['0412', '6.14123E+10', '0412 ABC 678', '+61 4123 4567 8901 2345', '(+61) 412 345 678', '']) {
      expect(fastReading(typed, 'AU'), typed).toBeUndefined();
    }
    const read = phoneReader('AU');
    for (const typed of ['0412', '6.14123E+10', '0412 ABC 678', '0442 000 022', ' 0412 345 678 ']) {
      expect(read(typed), typed).toEqual(parsePhone(typed, 'AU'));
    }
  });

  it('remembers what it asked parsePhone, without growing past its bound', () => {
    const read = phoneReader('AU', 2);
    const first = read('0412 ABC');
    expect(read(' 0412 ABC ')).toBe(first);
    read('0412 ABD');
    read('0412 ABE');
    expect(read('0412 ABE')).not.toBe(read('0412 ABE'));
  });
});

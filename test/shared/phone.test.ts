import { describe, expect, it } from 'vitest';
import { filterDigits, parsePhone } from '../../shared/phone';

describe('parsePhone', () => {
  it('normalizes local and international forms to API digits', () => {
    expect(parsePhone('0412 345 678', 'AU')).toMatchObject({ ok: true, digits: '61412345678', international: '+61 412 345 678', warning: null });
    expect(parsePhone('+61 (412) 345-678', 'GB')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('0061412345678', 'US')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('61412345678', 'AU')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('07912 345678', 'GB')).toMatchObject({ ok: true, digits: '447912345678' });
  });

  it('reads digits that already carry their country code (Excel dropped the +) as international', () => {
    expect(parsePhone('61412345678', 'US')).toMatchObject({ ok: true, digits: '61412345678', warning: null });
    expect(parsePhone('447912345678', 'AU')).toMatchObject({ ok: true, digits: '447912345678', warning: null });
    // The default country's own reading wins when it is a real number there.
    expect(parsePhone('4155552671', 'US')).toMatchObject({ ok: true, digits: '14155552671' });
  });

  it('accepts possible numbers the metadata does not list, with a warning instead of a refusal', () => {
    for (const input of ['+61 442 000 022', '0442 000 022', '+44 7700 900012', '447700900012']) {
      const parsed = parsePhone(input, 'AU');
      expect(parsed, input).toMatchObject({ ok: true });
      if (parsed.ok) expect(parsed.warning, input).toMatch(/not in the phone-number list/);
    }
    expect(parsePhone('+61 442 000 022', 'AU')).toMatchObject({ digits: '61442000022' });
  });

  it('refuses only what cannot be a number, and says why', () => {
    expect(parsePhone('', 'AU')).toEqual({ ok: false, problem: 'empty', reason: 'Enter a phone number.' });
    expect(parsePhone('0412 ABC 678', 'AU')).toMatchObject({ ok: false, problem: 'letters' });
    expect(parsePhone('0412', 'AU')).toMatchObject({ ok: false, problem: 'too_short', reason: 'This number is too short.' });
    expect(parsePhone('+61 4123 4567 8901 2345', 'AU')).toMatchObject({ ok: false, problem: 'too_long' });
    expect(parsePhone('04#12', 'AU')).toMatchObject({ ok: false, problem: 'characters' });
    // A possible length the metadata does not list is the user's call, not a refusal.
    expect(parsePhone('+61 412 345 678 999', 'AU')).toMatchObject({ ok: true, warning: expect.stringMatching(/Check the digits/) });
  });

  it('says a country code is unknown instead of asking for one that is already there', () => {
    for (const input of ['+999 1234567', '00999 1234567', '+0 123456']) {
      const parsed = parsePhone(input, 'AU');
      expect(parsed, input).toMatchObject({ ok: false, problem: 'no_country' });
      if (!parsed.ok) {
        expect(parsed.reason).toMatch(/No country has the code at the start of this number/);
        expect(parsed.reason).not.toMatch(/Add the country code/);
      }
    }
  });

  it('recognises numbers Excel turned into scientific notation and never guesses their digits', () => {
    for (const input of ['6.14123E+10', '6,14123E+11', '6.1412345678e10', '+6.14E+11']) {
      const parsed = parsePhone(input, 'AU');
      expect(parsed, input).toMatchObject({ ok: false, problem: 'excel' });
      if (!parsed.ok) expect(parsed.reason).toMatch(/format the phone column as Text/);
    }
  });
});

describe('filterDigits', () => {
  it('reads a typed filter the way the composer reads a number', () => {
    expect(filterDigits('0427 000 008', 'AU')).toBe('61427000008');
    expect(filterDigits('+61427000008', 'AU')).toBe('61427000008');
    expect(filterDigits('0442000022', 'AU')).toBe('61442000022');
    expect(filterDigits('4270', 'AU')).toBe('4270');
    // Still being typed, in local form: the trunk 0 is not part of any stored number.
    expect(filterDigits('0427 0', 'AU')).toBe('4270');
    expect(filterDigits('07700 9', 'GB')).toBe('77009');
    expect(filterDigits('+6142', 'AU')).toBe('6142');
    expect(filterDigits('00614', 'AU')).toBe('614');
    expect(filterDigits('61427', 'AU')).toBe('61427');
    expect(filterDigits('Wei', 'AU')).toBeNull();
    expect(filterDigits('  ', 'AU')).toBeNull();
  });
});

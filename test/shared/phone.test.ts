import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../shared/phone';

describe('parsePhone', () => {
  it('normalizes local and international forms to API digits', () => {
    expect(parsePhone('0412 345 678', 'AU')).toMatchObject({ ok: true, digits: '61412345678', international: '+61 412 345 678' });
    expect(parsePhone('+61 (412) 345-678', 'GB')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('0061412345678', 'US')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('61412345678', 'AU')).toMatchObject({ ok: true, digits: '61412345678' });
    expect(parsePhone('07912 345678', 'GB')).toMatchObject({ ok: true, digits: '447912345678' });
  });

  it('explains what is wrong', () => {
    expect(parsePhone('', 'AU')).toEqual({ ok: false, reason: 'Enter a phone number.' });
    const letters = parsePhone('0412 ABC 678', 'AU');
    expect(letters.ok).toBe(false);
    if (!letters.ok) expect(letters.reason).toMatch(/letters/);
    expect(parsePhone('0412', 'AU')).toMatchObject({ ok: false, reason: 'This number is too short.' });
    expect(parsePhone('+61 412 345 678 999', 'AU')).toMatchObject({ ok: false, reason: 'This is not a valid number for +61; check the digits.' });
    expect(parsePhone('+61 4123 4567 8901 2345', 'AU')).toMatchObject({ ok: false, reason: 'This number is too long.' });
    expect(parsePhone('+61 112 345 678', 'AU')).toMatchObject({ ok: false });
    expect(parsePhone('04#12', 'AU')).toMatchObject({ ok: false });
  });
});

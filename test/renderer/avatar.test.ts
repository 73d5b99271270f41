import { describe, expect, it } from 'vitest';
import { avatarLook, nameInitials, regionOf } from '../../renderer/src/avatar';

describe('contact avatars', () => {
  it('take the initials of the first and last word of a name, in any script', () => {
    expect(nameInitials('Jane Smith')).toBe('JS');
    expect(nameInitials('  grace  mary   jones ')).toBe('GJ');
    expect(nameInitials('Cher')).toBe('C');
    expect(nameInitials('فاطمة الزهراء')).toBe('فا');
    expect(nameInitials('\u202EEvil Twin')).toBe('ET');
    expect(nameInitials('👍 🎉')).toBeNull();
  });

  it('show an unnamed number as a person with its country, not as its last digits', () => {
    expect(avatarLook(null, '61412345678')).toMatchObject({ initials: null, region: 'AU' });
    expect(avatarLook(null, '447400123456')).toMatchObject({ initials: null, region: 'GB' });
    // A range the metadata does not list (UK drama numbers): the calling code is what is known.
    expect(avatarLook(null, '447700900123')).toMatchObject({ initials: null, region: '+44' });
    expect(avatarLook('Jane Smith', '61412345678')).toMatchObject({ initials: 'JS', region: null });
    expect(avatarLook('👍', '61412345678')).toMatchObject({ initials: null, region: 'AU' });
    expect(regionOf('not a number')).toBeNull();
  });

  it('give each number its own steady colour', () => {
    const a = avatarLook(null, '61412345678').hue;
    expect(avatarLook('Someone', '61412345678').hue).toBe(a);
    const hues = new Set(Array.from({ length: 50 }, (_, i) => avatarLook(null, `614120000${String(i).padStart(2, '0')}`).hue));
    expect(hues.size).toBeGreaterThan(30);
    for (const hue of hues) expect(hue).toBeGreaterThanOrEqual(0);
    for (const hue of hues) expect(hue).toBeLessThan(360);
  });
});

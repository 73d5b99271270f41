import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, showHiddenCharacters } from '../../shared/visible-text';

describe('showing hidden characters in names and numbers', () => {
  it('leaves ordinary names alone, in any script, emoji sequences included', () => {
    for (const name of ['Jane Smith', 'فاطمة الزهراء', 'שרה כהן', '李小龍', 'Zoë O’Brien-Núñez', 'Family 👨‍👩‍👧', 'می‌خواهم']) {
      expect(showHiddenCharacters(name)).toBe(name);
      expect(hasHiddenCharacters(name)).toBe(false);
    }
  });

  it('shows bidi overrides, embeddings, isolates and marks as their code points', () => {
    expect(showHiddenCharacters('Jane\u202E876 214 16+')).toBe('Jane⟨U+202E⟩876 214 16+');
    expect(showHiddenCharacters('\u2067x\u2069')).toBe('⟨U+2067⟩x⟨U+2069⟩');
    expect(showHiddenCharacters('a\u200Fb\u200Ec\u061Cd')).toBe('a⟨U+200F⟩b⟨U+200E⟩c⟨U+061C⟩d');
    expect(showHiddenCharacters('\u202A\u202B\u202C\u202D')).toBe('⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩');
  });

  it('shows NUL, other controls and DEL as Unicode control pictures, and C1 controls by code point', () => {
    expect(showHiddenCharacters('Bob\u0000')).toBe('Bob␀');
    expect(showHiddenCharacters('a\tb\nc\rd\u001b')).toBe('a␉b␊c␍d␛');
    expect(showHiddenCharacters('x\u007fy')).toBe('x␡y');
    expect(showHiddenCharacters('x\u0085y\u2028z')).toBe('x⟨U+0085⟩y⟨U+2028⟩z');
  });

  it('says whether a text holds any, however often it is asked', () => {
    expect(hasHiddenCharacters('Jane\u202E')).toBe(true);
    expect(hasHiddenCharacters('Jane\u202E')).toBe(true);
    expect(hasHiddenCharacters('Jane')).toBe(false);
    expect(hasHiddenCharacters('\u0000')).toBe(true);
  });
});

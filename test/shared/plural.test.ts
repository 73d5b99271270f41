import { describe, expect, it } from 'vitest';
import { noun, plural } from '../../shared/plural';

describe('plural', () => {
  it('says one thing in the singular and every other count in the plural', () => {
    expect(plural(1, 'conversation')).toBe('1 conversation');
    expect(plural(0, 'duplicate')).toBe('0 duplicates');
    expect(plural(2, 'opted-in number')).toBe('2 opted-in numbers');
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
    expect(noun(1, 'duplicate')).toBe('duplicate');
    expect(noun(2, 'duplicate')).toBe('duplicates');
  });

  it('groups the digits of large counts', () => {
    expect(plural(12345, 'message')).toBe(`${new Intl.NumberFormat().format(12345)} messages`);
  });
});

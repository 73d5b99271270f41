import { describe, expect, it } from 'vitest';
import { nearLimit, remainingWords } from '../../renderer/src/components/CharacterCount';

describe('the composer character count', () => {
  it('is quiet until the text nears the limit', () => {
    expect(nearLimit(100, 4096)).toBe(false);
    expect(remainingWords(3685, 4096)).toBe('');
    expect(nearLimit(3686, 4096)).toBe(true);
    expect(remainingWords(3686, 4096)).toBe('410 characters left');
  });

  it('says how much is left, and how far past the limit a text is', () => {
    expect(remainingWords(4095, 4096)).toBe('1 character left');
    expect(remainingWords(4096, 4096)).toBe('0 characters left');
    expect(remainingWords(4097, 4096)).toBe('1 character over the limit');
    expect(remainingWords(1030, 1024)).toBe('6 characters over the limit');
  });
});

import { describe, expect, it } from 'vitest';
import { CredentialsInput } from '../../shared/account';

const messages = (input: unknown): Record<string, string[]> => {
  const parsed = CredentialsInput.safeParse(input);
  const out: Record<string, string[]> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message);
  return out;
};

describe('credentials as typed in Settings', () => {
  it('give an empty field one sentence, not two that contradict each other', () => {
    expect(messages({ key: '', secret: '' })).toEqual({ key: ['Enter the API key.'], secret: ['Enter the API secret.'] });
    expect(messages({ key: '   ', secret: 'short' })).toEqual({ key: ['Enter the API key.'], secret: ['That is too short for an API secret; copy the whole secret from MXT.'] });
  });

  it('still say what is wrong with a key or secret that is there', () => {
    expect(messages({ key: 'has space', secret: ' 0123456789' })).toEqual({
      key: ['The API key has spaces or characters that an API key never has.'],
      secret: ['The secret has spaces or line breaks at its ends; paste it again.'],
    });
    expect(messages({ key: 'abc123', secret: '0123456789abcdef' })).toEqual({});
  });
});

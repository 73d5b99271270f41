import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/result';
import { acceptRecipient, readRecipient, type RecipientContext } from '../../../../main/core/outbox/recipient';

const wroteToUs = (...numbers: string[]): RecipientContext => ({ defaultCountry: 'AU', hasWrittenToUs: (digits) => numbers.includes(digits) });

function fieldsOf(work: () => unknown): Record<string, string[]> {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error.fields ?? {};
    throw error;
  }
  throw new Error('accepted');
}

describe('who a message may go to', () => {
  it('answers a customer who wrote to us without asking, even on a range the metadata does not list', () => {
    const context = wroteToUs('61442000022', '447700900012');
    expect(acceptRecipient('+61442000022', false, context)).toEqual({ digits: '61442000022', international: '+61 442 000 022' });
    expect(acceptRecipient('+447700900012', false, context)).toMatchObject({ digits: '447700900012' });
    expect(readRecipient('+61442000022', context)).toMatchObject({ warning: null, wroteToUs: true });
  });

  it('answers a number that wrote to us even when the metadata calls it impossible', () => {
    // Too short for the United Kingdom by the metadata; SMSGlobal delivered a message from it all the same.
    expect(acceptRecipient('+44123456', false, wroteToUs('44123456'))).toEqual({ digits: '44123456', international: '+44123456' });
    expect(fieldsOf(() => acceptRecipient('+44123456', false, wroteToUs()))).toHaveProperty('to');
  });

  it('asks the user to confirm a typed number the metadata does not list, and sends once confirmed', () => {
    const context = wroteToUs();
    const fields = fieldsOf(() => acceptRecipient('0442 000 022', false, context));
    expect(Object.keys(fields)).toEqual(['confirmed']);
    expect(fields['confirmed']?.[0]).toMatch(/not in the phone-number list.*send anyway/);
    expect(acceptRecipient('0442 000 022', true, context)).toMatchObject({ digits: '61442000022' });
    expect(readRecipient('0442 000 022', context)).toMatchObject({ digits: '61442000022', warning: expect.stringMatching(/Check the digits/), wroteToUs: false });
  });

  it('refuses only what cannot be a number, at the To field, confirmed or not', () => {
    for (const input of ['0412 ABC 678', '0412', '6.14123E+10', '']) {
      expect(Object.keys(fieldsOf(() => acceptRecipient(input, true, wroteToUs()))), input).toEqual(['to']);
    }
    expect(acceptRecipient('0412 345 678', false, wroteToUs())).toEqual({ digits: '61412345678', international: '+61 412 345 678' });
  });
});

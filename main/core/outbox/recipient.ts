import type { CountryCode } from 'libphonenumber-js';
import { parsePhone } from '../../../shared/phone';
import { CONFIRM_FIELD } from '../../../shared/outbox';
import { AppError } from '../../../shared/result';

/**
 * Who a message may go to. Only what cannot be a number is refused. A number that
 * libphonenumber's (ageing) metadata does not list is sent once the user confirmed it, and a
 * number a customer wrote *from* is a WhatsApp number by definition: it is always answered, even
 * when the metadata calls it impossible.
 *
 * Pure apart from `hasWrittenToUs`, so the outbox rules (wherever they live) can call it.
 */
export interface RecipientContext {
  defaultCountry: CountryCode;
  /** True when the cache holds a message from this number (API digits). */
  hasWrittenToUs: (digits: string) => boolean;
}

export interface RecipientReading {
  digits: string;
  international: string;
  /** Set when the user must confirm the number before it is sent to (never for a customer who wrote to us). */
  warning: string | null;
  wroteToUs: boolean;
}

/** Reads a typed number: fine, or fine once confirmed; a field error (`to`) when it cannot be a number. */
export function readRecipient(to: string, context: RecipientContext): RecipientReading {
  // Already in the API's form ("+" and digits, as the reply box sends it): a number that wrote to
  // us is answered as it is, whatever the metadata says of it.
  const bare = /^\+(\d{6,15})$/.exec(to.trim())?.[1];
  if (bare !== undefined && context.hasWrittenToUs(bare)) {
    const parsed = parsePhone(to, context.defaultCountry);
    return { digits: bare, international: parsed.ok && parsed.digits === bare ? parsed.international : `+${bare}`, warning: null, wroteToUs: true };
  }
  const parsed = parsePhone(to, context.defaultCountry);
  if (!parsed.ok) throw new AppError({ code: 'validation', message: parsed.reason, fields: { to: [parsed.reason] } });
  const wroteToUs = context.hasWrittenToUs(parsed.digits);
  return { digits: parsed.digits, international: parsed.international, warning: wroteToUs ? null : parsed.warning, wroteToUs };
}

/**
 * The number a send goes to, or a field error: `to` when it cannot be a number, `confirmed` when
 * it needs the user's word first (the composer shows that one next to its "Send anyway" box).
 */
export function acceptRecipient(to: string, confirmed: boolean, context: RecipientContext): { digits: string; international: string } {
  const reading = readRecipient(to, context);
  if (reading.warning !== null && !confirmed) throw new AppError({ code: 'validation', message: reading.warning, fields: { [CONFIRM_FIELD]: [reading.warning] } });
  return { digits: reading.digits, international: reading.international };
}

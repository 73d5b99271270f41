import { z } from 'zod';
import { MessageContent, WhatsAppMessage } from './messages';

/** The send queue as the renderer sees it. */

/**
 * `unknown`: sent, no answer; the app is checking SMSGlobal's outgoing list. `attention`: still
 * not known after the bound; the user decides (send again, or it arrived). `arrived`: the user
 * said it did.
 */
export const QueueState = z.enum(['queued', 'sending', 'unknown', 'attention', 'sent', 'arrived', 'failed', 'cancelled']);
export type QueueState = z.infer<typeof QueueState>;

export const QueueItem = z.object({
  localId: z.string(),
  recipient: z.string(),
  message: MessageContent,
  state: QueueState,
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  /** When the last attempt to send it started. */
  attemptedAt: z.number().nullable(),
});
export type QueueItem = z.infer<typeof QueueItem>;

/** The field of a send's error that asks the user to confirm the number (see main/core/outbox/recipient.ts). */
export const CONFIRM_FIELD = 'confirmed';

const LocalId = z.string().uuid('Not a queued message.');

/** `to` is what the user typed; main normalizes it with the default country. */
export const SendRequest = z.object({
  to: z.string().trim().min(1, 'Enter a phone number.').max(40, 'That is too long for a phone number.'),
  message: WhatsAppMessage,
  /** The user confirmed a number the phone-number metadata does not list ("Send anyway"). */
  confirmed: z.boolean().optional(),
});
export type SendRequest = z.input<typeof SendRequest>;

export const SendResult = z.object({ localId: z.string(), state: QueueState, recipient: z.string() });

export const EditRequest = SendRequest.extend({ localId: LocalId });
export const QueueRef = z.object({ localId: LocalId });
/** `send-again` may reach the customer twice (the user was told); `arrived` records it as sent. */
export const ResolveRequest = QueueRef.extend({ decision: z.enum(['send-again', 'arrived']) });
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const MediaVerdict = z.object({
  verdict: z.enum(['ok', 'refused', 'unknown']),
  reason: z.string(),
  contentType: z.string().nullable(),
  sizeBytes: z.number().nullable(),
});
export type MediaVerdict = z.infer<typeof MediaVerdict>;

export const RecipientInfo = z.object({
  digits: z.string(),
  international: z.string(),
  name: z.string().nullable(),
  windowOpen: z.boolean(),
  windowClosesAt: z.number().nullable(),
  optedIn: z.boolean().nullable(),
  /** The number is not in the phone-number list the app knows: sent only once the user confirms. */
  warning: z.string().nullable(),
});
export type RecipientInfo = z.infer<typeof RecipientInfo>;

import { z } from 'zod';
import { TimeZoneSchema } from './settings';
import { SendResult } from './outbox';

/**
 * Campaigns once confirmed: their settings, their journal as the renderer reads it (a page at a
 * time), their progress and their report. A draft (shared/campaigns.ts) becomes a campaign at
 * confirmation, when every recipient's row and frozen message are written to the journal.
 */

/** WhatsApp's messaging-limit tiers (business-initiated conversations per 24 hours). */
export const DAILY_CAP_TIERS = [250, 2_000, 10_000, 100_000] as const;
/** Meta's default throughput for one business number is 80 messages a second; the app allows a user-set pace up to this. */
export const MAX_PACE_PER_SECOND = 1_000;
export const DEFAULT_PACE_PER_SECOND = 10;

/**
 * scheduled: waits for its start time. waiting: its start time passed while the app was closed;
 * it waits for the user instead of going out late. sending: the runner works on it (it may be
 * holding: daily cap, quiet hours, rate limit, offline — see `hold`). paused: by the user or a
 * guardrail (see `pauseReason`). completed / cancelled: final.
 */
export const CAMPAIGN_STATES = ['scheduled', 'waiting', 'sending', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * A journal row's state. planned → sending (on disk before its POST) → accepted (SMSGlobal's id)
 * / failed (with the reason; retryable or not) / unknown (no answer) → reconciled to accepted, or
 * provably absent → planned again / attention (the user decides). skipped: the check's verdict
 * left it out (reason kept). cancelled: the campaign was cancelled before it went.
 */
export const RECIPIENT_STATES = ['planned', 'sending', 'accepted', 'failed', 'unknown', 'attention', 'skipped', 'cancelled'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/** What SMSGlobal later says of an accepted message (from the sync, joined by its id). */
export const DELIVERY_STATES = ['sent', 'delivered', 'read', 'failed', 'other'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 21:00.');

export const QuietHours = z
  .object({
    /** Nothing is sent from `start` to `end` (wall time in `timeZone`, the business's zone); may wrap midnight. */
    start: HourMinute,
    end: HourMinute,
    timeZone: TimeZoneSchema,
  })
  .refine((q) => q.start !== q.end, { message: 'Quiet hours need a different start and end.', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

export const CampaignSettings = z.object({
  name: z.string().trim().min(1, 'Give the campaign a name.').max(80, 'Use at most 80 characters.'),
  pacePerSecond: z
    .number({ error: 'Enter messages per second.' })
    .int('Use whole messages per second.')
    .min(1, 'Send at least 1 message per second.')
    .max(MAX_PACE_PER_SECOND, `At most ${MAX_PACE_PER_SECOND.toLocaleString('en')} messages per second.`),
  /** Messages per 24 hours at most (a rolling day in the business's zone: the cap resets at its midnight); null for none. */
  dailyCap: z.number({ error: 'Enter a number of messages.' }).int('Use a whole number.').min(1, 'Use at least 1.').max(10_000_000, 'That cap is too large.').nullable(),
  quietHours: QuietHours.nullable(),
  /** Epoch ms; null starts at confirmation. */
  startAt: z.number().int().nullable(),
  /** Leave out ready rows that are not on SMSGlobal's opt-in list. */
  skipNotOnOptInList: z.boolean(),
});
export type CampaignSettings = z.infer<typeof CampaignSettings>;

export const CampaignId = z.string({ error: 'That campaign no longer exists.' }).regex(/^c[0-9a-z]{1,40}$/, 'That campaign no longer exists.');
export const CampaignRef = z.object({ id: CampaignId });

export type RecipientCounts = Record<RecipientState, number>;
export type DeliveryCounts = Record<DeliveryState, number>;

export const CampaignHold = z.object({
  reason: z.enum(['daily_cap', 'quiet_hours', 'rate_limited', 'offline', 'reconciling']),
  /** When sending resumes by itself (null: when the condition clears, e.g. the network returns). */
  until: z.number().nullable(),
  message: z.string(),
});

export const CampaignSummary = z.object({
  id: z.string(),
  name: z.string(),
  templateName: z.string(),
  fileName: z.string(),
  state: z.enum(CAMPAIGN_STATES),
  /** Why a paused campaign is paused, in a sentence (by you; credit; credentials; failures, grouped). */
  pauseReason: z.string().nullable(),
  hold: CampaignHold.nullable(),
  /** Something the user should know once, e.g. "Resumed after the app restarted; 3 sends were checked first." */
  notice: z.string().nullable(),
  settings: CampaignSettings,
  /** Rows in the journal (every row of the file, skipped ones included). */
  total: z.number().int(),
  counts: z.record(z.enum(RECIPIENT_STATES), z.number().int()),
  delivery: z.record(z.enum(DELIVERY_STATES), z.number().int()),
  /** Messages per second over the last few seconds while sending; null otherwise. */
  pace: z.number().nullable(),
  /** Estimated time to finish (ms), counting the cap, quiet hours and the pace; null when not sending. */
  etaMs: z.number().nullable(),
  parentId: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const ConfirmInput = z.object({ draftId: z.string().min(1).max(40), settings: CampaignSettings });
export type ConfirmInput = z.infer<typeof ConfirmInput>;

/** What confirmation would do, before it does it. */
export const CampaignEstimate = z.object({
  recipients: z.number().int(),
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** From start to the last send, counting the pace, the daily cap and quiet hours. */
  durationMs: z.number(),
  /** Calendar days it spans (the cap and quiet hours may spread it). */
  days: z.number().int(),
});
export type CampaignEstimate = z.infer<typeof CampaignEstimate>;

export const TestSendInput = z.object({
  draftId: z.string().min(1).max(40),
  /** The user's own number: row 1's message goes there first. */
  to: z.string().trim().min(1, 'Enter your phone number.').max(40, 'That is too long for a phone number.'),
  confirmed: z.boolean().optional(),
});

export const CampaignListQuery = z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50) });
export const CampaignList = z.object({ total: z.number().int(), items: z.array(CampaignSummary) });

export const FailureGroup = z.object({ reason: z.string(), count: z.number().int(), retryable: z.boolean() });
export const CampaignDetail = CampaignSummary.extend({
  /** The frozen template body (when known), for the report's header. */
  templateBody: z.string().nullable(),
  failures: z.array(FailureGroup),
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  /** Retryable failures a "Retry failed" run would send. */
  retryable: z.number().int(),
  children: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.number() })),
});
export type CampaignDetail = z.infer<typeof CampaignDetail>;

export const RecipientFilter = z.enum(['all', ...RECIPIENT_STATES, 'delivered', 'read', 'delivery_failed']);
export const RecipientQuery = CampaignRef.extend({
  filter: RecipientFilter.default('all'),
  /** Digits of a number or words of a name. */
  search: z.string().trim().max(80, 'Use at most 80 characters.').default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const RecipientRow = z.object({
  row: z.number().int(),
  recipient: z.string().nullable(),
  name: z.string().nullable(),
  state: z.enum(RECIPIENT_STATES),
  delivery: z.enum(DELIVERY_STATES).nullable(),
  /** The reason of a failure or a skip, in a sentence. */
  error: z.string().nullable(),
  retryable: z.boolean(),
  providerId: z.string().nullable(),
  params: z.array(z.string()),
  attempts: z.number().int(),
  sentAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
  readAt: z.number().nullable(),
});
export type RecipientRow = z.infer<typeof RecipientRow>;
export const RecipientPage = z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(RecipientRow) });

/** "Needs attention" rows: send again (the customer may get it twice) or mark as arrived. */
export const ResolveInput = CampaignRef.extend({
  rows: z.union([z.literal('all'), z.array(z.number().int()).min(1).max(10_000)]),
  decision: z.enum(['send-again', 'arrived']),
});

export const CancelResult = CampaignSummary.extend({ unsent: z.number().int() });

export { SendResult as TestSendResult };

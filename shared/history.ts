import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';
import { MessageContent, MessageTypes } from './messages';
import { EXCEL_DAMAGE_REASON, filterDigits, isExcelScientific } from './phone';
import { NormalizedStatuses } from './status';

/** What the cache answers: conversations, threads, the outbox, search hits, sync status. */

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

const MessageType = z.enum(MessageTypes);
const Status = z.enum(NormalizedStatuses);

/** Messages are addressed by their cache key (the time-ordered sort key, as a string). */
export const MessageKey = z.string().regex(/^\d{1,20}$/, 'Not a message key.');

export const MessageView = z.object({
  key: MessageKey,
  providerId: z.string().nullable(),
  direction: Direction,
  contact: z.string(),
  content: MessageContent,
  preview: z.string(),
  status: Status.nullable(),
  statusRaw: z.string().nullable(),
  createdAt: z.number(),
  read: z.boolean(),
  /** The campaign that sent it (its name while the campaign's journal is kept). */
  campaign: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
export type MessageView = z.infer<typeof MessageView>;

export const MessageDetail = MessageView.extend({
  /** The contact's name as the app shows it (the user's own, else the opt-in list's). */
  name: z.string().nullable(),
  ourNumber: z.string().nullable(),
  stateRaw: z.string().nullable(),
  createdRaw: z.string(),
  /** Every field the API returned, as received. */
  raw: z.record(z.string(), z.unknown()),
  updatedAt: z.number(),
});
export type MessageDetail = z.infer<typeof MessageDetail>;

export const WINDOW_MS = 24 * 60 * 60 * 1000;

export const ConversationSummary = z.object({
  contact: z.string(),
  name: z.string().nullable(),
  lastAt: z.number(),
  lastPreview: z.string(),
  lastDirection: Direction,
  lastType: MessageType,
  lastStatus: Status.nullable(),
  unread: z.number().int(),
  /** An inbound message in the last 24 hours: free-form messages are delivered until windowClosesAt. */
  windowOpen: z.boolean(),
  windowClosesAt: z.number().nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

const Page = z.object({ offset: z.number().int().min(0).max(10_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) });

export const ConversationQuery = Page.extend({ filter: z.string().trim().max(100).optional() });
export const ConversationPage = z.object({ total: z.number().int(), items: z.array(ConversationSummary) });

export const ThreadQuery = z.object({
  contact: z.string().trim().min(1).max(32),
  /** Older messages than this key (paging up). */
  before: MessageKey.optional(),
  /** Newer messages than this key (paging down after a jump). */
  after: MessageKey.optional(),
  /** Centre the page on this message (a search result). */
  around: MessageKey.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export const Thread = z.object({
  contact: z.string(),
  name: z.string().nullable(),
  windowOpen: z.boolean(),
  windowClosesAt: z.number().nullable(),
  items: z.array(MessageView),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type Thread = z.infer<typeof Thread>;

const DateBound = z.number().int().min(0).max(8_640_000_000_000).optional();

/** Why a typed number filter cannot be used ("Wei", Excel's 6.14E+10), or null. Names are found by the inbox filter and search words. */
export function numberFilterProblem(input: string): string | null {
  const text = input.trim();
  if (isExcelScientific(text)) return EXCEL_DAMAGE_REASON;
  if (/[^\d\s+()./-]/.test(text)) return 'Type a phone number or part of one: digits, spaces, +, ( ) and - only.';
  return null;
}

export const REVERSED_RANGE = 'The “From” date is after the “To” date. Swap them to see the messages in between.';

/** A reversed date range, said as such instead of "nothing matches". */
export function rangeProblem(from: number | undefined, to: number | undefined): string | null {
  return from !== undefined && to !== undefined && from > to ? REVERSED_RANGE : null;
}

const NumberFilter = z
  .string()
  .trim()
  .max(32, 'A phone number has at most 15 digits.')
  .superRefine((value, ctx) => {
    const problem = numberFilterProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .optional();

const rangeInOrder = (value: { from?: number | undefined; to?: number | undefined }, ctx: z.RefinementCtx): void => {
  const problem = rangeProblem(value.from, value.to);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['to'] });
};

export const OutboxFilter = z
  .object({
    status: Status.optional(),
    from: DateBound,
    to: DateBound,
    number: NumberFilter,
  })
  .superRefine(rangeInOrder);
export type OutboxFilter = z.infer<typeof OutboxFilter>;

/** True when the outbox shows this message under this filter (the details panel closes when it no longer does). */
export function outboxFilterMatches(message: Pick<MessageView, 'direction' | 'status' | 'createdAt' | 'contact'>, filter: OutboxFilter, defaultCountry: CountryCode): boolean {
  if (message.direction !== 'out') return false;
  if (filter.status && message.status !== filter.status) return false;
  if (filter.from !== undefined && message.createdAt < filter.from) return false;
  if (filter.to !== undefined && message.createdAt > filter.to) return false;
  const digits = filter.number ? filterDigits(filter.number, defaultCountry) : null;
  return digits === null || message.contact.includes(digits);
}
export const OutboxQuery = Page.extend({ filter: OutboxFilter.default({}) });
export const OutboxItem = MessageView.extend({ name: z.string().nullable() });
export type OutboxItem = z.infer<typeof OutboxItem>;
export const OutboxPage = z.object({ total: z.number().int(), items: z.array(OutboxItem) });

/** Messages a search for symbols only (👍, which the word index drops) looks through at a time. */
export const SYMBOL_SEARCH_WINDOW = 20_000;

/** The longest search the box takes (the box stops there and says so). */
export const SEARCH_MAX_CHARS = 200;

export const SearchQuery = z
  .object({
    /** Empty with a number: that number's messages. */
    text: z.string().trim().max(SEARCH_MAX_CHARS, `Search for at most ${SEARCH_MAX_CHARS} characters.`).default(''),
    direction: Direction.optional(),
    from: DateBound,
    to: DateBound,
    number: NumberFilter,
    limit: z.number().int().min(1).max(200).default(50),
    /** Continue after this key (older results). */
    before: MessageKey.optional(),
  })
  .superRefine(rangeInOrder)
  .superRefine((value, ctx) => {
    if (value.text === '' && !value.number?.trim()) ctx.addIssue({ code: 'custom', message: 'Type something to search for, or a number to list its messages.', path: ['text'] });
  });
export type SearchQuery = z.input<typeof SearchQuery>;

/** Snippet text marks matches between these control characters; the renderer turns them into <mark>. */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

export const SearchHit = z.object({ message: MessageView, name: z.string().nullable(), snippet: z.string() });
export const ContactHit = z.object({ contact: z.string(), name: z.string() });
export type ContactHit = z.infer<typeof ContactHit>;
export const SearchResult = z.object({
  hits: z.array(SearchHit),
  contacts: z.array(ContactHit),
  hasMore: z.boolean(),
  /** Matches of the whole search (not only this page), counted up to a cap. */
  total: z.number().int(),
  /** There are more than `total` ("1,000+"). */
  totalCapped: z.boolean(),
  /** Pass as `before` for the next page; null when there is none. */
  next: MessageKey.nullable(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SyncDirectionProgress = z.object({
  direction: Direction,
  fetched: z.number().int(),
  total: z.number().int(),
  /** The date window being read; an end of null is open (everything newer than its start). */
  window: z.tuple([z.number(), z.number().nullable()]).nullable(),
});

/** The account's clock as SMSGlobal's answers show it (every createdDate carries its offset). */
export const AccountClock = z.object({
  /** Minutes east of UTC, from the newest answer seen. */
  offsetMinutes: z.number().int(),
  /** When that answer's message was created (UTC ms): offsets change with the account's DST. */
  observedAt: z.number(),
});
export type AccountClock = z.infer<typeof AccountClock>;

export const SyncStatus = z.object({
  running: z.boolean(),
  phase: z.enum(['idle', 'planning', 'fetching', 'done', 'failed', 'cancelled']),
  progress: z.array(SyncDirectionProgress),
  lastSyncedAt: z.number().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.number() }).nullable(),
  /** The first full download has finished for both directions. */
  complete: z.boolean(),
  /** When the app will sync again by itself after a failed run (null: nothing scheduled). */
  nextAttemptAt: z.number().nullable(),
  /** Null until an answer with a dated message has been seen. */
  accountClock: AccountClock.nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ExportRequest = z.discriminatedUnion('source', [
  z.object({ source: z.literal('outbox'), filter: OutboxFilter.default({}) }),
  z.object({ source: z.literal('search'), query: SearchQuery }),
  z.object({ source: z.literal('conversation'), contact: z.string().trim().min(1).max(32) }),
]);
export type ExportRequest = z.input<typeof ExportRequest>;
export const ExportResult = z.object({ saved: z.boolean(), rows: z.number().int(), location: z.string().nullable() });

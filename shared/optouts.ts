import { z } from 'zod';
import { WINDOW_MS } from './history';
import type { MessageType } from './messages';

/**
 * The opt-out ledger's shared rules: which incoming texts are opt-out or opt-in keywords, the
 * shapes the renderer sees, and when the composer must warn. Pure; used by main (the sync's
 * write path, the ledger, campaigns) and the renderer (Settings, the composer, Opt-ins).
 */

/** Carriers' and WhatsApp peers' usual words, plus common non-English ones. Editable in Settings. */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = [
  'STOP',
  'STOP ALL',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPT OUT',
  'OPTOUT',
  // Spanish, French, German/Scandinavian, Dutch, Italian, Portuguese.
  'BAJA',
  'ALTO',
  'PARAR',
  'ARRÊT',
  'DÉSABONNER',
  'STOPP',
  'ABMELDEN',
  'AFMELDEN',
  'DISISCRIVITI',
  'SAIR',
];

export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = ['START', 'UNSTOP', 'SUBSCRIBE', 'ALTA', 'ANMELDEN'];

/** A keyword may be a few words ("STOP ALL"); a message longer than this is never one. */
export const KEYWORD_MAX = 40;
/** …and at most this many words ("STOP ALL", "OPT OUT"). */
export const KEYWORD_WORDS_MAX = 3;
export const KEYWORDS_PER_LIST_MAX = 100;

/**
 * The form a message is compared in: accents and case ignored, hyphens and underscores read as
 * spaces ("opt-out"), runs of spaces as one, and punctuation at either end dropped ("Stop!",
 * "«STOP»"). Emoji and words stay, so "stop please" or "STOP 🙏" is not a keyword: only a
 * message that is the keyword and nothing else opts a number out.
 */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[-_]/g, ' ')
    .replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '')
    .replace(/\s+/g, ' ');
}

export type KeywordAction = 'out' | 'in';

export interface KeywordLists {
  optOut: readonly string[];
  optIn: readonly string[];
}

export interface KeywordMatcher {
  /** 'out' or 'in' when the whole text is one of the keywords, else null. */
  classify(text: string): KeywordAction | null;
  /** The same for a text already in its keyword form (see keywordForm). */
  lookup(form: string): KeywordAction | null;
  /** The keyword forms of each list, for finding them among stored keyword forms. */
  readonly forms: { readonly [A in KeywordAction]: readonly string[] };
}

/**
 * Longest raw text worth normalizing: the longest keyword plus room for spaces and punctuation
 * around it ("  Stop!!! "). Everything longer is refused by a length check alone, which is what
 * keeps the sync's cost per message at almost nothing.
 */
const RAW_SLACK = 24;
/** No text longer than this can be a keyword, whatever the lists hold. */
export const KEYWORD_TEXT_MAX = KEYWORD_MAX + RAW_SLACK;

/**
 * A message's keyword form, or null when it is too long to be any keyword a list may hold. The
 * sync keeps the forms of short incoming texts, so new keyword lists find their opt-outs in the
 * history with an index lookup instead of reading every message again.
 */
export function keywordForm(text: string): string | null {
  if (text.length > KEYWORD_TEXT_MAX || hasMoreWordsThanAKeyword(text)) return null;
  const form = normalizeKeyword(text);
  return form !== '' && form.length <= KEYWORD_MAX && form.split(' ').length <= KEYWORD_WORDS_MAX ? form : null;
}

const WORDY = /[\p{L}\p{N}]/u;

/**
 * A cheap look before normalizing (most short messages are a sentence): each space-separated
 * piece with a letter or digit is at least one word of the keyword form, so more such pieces
 * than a keyword's words settle it. Pieces of punctuation alone ("Stop ! !") do not count. A
 * loop over char codes: this runs for nearly every incoming message of a sync.
 */
function hasMoreWordsThanAKeyword(text: string): boolean {
  let words = 0;
  let wordy = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (wordy && ++words > KEYWORD_WORDS_MAX) return true;
      wordy = false;
    } else if (!wordy) {
      // ASCII digits and letters, or any other character that is a letter or digit.
      wordy = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 128 && WORDY.test(text.charAt(i)));
    }
  }
  return false;
}

export function compileKeywords(lists: KeywordLists): KeywordMatcher {
  const table = new Map<string, KeywordAction>();
  // Opt-in first, opt-out second: if a word is in both lists (Settings refuses that), opting out wins.
  for (const word of lists.optIn) table.set(normalizeKeyword(word), 'in');
  for (const word of lists.optOut) table.set(normalizeKeyword(word), 'out');
  table.delete('');
  const lookup = (form: string): KeywordAction | null => table.get(form) ?? null;
  const forms = { out: [...table].filter(([, a]) => a === 'out').map(([w]) => w), in: [...table].filter(([, a]) => a === 'in').map(([w]) => w) };
  return {
    classify(text) {
      const form = table.size === 0 ? null : keywordForm(text);
      return form === null ? null : lookup(form);
    },
    lookup,
    forms,
  };
}

/** The stored form of the lists (normalized, sorted): what the ledger was built with, compared to tell a change. */
export function keywordListsKey(lists: KeywordLists): string {
  const norm = (words: readonly string[]): string[] => [...new Set(words.map(normalizeKeyword).filter((w) => w !== ''))].sort();
  return JSON.stringify({ optOut: norm(lists.optOut), optIn: norm(lists.optIn) });
}

export const StoredKeywordLists = z.object({ optOut: z.array(z.string()), optIn: z.array(z.string()) });

/** The first word found in both lists (by its normalized form), or null. */
export function keywordClash(lists: KeywordLists): string | null {
  const out = new Set(lists.optOut.map(normalizeKeyword));
  return lists.optIn.find((word) => out.has(normalizeKeyword(word))) ?? null;
}

/**
 * One settings list: entries trimmed, empty ones dropped, repeats (by normalized form) kept once.
 * A word that normalizes to nothing ("!!!") or is too long is refused with a sentence.
 */
export const KeywordList = z
  .array(z.string().max(200, 'A keyword is too long.'))
  .max(KEYWORDS_PER_LIST_MAX, `Keep at most ${KEYWORDS_PER_LIST_MAX} keywords in a list.`)
  .transform((words, ctx) => {
    const seen = new Set<string>();
    const kept: string[] = [];
    for (const raw of words) {
      const word = raw.trim().replace(/\s+/g, ' ');
      if (word === '') continue;
      const normal = normalizeKeyword(word);
      if (normal === '') {
        ctx.addIssue({ code: 'custom', message: `“${word}” has no letters or digits; it cannot be a keyword.` });
        continue;
      }
      if (normal.length > KEYWORD_MAX) {
        ctx.addIssue({ code: 'custom', message: `“${word.slice(0, 20)}…” is longer than ${KEYWORD_MAX} characters; a keyword is a word or two.` });
        continue;
      }
      if (normal.split(' ').length > KEYWORD_WORDS_MAX) {
        ctx.addIssue({ code: 'custom', message: `“${word}” has more than ${KEYWORD_WORDS_MAX} words; a keyword is a word or two.` });
        continue;
      }
      if (seen.has(normal)) continue;
      seen.add(normal);
      kept.push(word);
    }
    return kept;
  });

/** How a number's latest change came about. */
export const OptOutHow = z.enum(['keyword', 'manual']);
export type OptOutHow = z.infer<typeof OptOutHow>;

export const OptOutEvent = z.object({
  number: z.string(),
  action: z.enum(['out', 'in']),
  at: z.number(),
  how: OptOutHow,
  /** The customer's message, as written (keyword events). */
  text: z.string().nullable(),
  /** What the user wrote when changing it by hand. */
  note: z.string().nullable(),
  /** SMSGlobal's id of the customer's message (keyword events): the evidence. */
  providerId: z.string().nullable(),
  /** The cached message (keyword events), to open it in the thread. */
  messageKey: z.string().nullable(),
});
export type OptOutEvent = z.infer<typeof OptOutEvent>;

/** What the app knows about messaging one number. */
export const OptOutStatus = z.object({
  number: z.string(),
  /** The opt-out in force (the number's latest change), or null when it may be messaged. */
  optedOut: OptOutEvent.nullable(),
  /** SMSGlobal's opt-in list marks the number as blacklisted. */
  blacklisted: z.boolean(),
  /** Opted out or blacklisted: campaigns skip it and the composer warns. */
  blocked: z.boolean(),
  /** The customer's latest message (a reply to it inside 24 hours is not business-initiated). */
  lastInboundAt: z.number().nullable(),
});
export type OptOutStatus = z.infer<typeof OptOutStatus>;

export const OptOutStatusQuery = z.object({
  numbers: z.array(z.string().regex(/^\d{6,15}$/, 'Not an international number.')).max(10_000, 'Ask about at most 10,000 numbers at a time.'),
});

export const OptedOutRecord = OptOutEvent.extend({ name: z.string().nullable() });
export type OptedOutRecord = z.infer<typeof OptedOutRecord>;

export const OptedOutQuery = z.object({
  filter: z.string().trim().max(100).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const OptedOutPage = z.object({ total: z.number().int(), items: z.array(OptedOutRecord) });

export const ManualOptOut = z.object({
  /** As typed; main normalizes it with the default country. */
  number: z.string().trim().min(1, 'Enter a phone number.').max(40, 'That is too long for a phone number.'),
  action: z.enum(['out', 'in']),
  note: z.string().trim().min(1, 'Say why, for the record (e.g. “asked by phone on Monday”).').max(500, 'Keep the note under 500 characters.'),
});
export type ManualOptOut = z.input<typeof ManualOptOut>;

export interface OptOutWarning {
  reason: 'opted_out' | 'blacklisted';
  /** When the opt-out took effect (null for a blacklist, which has no date). */
  since: number | null;
}

/**
 * Whether the composer must warn before this message goes to this number. A template, or any
 * message outside a conversation the customer reopened, is business-initiated: warn when the
 * number is opted out or blacklisted. A reply inside the 24-hour window to a message the customer
 * wrote after opting out is them talking to the business again: no warning. (The opt-out
 * message itself does not reopen anything: it is not later than the opt-out.)
 */
export function optOutWarning(status: OptOutStatus | null, messageType: MessageType, now: number): OptOutWarning | null {
  if (!status || !status.blocked) return null;
  if (status.blacklisted) return { reason: 'blacklisted', since: null };
  const since = status.optedOut?.at ?? null;
  if (since === null) return null;
  const last = status.lastInboundAt;
  const repliedSince = last !== null && last > since && now - last < WINDOW_MS;
  if (messageType !== 'template' && repliedSince) return null;
  return { reason: 'opted_out', since };
}

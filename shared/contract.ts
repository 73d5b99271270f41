import { z } from 'zod';
import { AccountStatus, ConnectionTestResult, CredentialsInput, SaveCredentialsInput } from './account';
import { NewMessagesNotice, RenameContact, RenamedContact, UnreadTotal } from './contacts';
import {
  ConversationPage,
  ConversationQuery,
  ExportRequest,
  ExportResult,
  MessageDetail,
  MessageKey,
  OutboxPage,
  OutboxQuery,
  SearchQuery,
  SearchResult,
  SyncStatus,
  Thread,
  ThreadQuery,
} from './history';
import { MEDIA_TYPES, type MediaType } from './messages';
import {
  CampaignLimits,
  CheckStatus,
  DraftRef,
  DraftSummary,
  Mapping,
  MappingInput,
  RowsPage,
  RowsQuery,
  SheetInput,
  UploadInput,
  VerdictPage,
  VerdictQuery,
} from './campaigns';
import { CapabilityRow, CsvInspectResult, NumberSource, OptInOutcome, OptInPage, OptInPlan, OptInQuery, OptInSubmit, TableExport } from './optins';
import { EditRequest, MediaVerdict, QueueItem, QueueRef, RecipientInfo, ResolveRequest, SendRequest, SendResult } from './outbox';
import { ApiBaseUrlSchema, Settings, SettingsPatch } from './settings';
import { ManualOptOut, OptedOutPage, OptedOutQuery, OptOutEvent, OptOutStatus, OptOutStatusQuery } from './optouts';
import { TemplateEntry, TemplateImportResult, TemplateRef, TemplateSave } from './templates';
import {
  CampaignDetail,
  CampaignEstimate,
  CampaignList,
  CampaignListQuery,
  CampaignRef,
  CampaignSummary,
  CancelResult,
  ConfirmInput,
  RecipientPage,
  RecipientQuery,
  ResolveInput,
  TestSendInput,
} from './campaign-runs';

/**
 * The IPC contract: every call the renderer can make and every event main pushes, declared
 * once. Main's handlers, the Electron preload, the web preview's bridge and the renderer's
 * client are all typed from this module, so adding a call is a change here plus its handler.
 *
 * Channel names are "namespace.operation"; the renderer sees them as api.namespace.operation().
 */

interface CallDefinition<I extends z.ZodType, O extends z.ZodType> {
  readonly input: I;
  readonly output: O;
}

const call = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CallDefinition<I, O> => ({
  input,
  output,
});

/** Calls that take nothing. Transports send `undefined`/`null`; both mean "no input". */
const noInput = z.null().optional().transform(() => undefined);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the database and logs live; shown in Settings so users can back it up. */
  dataDir: z.string(),
  /** The host shows system notifications itself (the desktop app); the web preview's page uses the browser's. */
  systemNotifications: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const DatabaseStatus = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  sizeBytes: z.number().int().nonnegative(),
  journalMode: z.string(),
  /** The current account's message cache. */
  cache: z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative(), messages: z.number().int() }).nullable(),
});
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

export const ExternalUrl = z.object({ url: z.string().max(2048) });

/** A message cache on disk whose account is not in use (removed or replaced). */
export const UnusedCache = z.object({
  /** "demo", or a hash of the account's address and key. */
  accountId: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  lastUsedAt: z.number(),
});
export type UnusedCache = z.infer<typeof UnusedCache>;
export const UnusedCaches = z.object({ caches: z.array(UnusedCache) });

export const calls = {
  'app.info': call(noInput, AppInfo),
  /** Opens an https link in the user's browser; anything else is refused by main. */
  'app.openExternal': call(ExternalUrl, z.object({ opened: z.boolean() })),
  'settings.get': call(noInput, Settings),
  'settings.update': call(SettingsPatch, Settings),
  'db.status': call(noInput, DatabaseStatus),
  /** Message caches left by accounts not in use; never the current one. */
  'db.unusedCaches': call(noInput, UnusedCaches),
  /** Deletes one of them from this computer; answers the ones left. */
  'db.deleteUnusedCache': call(z.object({ accountId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'Choose one of the listed message caches.') }), UnusedCaches),

  'account.status': call(noInput, AccountStatus),
  /** Checks credentials without saving them. The secret travels in, never back out. */
  'account.test': call(CredentialsInput.extend({ baseUrl: ApiBaseUrlSchema.optional() }), ConnectionTestResult),
  'account.save': call(SaveCredentialsInput, AccountStatus),
  'account.recheck': call(noInput, AccountStatus),
  'account.remove': call(noInput, AccountStatus),
  /** Demo mode: the built-in simulator with seeded data, on a loopback port. */
  'demo.start': call(noInput, AccountStatus),
  'demo.stop': call(noInput, AccountStatus),

  'sync.status': call(noInput, SyncStatus),
  /** Starts a sync, or joins the one running; answers when it ends. */
  'sync.start': call(noInput, SyncStatus),
  'sync.cancel': call(noInput, SyncStatus),
  'conversations.list': call(ConversationQuery, ConversationPage),
  'conversations.thread': call(ThreadQuery, Thread),
  'conversations.markRead': call(z.object({ contact: z.string().trim().min(1).max(32) }), z.object({ marked: z.number().int() })),
  /** Unread messages in all conversations (the Inbox entry's badge). */
  'conversations.unread': call(noInput, UnreadTotal),
  /** Names a contact on this computer (wins over the opt-in list's name); an empty name removes it. */
  'contacts.rename': call(RenameContact, RenamedContact),
  'outbox.list': call(OutboxQuery, OutboxPage),
  'messages.detail': call(z.object({ key: MessageKey }), MessageDetail),
  'search.query': call(SearchQuery, SearchResult),
  /** Writes the rows to a CSV file the user picks (UTF-8 with BOM, for Excel). */
  'export.csv': call(ExportRequest, ExportResult),

  /** Normalizes a typed number and says what the app knows of it (name, 24-hour window). */
  'compose.recipient': call(z.object({ to: z.string().max(40) }), RecipientInfo),
  /** Media pre-flight: asks the URL for its type and size. */
  'media.check': call(z.object({ type: z.enum(MEDIA_TYPES as [MediaType, ...MediaType[]]), url: z.string().max(2048) }), MediaVerdict),
  /** Writes the message to the outbox, then sends it (now, or when the connection returns). */
  'outbox.send': call(SendRequest, SendResult),
  'outbox.queue': call(noInput, z.object({ items: z.array(QueueItem) })),
  'outbox.edit': call(EditRequest, SendResult),
  'outbox.cancel': call(QueueRef, z.object({ cancelled: z.boolean() })),
  'outbox.retry': call(QueueRef, z.object({ retried: z.boolean() })),
  /** The user's decision on a message whose outcome stayed unknown: send it again, or it arrived. */
  'outbox.resolve': call(ResolveRequest, z.object({ resolved: z.boolean() })),

  'optins.list': call(OptInQuery, OptInPage),
  'optins.refresh': call(noInput, z.object({ count: z.number().int(), refreshedAt: z.number() })),
  'csv.inspect': call(z.object({ text: z.string().max(20 * 1024 * 1024, 'The file is larger than 20 MB.') }), CsvInspectResult),
  /** Checks numbers for an opt-in and says what would happen; sends nothing. */
  'optins.plan': call(z.object({ source: NumberSource }), OptInPlan),
  'optins.submit': call(OptInSubmit, z.object({ results: z.array(OptInOutcome) })),
  'capability.check': call(z.object({ source: NumberSource }), z.object({ rows: z.array(CapabilityRow) })),
  /** Saves a table the user sees (e.g. a capability check) as CSV. */
  'export.table': call(TableExport, ExportResult),

  /** Campaign drafts: a spreadsheet loaded and checked in main; the renderer reads pages. */
  'campaignDrafts.limits': call(noInput, CampaignLimits),
  /** Desktop: main's file dialog, then the file is read in main. Null when the user cancelled. */
  'campaignDrafts.pick': call(noInput, z.object({ draft: DraftSummary.nullable() })),
  /** The preview: the file's bytes from an <input type=file>, once (base64, at most 20 MB). */
  'campaignDrafts.upload': call(UploadInput, DraftSummary),
  'campaignDrafts.chooseSheet': call(SheetInput, DraftSummary),
  'campaignDrafts.rows': call(RowsQuery, RowsPage),
  /** Refused, with the placeholders concerned, while any {{n}} is unmapped. */
  'campaignDrafts.setMapping': call(MappingInput, Mapping),
  /** Starts the check; progress follows as campaignDrafts.progress events. */
  'campaignDrafts.check': call(DraftRef, CheckStatus),
  'campaignDrafts.status': call(DraftRef, CheckStatus),
  'campaignDrafts.verdicts': call(VerdictQuery, VerdictPage),
  /** Saves the rows that will not be sent (with a Problem column) as a CSV to fix and load again. */
  'campaignDrafts.exportProblems': call(DraftRef, ExportResult),
  'campaignDrafts.discard': call(DraftRef, z.object({ discarded: z.boolean() })),
  /** May we message these numbers? Opted out (since when, how) or blacklisted, per number. */
  'optouts.status': call(OptOutStatusQuery, z.object({ items: z.array(OptOutStatus) })),
  /** The numbers opted out now, newest first (the Opt-ins screen's Opted out tab). */
  'optouts.list': call(OptedOutQuery, OptedOutPage),
  /** Every change to one number, oldest first. */
  'optouts.history': call(z.object({ number: z.string().regex(/^\d{6,15}$/, 'Not an international number.') }), z.object({ events: z.array(OptOutEvent) })),
  /** Opts a number out or back in by hand, with a note for the record. */
  'optouts.set': call(ManualOptOut, OptOutStatus),
  /** Saves the whole ledger, with its evidence, as CSV. */
  'optouts.export': call(noInput, ExportResult),

  'templates.list': call(noInput, z.object({ items: z.array(TemplateEntry) })),
  'templates.save': call(TemplateSave, TemplateEntry),
  'templates.delete': call(TemplateRef, z.object({ deleted: z.boolean() })),
  /** Reads a library file (JSON); nothing is imported if any entry is bad. */
  'templates.import': call(z.object({ text: z.string().min(1, 'The file is empty.').max(5 * 1024 * 1024, 'The file is larger than 5 MB.') }), TemplateImportResult),
  /** Saves the library as a JSON file, to move it to another computer. */
  'templates.export': call(noInput, ExportResult),

  /** What confirming a checked draft with these settings would send, skip and take; sends nothing. */
  'campaigns.estimate': call(ConfirmInput, CampaignEstimate),
  /** Sends row 1's message to the user's own number, through the reply lane. */
  'campaigns.testSend': call(TestSendInput, SendResult),
  /** Writes the journal and starts (or schedules) the campaign; a second confirm of the same draft answers the same campaign. */
  'campaigns.confirm': call(ConfirmInput, CampaignSummary),
  'campaigns.list': call(CampaignListQuery, CampaignList),
  'campaigns.get': call(CampaignRef, CampaignDetail),
  'campaigns.recipients': call(RecipientQuery, RecipientPage),
  /** Starts a scheduled or waiting campaign now. */
  'campaigns.start': call(CampaignRef, CampaignSummary),
  'campaigns.pause': call(CampaignRef, CampaignSummary),
  'campaigns.resume': call(CampaignRef, CampaignSummary),
  /** Leaves unsent rows unsent and says how many. */
  'campaigns.cancel': call(CampaignRef, CancelResult),
  /** A new campaign, linked to this one, of its retryable failures only. */
  'campaigns.retryFailed': call(CampaignRef, CampaignSummary),
  'campaigns.resolve': call(ResolveInput, z.object({ changed: z.number().int() })),
  /** The user's columns plus status, SMSGlobal id, error, sent/delivered/read at (CSV, UTF-8 with BOM). */
  'campaigns.exportResults': call(CampaignRef, ExportResult),
  /** Deletes a finished campaign's journal; its messages stay in history and search. */
  'campaigns.delete': call(CampaignRef, z.object({ deleted: z.boolean() })),
} as const;

export const events = {
  'settings.changed': Settings,
  'account.changed': AccountStatus,
  'sync.progress': SyncStatus,
  /** Cached messages changed (sync, a send, a read); lists showing these contacts refresh. */
  'messages.changed': z.object({ contacts: z.array(z.string()), reason: z.enum(['sync', 'send', 'read', 'contact']) }),
  /** New customer messages arrived with a sync (never the first download of the history). */
  'messages.incoming': NewMessagesNotice,
  /** A campaign draft's check moved on (at most 10 a second, and once when it is done). */
  'campaignDrafts.progress': CheckStatus,
  /** The opt-out ledger changed by hand or by new keyword lists (empty: any number may have changed). */
  'optouts.changed': z.object({ numbers: z.array(z.string()) }),
  /** A campaign changed (state, counts, pace): at most 10 a second in all. */
  'campaigns.progress': CampaignSummary,
} as const;

export type Calls = typeof calls;
export type Channel = keyof Calls;
export type EventName = keyof typeof events;

/** What the caller passes (before parsing, e.g. optional fields may be missing). */
export type CallInput<C extends Channel> = z.input<Calls[C]['input']>;
/** What the handler receives (after parsing and transforms). */
export type ParsedInput<C extends Channel> = z.output<Calls[C]['input']>;
export type CallOutput<C extends Channel> = z.output<Calls[C]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const channels = Object.keys(calls) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(calls, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

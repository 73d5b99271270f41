import { z } from 'zod';
import { TEMPLATE_BODY_MAX, TEMPLATE_PARAM_MAX } from './template-params';

/**
 * Campaign drafts as the renderer sees them: a spreadsheet loaded and checked in main, read back
 * in pages. The file crosses IPC at most once (inward, in the preview); rows and verdicts come
 * back a page at a time.
 */

export const CAMPAIGN_LIMITS = {
  /** A file read from disk by main (the desktop's file dialog). */
  fileBytes: 50 * 1024 * 1024,
  /** A file sent from the page (the preview's file input): base64 inside the preview host's 32 MB request bound. */
  uploadBytes: 20 * 1024 * 1024,
  rows: 1_000_000,
  columns: 500,
  /** Drafts kept in memory at once; loading another drops the oldest. */
  drafts: 4,
  pageRows: 500,
} as const;

/** Every row gets exactly one, in this precedence (the first that applies wins). */
export const VERDICTS = ['invalid_number', 'excel_damaged', 'duplicate', 'opted_out', 'blacklisted', 'param_problem', 'ready'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Warnings on rows that are otherwise ready; they are sent unless the campaign's settings say otherwise. */
export const WARNINGS = ['not_on_opt_in_list', 'unlisted_number'] as const;
export type Warning = (typeof WARNINGS)[number];

export const verdictLabels: Record<Verdict, string> = {
  invalid_number: 'Invalid number',
  excel_damaged: 'Damaged by Excel',
  duplicate: 'Duplicate',
  opted_out: 'Opted out',
  blacklisted: 'Blacklisted',
  param_problem: 'Parameter problem',
  ready: 'Ready',
};

export const warningLabels: Record<Warning, string> = {
  not_on_opt_in_list: 'Not on the opt-in list',
  unlisted_number: 'Number not in the known ranges',
};

const NOT_LOADED = 'That file is no longer loaded; load it again.';
const DraftId = z.string({ error: NOT_LOADED }).regex(/^d[0-9a-z]{1,20}$/, NOT_LOADED);
/** Where a page starts and how long it is (the wizard's own paging; a bad value is a bug, said plainly). */
const PageOffset = z.number({ error: 'The list position is not a number.' }).int('The list position must be a whole number.').min(0, 'The list position cannot be negative.');
const pageLimit = (max: number) =>
  z.number({ error: 'The page size is not a number.' }).int('The page size must be a whole number.').min(1, 'A page shows at least 1 row.').max(max, `A page shows at most ${max} rows.`);
const ColumnIndex = z.number({ error: 'Choose a column.' }).int('Choose a column.').min(0, 'Choose a column.').max(CAMPAIGN_LIMITS.columns - 1, 'Choose a column.');

export const DraftRef = z.object({ draftId: DraftId });

export const DraftSummary = z.object({
  draftId: z.string(),
  fileName: z.string(),
  kind: z.enum(['csv', 'xlsx']),
  /** How the text was written (CSV only): "UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE", "Windows-1252". */
  encoding: z.string().nullable(),
  delimiter: z.enum([',', ';', '\t']).nullable(),
  /** The workbook's sheets (xlsx only) and the one read. */
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  columns: z.array(z.string()),
  rowCount: z.number().int(),
  /** The column that looks like the phone numbers, or null when none does. */
  phoneColumn: z.number().int().nullable(),
});
export type DraftSummary = z.infer<typeof DraftSummary>;

export const CampaignLimits = z.object({
  /** True when main can open a file dialog (desktop); the preview sends the file's bytes instead. */
  nativeDialog: z.boolean(),
  fileBytes: z.number().int(),
  uploadBytes: z.number().int(),
  rows: z.number().int(),
});

const BASE64_MAX = Math.ceil(CAMPAIGN_LIMITS.uploadBytes / 3) * 4;

export const UploadInput = z.object({
  fileName: z
    .string({ error: 'The file has no name.' })
    .trim()
    .min(1, 'The file has no name.')
    .max(255, 'The file name is too long.')
    .refine((name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 32), 'The file name has characters a file name cannot have.'),
  base64: z
    .string({ error: 'The file did not arrive; choose it again.' })
    .min(1, 'The file is empty.')
    .max(BASE64_MAX, `The file is larger than ${CAMPAIGN_LIMITS.uploadBytes / 1024 / 1024} MB; split it into smaller files.`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file did not arrive in one piece; choose it again.'),
});

export const SheetInput = DraftRef.extend({ sheet: z.string({ error: 'Choose a sheet.' }).min(1, 'Choose a sheet.').max(100, 'Choose a sheet.') });

export const RowsQuery = DraftRef.extend({
  offset: PageOffset.default(0),
  limit: pageLimit(CAMPAIGN_LIMITS.pageRows).default(100),
});
export const RowsPage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  /** `row` is the row number as the spreadsheet shows it (the header is row 1). */
  rows: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
});
export type RowsPage = z.infer<typeof RowsPage>;

export const ParamSource = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('column'), column: ColumnIndex }),
    z.object({ kind: z.literal('text'), text: z.string({ error: 'Type the text.' }).max(TEMPLATE_PARAM_MAX, `A fixed text can be at most ${TEMPLATE_PARAM_MAX} characters.`) }),
  ],
  { error: 'Choose a column or type a text.' },
);
export type ParamSource = z.infer<typeof ParamSource>;

export const TemplateRef = z
  .object({
    name: z
      .string({ error: 'Enter the template name.' })
      .trim()
      .min(1, 'Enter the template name.')
      .max(512, 'A template name is at most 512 characters.')
      .regex(/^[a-z0-9_]+$/, 'Template names have only lowercase letters, digits and underscores, like order_update.'),
    /** The template's body, when known (from the library): its placeholders decide what must be mapped. */
    body: z.string({ error: 'The template body is not text.' }).min(1, 'The template body is empty.').max(TEMPLATE_BODY_MAX, `A template body is at most ${TEMPLATE_BODY_MAX} characters.`).optional(),
    /** Without a body: how many parameters ({{1}}…{{n}}) the template has. */
    paramCount: z.number({ error: 'Enter how many parameters the template has.' }).int('Enter a whole number of parameters.').min(0, 'Enter 0 or more parameters.').max(99, 'A template has at most 99 parameters.').optional(),
    language: z.string({ error: 'Use a language code like en or en_US.' }).trim().regex(/^[A-Za-z]{2,3}(?:_[A-Za-z]{2,4})?$/, 'Use a language code like en or en_US.').optional(),
  })
  .refine((t) => t.body !== undefined || t.paramCount !== undefined, { message: 'Choose a template, or enter how many parameters it has.', path: ['paramCount'] });
export type TemplateRef = z.infer<typeof TemplateRef>;

export const MappingInput = DraftRef.extend({
  template: TemplateRef,
  phoneColumn: ColumnIndex,
  /** One entry per placeholder: {{placeholder}} ← a column of the file, or the same text for everyone. */
  params: z
    .array(
      z.object({
        placeholder: z.number({ error: 'Choose a placeholder.' }).int('Choose a placeholder.').min(1, 'Placeholders start at {{1}}.').max(99, 'Placeholders go up to {{99}}.'),
        source: ParamSource,
      }),
      { error: 'Map the template’s placeholders.' },
    )
    .max(99, 'A template has at most 99 parameters.'),
});
export type MappingInput = z.infer<typeof MappingInput>;

export const Mapping = z.object({
  template: z.object({ name: z.string(), body: z.string().nullable(), language: z.string().nullable() }),
  /** The template's placeholder numbers, in order; params[i] fills placeholders[i]. */
  placeholders: z.array(z.number().int()),
  phoneColumn: z.number().int(),
  params: z.array(ParamSource),
});
export type Mapping = z.infer<typeof Mapping>;

export const CheckStatus = z.object({
  draftId: z.string(),
  state: z.enum(['unchecked', 'running', 'done', 'failed']),
  /** Why the check stopped, when it failed. */
  error: z.string().nullable(),
  checked: z.number().int(),
  total: z.number().int(),
  counts: z.record(z.enum(VERDICTS), z.number().int()),
  /** Ready rows with a warning. */
  warnings: z.record(z.enum(WARNINGS), z.number().int()),
});
export type CheckStatus = z.infer<typeof CheckStatus>;

/** `sendable`: the ready rows that are on the opt-in list (what a campaign set to skip the others sends). */
export const VerdictFilter = z.enum([...VERDICTS, ...WARNINGS, 'sendable', 'problems', 'all'], { error: 'Choose which rows to show.' });
export type VerdictFilter = z.infer<typeof VerdictFilter>;

export const VerdictQuery = DraftRef.extend({
  filter: VerdictFilter.default('all'),
  offset: PageOffset.default(0),
  limit: pageLimit(CAMPAIGN_LIMITS.pageRows).default(100),
});

export const VerdictRow = z.object({
  row: z.number().int(),
  /** The phone cell as the file has it, and the number read from it. */
  input: z.string(),
  number: z.string().nullable(),
  international: z.string().nullable(),
  verdict: z.enum(VERDICTS),
  /** Why the row is not ready, in a sentence; null when it is. */
  reason: z.string().nullable(),
  duplicateOf: z.number().int().nullable(),
  optedOut: z.object({ at: z.number().nullable(), how: z.string() }).nullable(),
  params: z.array(z.object({ placeholder: z.number().int(), value: z.string(), problem: z.string().nullable() })),
  /** The message as it will read, when the template's body is known. */
  text: z.string().nullable(),
  warnings: z.array(z.object({ kind: z.enum(WARNINGS), message: z.string() })),
});
export type VerdictRow = z.infer<typeof VerdictRow>;

export const VerdictPage = z.object({
  /** Rows matching the filter among those checked so far. */
  total: z.number().int(),
  offset: z.number().int(),
  status: CheckStatus,
  rows: z.array(VerdictRow),
});
export type VerdictPage = z.infer<typeof VerdictPage>;

import { z } from 'zod';

/** Opt-ins and capability checks as the renderer sees them. */

export const OptInRecord = z.object({
  number: z.string(),
  name: z.string(),
  capable: z.boolean().nullable(),
  blacklist: z.boolean().nullable(),
});
export type OptInRecord = z.infer<typeof OptInRecord>;

export const OptInQuery = z.object({
  filter: z.string().trim().max(100).optional(),
  sort: z.enum(['name', 'number', 'recent']).default('name'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const OptInPage = z.object({ total: z.number().int(), items: z.array(OptInRecord), refreshedAt: z.number().nullable() });

/** Files travel as text: a spreadsheet export of a few thousand rows is well under this. */
const CsvText = z.string().min(1, 'The file is empty.').max(20 * 1024 * 1024, 'The file is larger than 20 MB; split it into smaller files.');

export const CsvInspectResult = z.object({
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  delimiter: z.string(),
});
export type CsvInspectResult = z.infer<typeof CsvInspectResult>;

export const NumberSource = z.discriminatedUnion('kind', [
  /** Pasted or typed: one number per line, optionally "name, number". */
  z.object({ kind: z.literal('list'), text: z.string().max(2_000_000, 'That is too much text to paste; use a CSV file.') }),
  z.object({ kind: z.literal('csv'), text: CsvText, numberColumn: z.number().int().min(0), nameColumn: z.number().int().min(0).optional() }),
]);
export type NumberSource = z.input<typeof NumberSource>;

export const PlannedEntry = z.object({ row: z.number().int(), input: z.string(), name: z.string(), number: z.string(), international: z.string() });
export const OptInPlan = z.object({
  valid: z.array(PlannedEntry),
  invalid: z.array(z.object({ row: z.number().int(), input: z.string(), reason: z.string() })),
  duplicates: z.array(z.object({ row: z.number().int(), input: z.string(), number: z.string(), firstRow: z.number().int() })),
  alreadyOptedIn: z.array(z.object({ row: z.number().int(), number: z.string(), name: z.string() })),
});
export type OptInPlan = z.infer<typeof OptInPlan>;

export const OptInSubmit = z.object({
  entries: z
    .array(z.object({ number: z.string().regex(/^\d{6,15}$/, 'Not an international number.'), name: z.string().trim().max(200).optional() }))
    .min(1, 'Nothing to opt in.')
    .max(10_000, 'Opt in at most 10,000 numbers at a time.'),
});
export const OptInOutcome = z.object({
  number: z.string(),
  ok: z.boolean(),
  name: z.string(),
  capable: z.boolean().nullable(),
  blacklist: z.boolean().nullable(),
  error: z.string().nullable(),
});
export type OptInOutcome = z.infer<typeof OptInOutcome>;

export const CapabilityRow = z.object({
  row: z.number().int(),
  input: z.string(),
  number: z.string().nullable(),
  name: z.string(),
  capable: z.boolean().nullable(),
  blacklist: z.boolean().nullable(),
  error: z.string().nullable(),
});
export type CapabilityRow = z.infer<typeof CapabilityRow>;

export const TableExport = z.object({
  fileName: z.string().trim().min(1).max(100).regex(/^[\w .-]+$/, 'Use letters, digits, spaces, dots and dashes in the file name.'),
  header: z.array(z.string().max(200)).min(1).max(50),
  rows: z.array(z.array(z.string().max(10_000)).max(50)).max(100_000),
});

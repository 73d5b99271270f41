import { z } from 'zod';

/**
 * Every IPC call answers with a Result instead of throwing across the process boundary:
 * thrown errors lose their type when Electron serializes them, and the UI needs a code it
 * can explain in a sentence (see GitHub Desktop's and Dyad's typed handlers).
 */
export const ErrorCode = z.enum([
  'validation', // the input did not match its schema, or the API refused the data (400)
  'forbidden', // the IPC sender or preview request is not trusted
  'not_configured', // no credentials yet
  'auth', // the API refused the key/secret (401/403)
  'payment_required', // 402: no credit
  'not_found', // 404, or a local record that does not exist
  'rate_limited', // 429
  'server', // 5xx or a response that broke the contract
  'network', // could not reach the API
  'timeout', // the API did not answer in time
  'outcome_unknown', // a send may or may not have reached the API
  'cancelled', // the user or the app cancelled the work
  'conflict', // the operation cannot run now (e.g. a sync is already running)
  'unavailable', // a local facility is missing (keychain, dialog…)
  'database', // the local database refused (e.g. made by a newer app version)
  'internal', // a bug: the message is generic, details are in the log
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Per-field messages, keyed by a dotted path ("message.lat", "to.0"). */
  fields: z.record(z.string(), z.array(z.string())).optional(),
  /** Seconds to wait before trying again (rate limits). */
  retryAfterSeconds: z.number().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorData>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: AppErrorData): Result<never> => ({ ok: false, error });

/** An error that carries an AppErrorData; thrown inside main, turned into a Result at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string[]> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'AppError';
    this.code = data.code;
    this.fields = data.fields;
    this.retryAfterSeconds = data.retryAfterSeconds;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.retryAfterSeconds !== undefined) data.retryAfterSeconds = this.retryAfterSeconds;
    return data;
  }
}

/** Turns zod issues into the same per-field shape the API's 400 bodies use. */
export function fieldErrorsFromZod(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** One sentence that lists what is wrong, for places that show a single line. */
export function summarizeFieldErrors(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, messages]) => (field === '_' ? messages.join('; ') : `${field}: ${messages.join('; ')}`))
    .join(' · ');
}

import { AppError, type AppErrorData } from '../../../shared/result';

/** An AppError that remembers the HTTP status it came from (for the retry policy). */
export class ApiError extends AppError {
  constructor(
    data: AppErrorData,
    readonly status: number,
  ) {
    super(data);
  }
}

/** A 2xx whose body is not JSON (cut off on the way): reading it again is safe for an idempotent call. */
export class UnreadableAnswerError extends ApiError {}

/**
 * Turning HTTP failures into sentences. Every body the API may send — JSON in three shapes,
 * plain text, HTML, nothing — ends as an AppError the UI can show; nothing here throws a parse error.
 */

/** Per-field messages from a 400 body: {"errors": {"field": {"errors": [..]}}}, {"errors": [..]}, {"error": ".."}. */
export function errorFields(body: unknown): Record<string, string[]> | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const fields: Record<string, string[]> = {};
  const add = (field: string, message: unknown): void => {
    if (typeof message === 'string' && message.trim() !== '') (fields[field] ??= []).push(message.trim());
  };
  const walk = (field: string, value: unknown): void => {
    if (typeof value === 'string') add(field, value);
    else if (Array.isArray(value)) value.forEach((v) => walk(field, v));
    else if (typeof value === 'object' && value !== null) {
      const inner = value as Record<string, unknown>;
      if ('errors' in inner) walk(field, inner['errors']);
      else if ('message' in inner) add(field, inner['message']);
      else for (const [key, v] of Object.entries(inner)) walk(field === '_' ? key : `${field}.${key}`, v);
    }
  };
  if ('errors' in record) walk('_', record['errors']);
  if (typeof record['error'] === 'string') add('_', record['error']);
  if (typeof record['message'] === 'string' && Object.keys(fields).length === 0) add('_', record['message']);
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function retryAfterSeconds(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** A sentence about the local clock when the server's Date header is more than a minute away. */
export function clockSkewHint(dateHeader: string | undefined, now: number): string | undefined {
  if (!dateHeader) return undefined;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return undefined;
  const skew = Math.round((now - server) / 1000);
  if (Math.abs(skew) <= 60) return undefined;
  const minutes = Math.round(Math.abs(skew) / 60);
  const amount = minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.abs(skew)} seconds`;
  return `This computer's clock is ${amount} ${skew > 0 ? 'ahead of' : 'behind'} SMSGlobal's. Signed requests are refused when the clock is off by more than a few minutes: correct the clock and try again.`;
}

function firstLine(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 160 ? `${plain.slice(0, 157)}…` : plain;
}

export interface HttpFailure {
  status: number;
  body: unknown;
  text: string;
  headers: Record<string, string | undefined>;
  now: number;
  host: string;
}

export function errorForStatus(failure: HttpFailure): ApiError {
  const make = (data: AppErrorData): ApiError => new ApiError(data, failure.status);
  const { status, body, text, headers, now, host } = failure;
  const fields = errorFields(body);
  const serverWords = fields?.['_']?.join(' ') ?? (body === null && text.trim() !== '' ? firstLine(text) : undefined);
  if (status === 400 || status === 422) {
    const summary = fields ? Object.entries(fields).map(([f, m]) => (f === '_' ? m.join(' ') : `${f}: ${m.join(' ')}`)).join(' · ') : undefined;
    return make({
      code: 'validation',
      message: summary ? `SMSGlobal refused the request: ${summary}` : 'SMSGlobal refused the request as invalid (HTTP 400).',
      ...(fields ? { fields } : {}),
    });
  }
  if (status === 401 || status === 403) {
    const hint = clockSkewHint(headers['date'], now);
    const base = `SMSGlobal refused the API key or secret (HTTP ${status}${serverWords ? `: ${serverWords}` : ''}). Check both in Settings → Account.`;
    return make({ code: 'auth', message: hint ? `${base} ${hint}` : base });
  }
  if (status === 402) {
    return make({ code: 'payment_required', message: 'Your SMSGlobal account has run out of credit (HTTP 402). Top up in MXT, then try again.' });
  }
  if (status === 404) {
    return make({ code: 'not_found', message: `SMSGlobal has no such resource (HTTP 404${serverWords ? `: ${serverWords}` : ''}).` });
  }
  if (status === 429) {
    const wait = retryAfterSeconds(headers['retry-after'], now);
    return make({
      code: 'rate_limited',
      message: wait !== undefined ? `SMSGlobal is limiting requests; try again in ${wait} second${wait === 1 ? '' : 's'}.` : 'SMSGlobal is limiting requests; try again shortly.',
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    });
  }
  if (status === 405 || status === 406 || status === 415) {
    return make({
      code: 'server',
      message: `SMSGlobal (${host}) did not accept the request format (HTTP ${status}). Check the API address in Settings → Account.`,
    });
  }
  if (status >= 500) {
    // 503 may say when to come back; the retry policy honours it like a 429's.
    const wait = retryAfterSeconds(headers['retry-after'], now);
    return make({
      code: 'server',
      message: `SMSGlobal had a problem answering (HTTP ${status}). Try again in a moment.`,
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    });
  }
  return make({ code: 'server', message: `SMSGlobal answered with an unexpected status (HTTP ${status}).` });
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_INVALID_URL']);

/** The error code of a Node/undici network error, looking through `cause`. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the request certainly never left this machine (so even a send may be retried). */
export function failedBeforeSending(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/**
 * The API's host could not be reached at all (refused, unknown, no route): the computer is offline
 * or the address is wrong. Trying the same request again at once rarely helps; callers that retry
 * give up on it early and try again later as a whole.
 */
export class UnreachableError extends AppError {}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

export function networkError(error: unknown, host: string): AppError {
  const code = networkErrorCode(error);
  const reason =
    code === 'ECONNREFUSED'
      ? 'the connection was refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'the address could not be found'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'the connection was dropped'
          : code === 'UND_ERR_CONNECT_TIMEOUT'
            ? 'the connection timed out'
            : 'the network failed';
  const data = { code: 'network' as const, message: `Could not reach SMSGlobal at ${host}: ${reason}. Check your internet connection.` };
  return code !== undefined && UNREACHABLE.has(code) ? new UnreachableError(data) : new AppError(data);
}

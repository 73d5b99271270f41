import { Agent } from 'undici';
import type { z } from 'zod';
import { apiDateOffsetMinutes, formatApiDate, formatApiDateAtOffset, parseApiDate, timeZoneOffsetMinutes } from '../../../shared/dates';
import type { WhatsAppMessage } from '../../../shared/messages';
import { AppError } from '../../../shared/result';
import { DEFAULT_BACKOFF, retryDelay, type BackoffPolicy } from '../backoff';
import type { Logger } from '../log';
import { endpointPath, endpoints, type Operation } from './endpoints';
import { ApiError, UnreachableError, errorForStatus, failedBeforeSending, networkError, networkErrorCode, UnreadableAnswerError } from './errors';
import { parseJsonBody } from './json';
import { hostAndPort, signTarget } from './mac';
import { exchange, type Exchange } from './transport';
import {
  CapabilityBody,
  IncomingMessageBody,
  IncomingListBody,
  OptInListBody,
  OutgoingListBody,
  OutgoingMessageBody,
  SendBody,
  type OptIn,
} from './schemas';

export interface ApiCredentials {
  key: string;
  secret: string;
}

export interface ApiClientOptions {
  baseUrl: string;
  credentials: ApiCredentials;
  /**
   * The time zone from Settings: offset-less dates are read in it, and list filters are sent in
   * it until the answers show the account's own offset (see `accountClock`).
   */
  timeZone: string;
  timeoutMs?: number;
  /** Retries for idempotent requests (GETs, capability, opt-in). Sends are never retried. */
  maxRetries?: number;
  /** The waits between those retries (the app's one policy; tests shorten it). */
  backoff?: BackoffPolicy;
  /** Longest Retry-After the client waits on its own; longer waits are returned to the caller. */
  maxRetryWaitMs?: number;
  /** Open connections to the API at most; further requests wait their turn. */
  maxConnections?: number;
  log?: Logger;
  now?: () => number;
  /** Injected for tests of the backoff; defaults to a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListQuery {
  /** 1-based. */
  offset?: number;
  limit?: number;
  /** Epoch ms; sent as "Y-m-d H:i:s" wall time in the account's zone. Both are optional. */
  startDate?: number;
  endDate?: number;
  /**
   * Write the dates at this fixed UTC offset (minutes east). The sync fixes one per run, so its
   * windows' boundaries stay contiguous in the account's wall time whatever its DST does.
   */
  utcOffsetMinutes?: number;
  destination?: string;
  origin?: string;
  search?: string;
}

export interface ListResult<T> {
  items: T[];
  total: number;
  /** The account's clock as this answer's newest item shows it; null for an empty page. */
  clock: ClockSample | null;
}

/** The account's UTC offset, read from one answer's createdDate ("2020-08-18 10:36:29 +1000"). */
export interface ClockSample {
  /** Minutes east of UTC. */
  offsetMinutes: number;
  /** The item's createdAt (UTC ms): a newer sample wins (offsets move with DST). */
  at: number;
}

/** The newer of two samples (the account's offset can change with its DST). */
export function newerSample(a: ClockSample | null, b: ClockSample | null): ClockSample | null {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

export interface IncomingMessage {
  id: string;
  from: string;
  to: string;
  message: string;
  createdDate: string;
  createdAt: number;
}

export interface OutgoingMessage {
  id: string;
  recipient: string;
  status: string;
  state: string;
  message: string;
  createdDate: string;
  createdAt: number;
}

export type { OptIn };

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const cancelled = (): AppError => new AppError({ code: 'cancelled', message: 'The request was cancelled.' });

interface RequestSpec<T> {
  operation: Operation;
  id?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  idempotent: boolean;
}

/**
 * SMSGlobal WhatsApp API client: MAC-signed requests over keep-alive connections, responses
 * validated with zod, failures as AppErrors with a sentence for the user.
 */
export class ApiClient {
  private readonly agent: Agent;
  private readonly origin: URL;
  /** Origin and path prefix without a trailing slash (a proxy may serve the API under a path). */
  private readonly originText: string;
  private readonly pathPrefix: string;
  private readonly hostPort: { host: string; port: number };
  private readonly options: Required<Omit<ApiClientOptions, 'log'>> & { log: Logger | undefined };
  private learned: ClockSample | null = null;

  constructor(options: ApiClientOptions) {
    this.origin = new URL(options.baseUrl);
    this.originText = this.origin.origin;
    this.pathPrefix = this.origin.pathname.replace(/\/+$/, '');
    this.hostPort = hostAndPort(this.origin);
    this.options = {
      timeoutMs: 30_000,
      maxRetries: 3,
      maxRetryWaitMs: 60_000,
      backoff: DEFAULT_BACKOFF,
      maxConnections: 8,
      now: Date.now,
      sleep: abortableSleep,
      ...options,
      log: options.log,
    };
    this.agent = new Agent({
      connections: this.options.maxConnections,
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
    });
  }

  get host(): string {
    return this.origin.host;
  }

  private closing: Promise<void> | null = null;

  /** Closes the keep-alive connections; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }

  /**
   * Builds the request target once — path with /v2 plus the encoded query — and that exact string
   * is both signed and sent on the request line.
   */
  buildTarget(operation: Operation, id?: string, query?: Record<string, string | number | undefined>): string {
    let target = this.pathPrefix + endpointPath(operation, id);
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
      const search = params.toString();
      if (search) target += `?${search}`;
    }
    return target;
  }

  /** The account's clock as the answers so far showed it (null until one had a dated item). */
  get accountClock(): ClockSample | null {
    return this.learned;
  }

  private learn(createdDate: string, at: number): ClockSample | null {
    const offsetMinutes = apiDateOffsetMinutes(createdDate);
    if (offsetMinutes === null) return null;
    const sample = { offsetMinutes, at };
    this.learned = newerSample(this.learned, sample);
    return sample;
  }

  /**
   * A request date as wall time: at the query's fixed offset; else in the Settings zone while it
   * agrees with what the answers showed (it knows DST); else at the offset the answers showed.
   */
  private requestDate(epochMs: number, query: ListQuery): string {
    if (query.utcOffsetMinutes !== undefined) return formatApiDateAtOffset(epochMs, query.utcOffsetMinutes);
    const tz = this.options.timeZone;
    const learned = this.learned;
    if (learned && timeZoneOffsetMinutes(learned.at, tz) !== learned.offsetMinutes) return formatApiDateAtOffset(epochMs, learned.offsetMinutes);
    return formatApiDate(epochMs, tz);
  }

  private listQuery(query: ListQuery): Record<string, string | number | undefined> {
    return {
      offset: query.offset,
      limit: query.limit,
      startDate: query.startDate !== undefined ? this.requestDate(query.startDate, query) : undefined,
      endDate: query.endDate !== undefined ? this.requestDate(query.endDate, query) : undefined,
      destination: query.destination,
      origin: query.origin,
      search: query.search,
    };
  }

  /** Adds createdAt (epoch ms) to a freshly parsed item; the item is the schema's own copy. */
  private withDate<T extends { createdDate: string }>(item: T): T & { createdAt: number } {
    const createdAt = parseApiDate(item.createdDate, this.options.timeZone);
    if (createdAt === null) {
      throw new AppError({ code: 'server', message: `SMSGlobal sent a date the app cannot read ("${item.createdDate}").` });
    }
    this.learn(item.createdDate, createdAt);
    return Object.assign(item, { createdAt });
  }

  /**
   * A list page with createdAt on every item, and the account's clock from its newest item.
   * Items with a date the app cannot read are left out (and logged) rather than failing the page.
   */
  private datedPage<T extends { createdDate: string; id: string }>(total: number, items: T[]): ListResult<T & { createdAt: number }> {
    const dated: (T & { createdAt: number })[] = [];
    let newest: (T & { createdAt: number }) | null = null;
    for (const item of items) {
      const createdAt = parseApiDate(item.createdDate, this.options.timeZone);
      if (createdAt === null) {
        this.options.log?.warn('message with an unreadable date left out', { id: item.id, createdDate: item.createdDate });
        continue;
      }
      const entry = Object.assign(item, { createdAt });
      dated.push(entry);
      if (!newest || createdAt > newest.createdAt) newest = entry;
    }
    return { total, items: dated, clock: newest ? this.learn(newest.createdDate, newest.createdAt) : null };
  }

  async listIncoming(query: ListQuery = {}, call: CallOptions = {}): Promise<ListResult<IncomingMessage>> {
    const body = await this.call({ operation: 'listIncoming', query: this.listQuery(query), schema: IncomingListBody, idempotent: true }, call);
    return this.datedPage(body.total, body.messages);
  }

  async getIncoming(id: string, call: CallOptions = {}): Promise<IncomingMessage> {
    return this.withDate(await this.call({ operation: 'getIncoming', id, schema: IncomingMessageBody, idempotent: true }, call));
  }

  async listOutgoing(query: ListQuery = {}, call: CallOptions = {}): Promise<ListResult<OutgoingMessage>> {
    const body = await this.call({ operation: 'listOutgoing', query: this.listQuery(query), schema: OutgoingListBody, idempotent: true }, call);
    return this.datedPage(body.total, body.messages);
  }

  async getOutgoing(id: string, call: CallOptions = {}): Promise<OutgoingMessage> {
    return this.withDate(await this.call({ operation: 'getOutgoing', id, schema: OutgoingMessageBody, idempotent: true }, call));
  }

  /**
   * Sends one message to one recipient. Never retried: when the request may have reached the
   * server and no answer came back, it fails with code "outcome_unknown" so the caller can look
   * for the message in the outgoing list instead of sending a duplicate.
   */
  async send(to: string, message: WhatsAppMessage, call: CallOptions = {}): Promise<OutgoingMessage> {
    const sent = await this.call({ operation: 'send', body: { to: [to], message }, schema: SendBody, idempotent: false }, call);
    const first = sent[0];
    if (!first) throw new AppError({ code: 'outcome_unknown', message: 'SMSGlobal accepted the send but returned no message; the app will check the outgoing list.' });
    // Accepted (2xx): whatever is wrong with the answer, the message went out.
    const createdAt = parseApiDate(first.createdDate, this.options.timeZone);
    if (createdAt === null) throw new AppError({ code: 'outcome_unknown', message: 'SMSGlobal accepted the send with a date the app cannot read; it will check the outgoing list.' });
    this.learn(first.createdDate, createdAt);
    return Object.assign(first, { createdAt });
  }

  async listOptIns(call: CallOptions = {}): Promise<OptIn[]> {
    return (await this.call({ operation: 'listOptIns', schema: OptInListBody, idempotent: true }, call)).optIn;
  }

  /** Opting in is idempotent (a number opted in twice stays opted in), so it is retried like a GET. */
  async optIn(entries: { number: string; name?: string }[], call: CallOptions = {}): Promise<OptIn[]> {
    const body = { 'opt-in': entries.map((e) => (e.name ? { name: e.name, number: e.number } : { number: e.number })) };
    return (await this.call({ operation: 'optIn', body, schema: OptInListBody, idempotent: true }, call)).optIn;
  }

  async checkCapability(numbers: string[], call: CallOptions = {}): Promise<OptIn[]> {
    return (await this.call({ operation: 'capability', body: { numbers }, schema: CapabilityBody, idempotent: true }, call)).capabilities;
  }

  /** A cheap signed GET: resolves when the key and secret work, throws the reason otherwise. */
  async verifyCredentials(call: CallOptions = {}): Promise<void> {
    await this.listOptIns(call);
  }

  private async call<T>(spec: RequestSpec<T>, call: CallOptions): Promise<T> {
    const retries = spec.idempotent ? this.options.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(spec, call.signal);
      } catch (error) {
        if (!(error instanceof AppError) || attempt >= retries || !isRetryable(error)) throw error;
        // An unreachable host gets one quick second chance, not a page's whole budget of tries.
        if (error instanceof UnreachableError && attempt >= 1) throw error;
        const wait = retryDelay(error, attempt, this.options.backoff);
        if (wait > this.options.maxRetryWaitMs) throw error;
        this.options.log?.info('retrying request', { operation: spec.operation, attempt: attempt + 1, waitMs: wait, reason: error.code });
        await this.options.sleep(wait, call.signal);
      }
    }
  }

  private async once<T>(spec: RequestSpec<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) throw cancelled();
    const { method } = endpoints[spec.operation];
    const target = this.buildTarget(spec.operation, spec.id, spec.query);
    const { credentials } = this.options;
    const headers: Record<string, string> = {
      authorization: signTarget({ method, target, ...this.hostPort, key: credentials.key, secret: credentials.secret, ts: Math.floor(this.options.now() / 1000) }),
      accept: 'application/json',
      'user-agent': 'WhatsAppDesk/0.1',
    };
    let payload: string | undefined;
    if (spec.body !== undefined) {
      payload = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    const started = performance.now();
    let response: Exchange;
    try {
      // undici's own per-request timers: far cheaper than an AbortSignal.timeout per call.
      response = await exchange(this.agent, {
        origin: this.originText,
        path: target,
        method,
        headers,
        body: payload,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal,
      });
    } catch (error) {
      throw this.transportError(error, spec, signal);
    }
    const { text } = response;
    this.options.log?.debug('api request', { method, path: target, status: response.status, ms: Math.round(performance.now() - started) });
    const body = parseJsonBody(text);
    if (response.status >= 200 && response.status < 300) {
      const parsed = spec.schema.safeParse(body);
      if (parsed.success) return parsed.data;
      this.options.log?.warn('unexpected API answer', { operation: spec.operation, issues: parsed.error.issues.slice(0, 3) });
      // A send that got a 2xx went through, even when the answer is unreadable.
      if (!spec.idempotent) {
        throw new AppError({ code: 'outcome_unknown', message: 'SMSGlobal answered the send in a form the app cannot read; it will check the outgoing list before sending again.' });
      }
      // A cut-off body is a transport accident: reading again is safe, and usually works.
      if (body === null) throw new UnreadableAnswerError({ code: 'server', message: `SMSGlobal's answer was not readable (HTTP ${response.status}).` }, response.status);
      throw new AppError({ code: 'server', message: 'SMSGlobal answered in a form the app does not recognise.' });
    }
    const failure = errorForStatus({
      status: response.status,
      body,
      text,
      headers: { date: header(response.headers['date']), 'retry-after': header(response.headers['retry-after']) },
      now: this.options.now(),
      host: this.origin.host,
    });
    // A 5xx on a send may come after the message was created: treat it as unknown, never as "not sent".
    if (!spec.idempotent && response.status >= 500) {
      throw new AppError({ code: 'outcome_unknown', message: `${failure.message} The message may have been sent; the app will check before sending again.` });
    }
    throw failure;
  }

  private transportError(error: unknown, spec: RequestSpec<unknown>, signal: AbortSignal | undefined): AppError {
    if (signal?.aborted) return cancelled();
    const code = networkErrorCode(error);
    const timedOut = code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
    if (!spec.idempotent && !failedBeforeSending(error)) {
      return new AppError({
        code: 'outcome_unknown',
        message: timedOut
          ? `SMSGlobal did not answer within ${Math.round(this.options.timeoutMs / 1000)} seconds after the message was sent, so the app cannot tell whether it went out. It will check before sending again.`
          : 'The connection dropped while sending, so the app cannot tell whether the message went out. It will check before sending again.',
      });
    }
    if (timedOut) {
      return new AppError({ code: 'timeout', message: `SMSGlobal did not answer within ${Math.round(this.options.timeoutMs / 1000)} seconds.` });
    }
    return networkError(error, this.origin.host);
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Worth asking again: the network, a timeout, a rate limit, a 5xx or an answer cut off on the way. */
export function isRetryable(error: AppError): boolean {
  return (
    error.code === 'network' ||
    error.code === 'timeout' ||
    error.code === 'rate_limited' ||
    error instanceof UnreadableAnswerError ||
    (error instanceof ApiError && error.status >= 500)
  );
}

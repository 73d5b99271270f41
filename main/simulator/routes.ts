import { endpoints, MAX_LIMIT, MAX_OFFSET_PLUS_LIMIT } from '../core/api/endpoints';
import type { SimContact, SimIncoming, SimOutgoing } from './dataset';
import { accountDate, accountWallTimeToEpoch } from './dates';
import { checkMessage, storedMessage } from './message-rules';
import type { ListFilter, SimStore } from './store';

/**
 * The eight WhatsApp operations, answering with the shapes and the validation rules of the seed
 * and the API notes (its own: message-rules.ts and dates.ts share nothing with the client).
 * Pure request → response functions over the store; the server does transport and faults.
 */

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface SimResponse {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: string): SimResponse => ({ status, body, contentType: 'application/json' });
const errors = (fields: Record<string, string[]>): SimResponse =>
  json(400, JSON.stringify({ errors: Object.fromEntries(Object.entries(fields).map(([field, list]) => [field, { errors: list }])) }));
const notFound = (): SimResponse => json(404, '{"message":"Not Found"}');

/** Ids are written as bare JSON numbers, even above 2^53, exactly like the real API. */
function incomingJson(m: SimIncoming, tz: string): string {
  return `{"id":${m.id},"from":${JSON.stringify(m.from)},"to":${JSON.stringify(m.to)},"message":${JSON.stringify(m.message)},"createdDate":"${accountDate(m.createdAt, tz)}"}`;
}

function outgoingJson(m: SimOutgoing, store: SimStore, tz: string): string {
  const { status, state } = store.statusOf(m);
  return `{"id":${m.id},"recipient":${JSON.stringify(m.recipient)},"status":${JSON.stringify(status)},"state":${JSON.stringify(state)},"message":${JSON.stringify(m.message)},"createdDate":"${accountDate(m.createdAt, tz)}"}`;
}

function optInJson(c: SimContact): { name: string; number: string; capable: boolean; blacklist: boolean } {
  return { name: c.name, number: c.number, capable: c.capable, blacklist: c.blacklist };
}

const DIGITS = /^\d+$/;
const API_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const NUMBER = /^\+?\d{6,15}$/;

function parseListQuery(query: URLSearchParams, tz: string): { filter: ListFilter; offset: number; limit: number } | SimResponse {
  const fields: Record<string, string[]> = {};
  const add = (field: string, message: string): void => void (fields[field] ??= []).push(message);
  const offsetText = query.get('offset') ?? '1';
  const limitText = query.get('limit') ?? '20';
  if (!DIGITS.test(offsetText)) add('offset', 'This value should match \\d+.');
  if (!DIGITS.test(limitText)) add('limit', 'This value should match \\d+.');
  const offset = Number(offsetText);
  const limit = Number(limitText);
  if (DIGITS.test(offsetText) && offset < 1) add('offset', 'Offset starts at 1.');
  if (DIGITS.test(limitText) && (limit < 1 || limit > MAX_LIMIT)) add('limit', `Limit must be between 1 and ${MAX_LIMIT}.`);
  if (DIGITS.test(offsetText) && DIGITS.test(limitText) && offset + limit > MAX_OFFSET_PLUS_LIMIT) {
    add('offset', `offset + limit may not exceed ${MAX_OFFSET_PLUS_LIMIT}. Narrow the date range instead.`);
  }
  const filter: ListFilter = {};
  for (const name of ['startDate', 'endDate'] as const) {
    const value = query.get(name);
    if (value === null || value === '') continue;
    const match = API_DATE.exec(value);
    if (!match) {
      add(name, 'Use the format Y-m-d H:i:s.');
      continue;
    }
    const [, y, mo, d, h, mi, s] = match;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const epoch = accountWallTimeToEpoch(wall, tz);
    if (name === 'startDate') filter.start = epoch;
    else filter.end = epoch;
  }
  for (const name of ['destination', 'origin'] as const) {
    const value = query.get(name);
    if (value === null || value === '') continue;
    if (!DIGITS.test(value)) add(name, 'This value should match \\d+.');
    else filter[name] = value;
  }
  const search = query.get('search');
  if (search) filter.search = search;
  if (Object.keys(fields).length > 0) return errors(fields);
  return { filter, offset, limit };
}

function parseBody(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return undefined;
  }
}

function numberList(value: unknown, field: string, fields: Record<string, string[]>): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fields[field] = ['This value should not be blank.'];
    return [];
  }
  const numbers: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number') (fields[`${field}.${i}`] ??= []).push('This value should be a string.');
    else if (!NUMBER.test(String(item))) (fields[`${field}.${i}`] ??= []).push('This value is not a valid phone number.');
    else numbers.push(String(item).replace(/^\+/, ''));
  });
  return numbers;
}

function send(store: SimStore, rawBody: string, tz: string): SimResponse {
  const body = parseBody(rawBody);
  if (typeof body !== 'object' || body === null) return errors({ _: ['The request body must be a JSON object.'] });
  const record = body as Record<string, unknown>;
  const fields: Record<string, string[]> = {};
  const to = numberList(record['to'], 'to', fields);
  let message: unknown = record['message'];
  if (message === undefined) fields['message'] = ['This value should not be blank.'];
  if (typeof message === 'string') message = parseBody(message) ?? message;
  const checked = message === undefined ? null : checkMessage(message);
  if (checked && 'errors' in checked) Object.assign(fields, checked.errors);
  if (Object.keys(fields).length > 0 || !checked || 'errors' in checked) return errors(fields);
  const stored = storedMessage(checked.message);
  const sent = to.map((recipient) => store.addOutgoing(recipient, stored));
  if (sent.length === 1) return json(200, outgoingJson(sent[0] as SimOutgoing, store, tz));
  return json(200, `{"messages":[${sent.map((m) => outgoingJson(m, store, tz)).join(',')}]}`);
}

function optIn(store: SimStore, rawBody: string): SimResponse {
  const body = parseBody(rawBody);
  const entries = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['opt-in'] : undefined;
  const fields: Record<string, string[]> = {};
  if (!Array.isArray(entries) || entries.length === 0) return errors({ 'opt-in': ['This value should not be blank.'] });
  const valid: { number: string; name?: string }[] = [];
  entries.forEach((entry, i) => {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const number = record['number'];
    const name = record['name'];
    if ((typeof number !== 'string' && typeof number !== 'number') || !NUMBER.test(String(number))) {
      (fields[`opt-in.${i}.number`] ??= []).push('This value is not a valid phone number.');
      return;
    }
    if (name !== undefined && typeof name !== 'string') {
      (fields[`opt-in.${i}.name`] ??= []).push('This value should be a string.');
      return;
    }
    valid.push(typeof name === 'string' && name !== '' ? { number: String(number).replace(/^\+/, ''), name } : { number: String(number).replace(/^\+/, '') });
  });
  if (Object.keys(fields).length > 0) return errors(fields);
  return json(200, JSON.stringify({ optIn: store.optIn(valid).map(optInJson) }));
}

function capability(store: SimStore, rawBody: string): SimResponse {
  const body = parseBody(rawBody);
  const fields: Record<string, string[]> = {};
  const numbers = numberList(typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['numbers'] : undefined, 'numbers', fields);
  if (Object.keys(fields).length > 0) return errors(fields);
  return json(200, JSON.stringify({ capabilities: store.capability(numbers).map(optInJson) }));
}

function acceptsJson(accept: string | string[] | undefined): boolean {
  if (accept === undefined) return true;
  const value = Array.isArray(accept) ? accept.join(',') : accept;
  return value.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase();
    return type === 'application/json' || type === '*/*' || type === 'application/*' || type === '';
  });
}

const ITEM = /^\/v2\/whatsapp\/(incoming|outgoing)\/([^/]+)$/;

export function handleApi(store: SimStore, req: SimRequest, tz: string): SimResponse {
  const { method, path } = req;
  const item = ITEM.exec(path);
  const collection = Object.values(endpoints).filter((e) => e.path === path);
  if (!item && collection.length === 0) return notFound();
  const allowed = item ? ['GET'] : collection.map((e) => e.method);
  if (!allowed.includes(method)) {
    return { status: 405, body: '{"message":"Method Not Allowed"}', contentType: 'application/json', headers: { allow: allowed.join(', ') } };
  }
  if (!acceptsJson(req.headers['accept'])) return { status: 406, body: 'Not Acceptable', contentType: 'text/plain' };
  if (method === 'POST') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return { status: 415, body: 'Unsupported Media Type', contentType: 'text/plain' };
  }

  if (item) {
    const [, direction, id] = item;
    if (!id || !DIGITS.test(id)) return notFound();
    if (direction === 'incoming') {
      const message = store.getIncoming(id);
      return message ? json(200, incomingJson(message, tz)) : notFound();
    }
    const message = store.getOutgoing(id);
    return message ? json(200, outgoingJson(message, store, tz)) : notFound();
  }

  if (path === endpoints.listIncoming.path && method === 'GET') {
    const query = parseListQuery(req.query, tz);
    if ('status' in query) return query;
    const page = store.list('incoming', query.filter, query.offset, query.limit);
    return json(200, `{"total":${page.total},"offset":${query.offset},"limit":${query.limit},"messages":[${page.items.map((m) => incomingJson(m, tz)).join(',')}]}`);
  }
  if (path === endpoints.listOutgoing.path && method === 'GET') {
    const query = parseListQuery(req.query, tz);
    if ('status' in query) return query;
    const page = store.list('outgoing', query.filter, query.offset, query.limit);
    return json(200, `{"total":${page.total},"offset":${query.offset},"limit":${query.limit},"messages":[${page.items.map((m) => outgoingJson(m, store, tz)).join(',')}]}`);
  }
  if (path === endpoints.send.path && method === 'POST') return send(store, req.rawBody, tz);
  if (path === endpoints.listOptIns.path && method === 'GET') return json(200, JSON.stringify({ optIn: store.optIns().map(optInJson) }));
  if (path === endpoints.optIn.path && method === 'POST') return optIn(store, req.rawBody);
  if (path === endpoints.capability.path && method === 'POST') return capability(store, req.rawBody);
  return notFound();
}

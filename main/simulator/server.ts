import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { readBody } from '../core/read-body';
import { NonceCache, verifyRequest } from './auth';
import { generateDataset } from './dataset';
import { type FaultConfig, FaultRule, Faults } from './faults';
import { seededRandom } from './random';
import { checkMessage, storedMessage } from './message-rules';
import { handleApi, type SimRequest, type SimResponse } from './routes';
import { SimStore } from './store';

/**
 * A local stand-in for SMSGlobal's WhatsApp API: MAC-verified, seeded data, fault injection and
 * a request log. Used by the tests, the benchmarks, `npm run simulator` and the app's demo mode.
 *
 * Control routes live under /__sim/ on the same port, unsigned (loopback only; any web page the
 * user opens can reach loopback, so the app's demo turns them off with `control: false`):
 *   GET/DELETE /__sim/log            requests the API accepted (after authentication)
 *   GET/PUT/DELETE /__sim/faults     fault rates and latency (PUT merges, DELETE resets)
 *   POST /__sim/faults/rules         scripted faults, consumed in order
 *   POST /__sim/incoming             a customer sends a message
 *   POST /__sim/outgoing/<id>/status sets a sent message's status
 *   GET /__sim/info                  counts, time zone, numbers
 */

export interface SimAccount {
  key: string;
  secret: string;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  messages?: number;
  incoming?: number;
  outgoing?: number;
  contacts?: number;
  months?: number;
  /** The account's time zone (default Australia/Sydney): its answers' dates, its reading of filters. */
  timeZone?: string;
  accounts?: SimAccount[];
  /**
   * false turns MAC verification off; 'optional' verifies requests that carry an Authorization
   * header and serves those without one (the benchmark's bare baseline, on the same server).
   */
  auth?: boolean | 'optional';
  /**
   * The account's clock: when messages are created, how statuses move, when replies arrive (a
   * test moves it, e.g. across a DST change). Signatures and the Date header keep the real clock
   * (plus the clockOffsetMs fault), so a moved account clock does not make signing fail.
   */
  now?: () => number;
  replyRate?: number;
  replyDelayMs?: [number, number];
  statusDelayScale?: number;
  /** Lists answer newest first unless told otherwise (the API documents no order). */
  listOrder?: 'newest-first' | 'oldest-first';
  faults?: Partial<FaultConfig>;
  /** false: no /__sim/ control routes (they answer 404). The tests and `npm run simulator` keep them. */
  control?: boolean;
}

export interface LogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  target: string;
  key: string | null;
  status: number;
  body: unknown;
}

export interface Simulator {
  readonly url: string;
  readonly port: number;
  readonly store: SimStore;
  readonly faults: Faults;
  readonly accounts: SimAccount[];
  readonly timeZone: string;
  log(): LogEntry[];
  clearLog(): void;
  /** TCP connections accepted so far (keep-alive keeps this low). */
  connectionCount(): number;
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNT: SimAccount = { key: 'simulator-key', secret: 'simulator-secret-0123456789abcdef' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text === '' ? undefined : text;
  }
}

const IncomingInjection = z.object({
  from: z.string().regex(/^\d{6,15}$/),
  to: z.string().regex(/^\d{6,15}$/).optional(),
  /** Plain text, or a message object (checked with the same rules as a send). */
  message: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  createdAt: z.number().optional(),
});
const StatusInjection = z.object({ status: z.string().min(1), state: z.string().default('') });

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 7;
  const accountNow = options.now ?? Date.now;
  const random = seededRandom(seed ^ 0x5eed);
  const faults = new Faults(seededRandom(seed ^ 0xfa17));
  if (options.faults) faults.configure(options.faults);
  /** The server's own clock: signatures' ts check, Date headers, the rate limit's window. */
  const now = (): number => Date.now() + faults.config.clockOffsetMs;
  const timeZone = options.timeZone ?? 'Australia/Sydney';
  const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
  const secrets = new Map(accounts.map((a) => [a.key, a.secret]));
  const datasetOptions: Parameters<typeof generateDataset>[0] = { seed, now: accountNow() };
  if (options.messages !== undefined) datasetOptions.messages = options.messages;
  if (options.incoming !== undefined) datasetOptions.incoming = options.incoming;
  if (options.outgoing !== undefined) datasetOptions.outgoing = options.outgoing;
  if (options.contacts !== undefined) datasetOptions.contacts = options.contacts;
  if (options.months !== undefined) datasetOptions.months = options.months;
  const store = new SimStore(generateDataset(datasetOptions), {
    now: accountNow,
    random,
    replyRate: options.replyRate ?? 0.3,
    replyDelayMs: options.replyDelayMs ?? [3_000, 20_000],
    statusDelayScale: options.statusDelayScale ?? 1,
    listingDelayMs: () => faults.config.listingDelayMs,
    ...(options.listOrder ? { listOrder: options.listOrder } : {}),
  });
  const nonces = new NonceCache();
  const requestLog: LogEntry[] = [];
  let seq = 0;
  const sockets = new Set<Socket>();
  let connections = 0;
  const hanging = new Set<http.ServerResponse>();

  const respond = (res: http.ServerResponse, r: SimResponse): void => {
    res.writeHead(r.status, {
      'content-type': r.contentType ?? 'text/plain; charset=utf-8',
      date: new Date(now()).toUTCString(),
      ...r.headers,
    });
    res.end(r.body);
  };

  const control = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, rawBody: string): Promise<void> => {
    const send = (status: number, body: unknown): void => respond(res, { status, body: JSON.stringify(body), contentType: 'application/json' });
    const path = url.pathname;
    const body = parseJson(rawBody);
    try {
      if (path === '/__sim/log' && req.method === 'GET') {
        const method = url.searchParams.get('method');
        const prefix = url.searchParams.get('path');
        return send(200, requestLog.filter((e) => (!method || e.method === method) && (!prefix || e.path.startsWith(prefix))));
      }
      if (path === '/__sim/log' && req.method === 'DELETE') {
        requestLog.length = 0;
        return send(200, { cleared: true });
      }
      if (path === '/__sim/faults' && req.method === 'GET') return send(200, { config: faults.config, pendingRules: faults.pendingRules() });
      if (path === '/__sim/faults' && req.method === 'PUT') return send(200, { config: faults.configure(body) });
      if (path === '/__sim/faults' && req.method === 'DELETE') {
        faults.reset();
        return send(200, { config: faults.config });
      }
      if (path === '/__sim/faults/rules' && req.method === 'POST') {
        faults.addRules(z.array(FaultRule).parse(Array.isArray(body) ? body : [body]));
        return send(200, { pendingRules: faults.pendingRules() });
      }
      if (path === '/__sim/incoming' && req.method === 'POST') {
        const input = IncomingInjection.parse(body);
        let message = input.message;
        if (typeof message !== 'string') {
          const checked = checkMessage(message);
          if ('errors' in checked) return send(400, { errors: Object.fromEntries(Object.entries(checked.errors).map(([field, list]) => [field, { errors: list }])) });
          message = storedMessage(checked.message);
        }
        const added = store.addIncoming({ from: input.from, message, ...(input.to ? { to: input.to } : {}), ...(input.createdAt !== undefined ? { createdAt: input.createdAt } : {}) });
        return send(200, { id: added.id });
      }
      const status = /^\/__sim\/outgoing\/(\d+)\/status$/.exec(path);
      if (status?.[1] && req.method === 'POST') {
        const input = StatusInjection.parse(body);
        return store.setStatus(status[1], input.status, input.state) ? send(200, { updated: true }) : send(404, { message: 'Not Found' });
      }
      if (path === '/__sim/info' && req.method === 'GET') {
        return send(200, { timeZone, ourNumbers: store.ourNumbers, incoming: store.incoming.length, outgoing: store.outgoing.length, optIns: store.optIns().length, keys: accounts.map((a) => a.key), connections });
      }
      send(404, { message: 'Unknown control route' });
    } catch (error) {
      send(400, { message: error instanceof Error ? error.message : 'Bad control request' });
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://simulator.local');
    const rawBody = await readBody(req, 8 * 1024 * 1024);
    if (url.pathname.startsWith('/__sim/')) {
      if (options.control === false) return respond(res, { status: 404, body: JSON.stringify({ message: 'Not Found' }), contentType: 'application/json' });
      return control(req, res, url, rawBody);
    }

    const method = (req.method ?? 'GET').toUpperCase();
    const decision = faults.decide(method, url.pathname, now());
    const wait = faults.latency() + (decision.action === 'delay' ? (decision.ms ?? 0) : 0);
    if (wait > 0) await sleep(wait);
    if (decision.action === 'reset-before') {
      req.socket.destroy();
      return;
    }
    if (decision.action === 'status') {
      const code = decision.status ?? 500;
      const headers: Record<string, string> = code === 429 || code === 503 ? { 'retry-after': String(decision.retryAfter ?? 1) } : {};
      const body = code >= 500 ? `<html><body><h1>${code} Service Unavailable</h1></body></html>` : code === 429 ? 'Too Many Requests' : `Error ${code}`;
      return respond(res, { status: code, body, contentType: code >= 500 ? 'text/html' : 'text/plain', headers });
    }

    let key: string | null = null;
    const verify = options.auth === 'optional' ? req.headers.authorization !== undefined : options.auth !== false;
    if (verify) {
      const auth = verifyRequest({
        authorization: req.headers.authorization,
        method,
        target,
        hostHeader: req.headers.host,
        defaultPort: 80,
        secrets,
        nonces,
        nowSeconds: Math.floor(now() / 1000),
      });
      if (!auth.ok) return respond(res, { status: 403, body: auth.reason });
      key = auth.key;
    }

    const request: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody };
    const response = handleApi(store, request, timeZone);
    requestLog.push({ seq: ++seq, at: now(), method, path: url.pathname, target, key, status: response.status, body: parseJson(rawBody) });
    // Tests read the recent past; a long benchmark must not grow the log without bound.
    if (requestLog.length > 20_000) requestLog.splice(0, 10_000);

    switch (decision.action) {
      case 'reset-after':
        req.socket.destroy();
        return;
      case 'hang-after':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'malformed':
        return respond(res, { status: 200, body: response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2))) + '<!-- truncated', contentType: 'application/json' });
      case 'slow-body': {
        res.writeHead(response.status, { 'content-type': response.contentType ?? 'text/plain', date: new Date(now()).toUTCString() });
        const steps = 10;
        const size = Math.ceil(response.body.length / steps);
        for (let i = 0; i < steps; i++) {
          if (res.destroyed) return;
          res.write(response.body.slice(i * size, (i + 1) * size));
          await sleep((decision.ms ?? faults.config.slowBodyMs) / steps);
        }
        res.end();
        return;
      }
      default:
        respond(res, response);
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) respond(res, { status: 500, body: error instanceof Error ? error.message : 'error' });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    faults,
    accounts,
    timeZone,
    log: () => [...requestLog],
    clearLog: () => void (requestLog.length = 0),
    connectionCount: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../ipc/dispatch';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/log';
import { readBody } from '../core/read-body';
import { MIME_TYPES as MIME, SECURITY_HEADERS } from '../core/renderer-scheme';

/**
 * The web preview's host: serves the built renderer and carries the contract over HTTP, bound
 * to 127.0.0.1 only. Every request needs the per-run token (query on first open, then an
 * HttpOnly SameSite=Strict cookie); the Host header must be our own address (DNS rebinding);
 * API calls need a custom header, which a cross-origin page cannot send without a preflight
 * this host never grants.
 */

export interface PreviewHostOptions {
  dispatch: Dispatch;
  events: EventBus;
  log: Logger;
  /** Folder with index.html, the renderer's assets and preview-bridge.js. */
  staticDir: string;
  port?: number;
  token?: string;
  /** Largest request body (CSV files travel as text). */
  maxBodyBytes?: number;
}

export interface PreviewHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Asks the open page to open an https URL in a new tab. */
  openUrl(url: string): void;
  /** Offers a file to the open page as a download; false when no page is connected. */
  offerDownload(filename: string, contents: Uint8Array, mimeType: string): boolean;
  close(): Promise<void>;
}

const COOKIE = 'preview_token';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const indexHtml = fs
    .readFileSync(path.join(staticDir, 'index.html'), 'utf8')
    // The bridge installs window.api before the renderer's module script runs.
    .replace('<script', '<script src="/preview-bridge.js"></script>\n    <script');
  const streams = new Set<http.ServerResponse>();
  const downloads = new Map<string, { filename: string; contents: Uint8Array; mimeType: string }>();
  let port = 0;

  const push = (message: unknown): boolean => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const stream of streams) stream.write(frame);
    return streams.size > 0;
  };
  const unsubscribe = options.events.subscribe((event) => push({ kind: 'event', ...event }));

  const serveStatic = (res: http.ServerResponse, pathname: string): void => {
    if (pathname === '/' || pathname === '/index.html') return send(res, 200, indexHtml, MIME['.html']);
    const file = path.resolve(staticDir, '.' + decodeURIComponent(pathname));
    if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      // Client-side routes fall back to the app page; missing assets are a 404.
      if (path.extname(pathname) === '') return send(res, 200, indexHtml, MIME['.html']);
      return send(res, 404, 'Not found');
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, 'Use POST');
    if (req.headers['x-preview-bridge'] !== '1') return send(res, 403, 'Missing bridge header');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send JSON');
    let input: unknown;
    try {
      const body = JSON.parse(await readBody(req, maxBody)) as { input?: unknown };
      input = body.input ?? null;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'validation', message: 'The request body was not valid JSON or was too large.' } }), MIME['.json']);
    }
    const result = await options.dispatch(channel, input);
    send(res, 200, JSON.stringify(result), MIME['.json']);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Unexpected Host header');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const fromQuery = url.searchParams.get('token');
    if (fromQuery !== null && safeEqual(fromQuery, token)) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        location: url.pathname + url.search,
        'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      res.end();
      return;
    }
    const fromCookie = cookieValue(req.headers.cookie, COOKIE);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const presented = fromCookie ?? bearer;
    if (presented === undefined || !safeEqual(presented, token)) {
      return send(res, 401, 'This preview needs its access token: open the URL that `npm run preview` printed.');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return send(res, 403, 'Cross-origin requests are refused');

    if (url.pathname.startsWith('/api/')) {
      void handleApi(req, res, url.pathname.slice(5)).catch((error: unknown) => {
        options.log.error('preview call failed', { error });
        if (!res.headersSent) send(res, 500, 'Internal error');
      });
      return;
    }
    if (url.pathname === '/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith('/downloads/')) {
      const id = url.pathname.slice('/downloads/'.length);
      const download = downloads.get(id);
      if (!download) return send(res, 404, 'This download has expired.');
      downloads.delete(id);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': download.mimeType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.filename)}`,
      });
      res.end(Buffer.from(download.contents));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    serveStatic(res, url.pathname);
  };

  // A malformed request line or escape ("//", "%E0%A4%A") is the sender's problem, never a crash.
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, 400, 'Bad request');
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    openUrl: (target) => void push({ kind: 'open-url', url: target }),
    offerDownload(filename, contents, mimeType) {
      const id = crypto.randomBytes(16).toString('hex');
      downloads.set(id, { filename, contents, mimeType });
      return push({ kind: 'download', url: `/downloads/${id}`, filename });
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(keepAlive);
        unsubscribe();
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

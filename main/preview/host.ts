import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../ipc/dispatch';
import type { EventBus } from '../core/events';
import type { Logger } from '../core/log';
import { BodyTooLargeError, readBody } from '../core/read-body';
import { MIME_TYPES as MIME, SECURITY_HEADERS } from '../core/renderer-scheme';
import { BRIDGE_HEADER, eventFrame, previewUrl, TOKEN_HEADER } from '../../shared/preview-protocol';
import { UnfinishedBodies } from './unfinished-bodies';

/**
 * The web preview's host: serves the built renderer and carries the contract over HTTP, bound
 * to 127.0.0.1 only.
 *
 * - Every request: the Host header must be our own address (DNS rebinding), and an Origin
 *   header, when present, must be ours.
 * - Data (calls under /api/, the event stream at /events, downloads under /downloads/): the
 *   per-run token in the x-preview-token header, plus the x-preview-bridge header. Both are
 *   custom headers, which a cross-origin page cannot send without a CORS preflight this host
 *   never grants. The token is accepted in that header only: never from a cookie (browsers send
 *   cookies to every port of 127.0.0.1, so any local server the user visits would receive it)
 *   nor from the query string (it would be logged and kept in history).
 * - Static files (the built renderer and the bridge) need no token: they are the public build,
 *   the same bytes for every run, with no data, no token and no state. They cannot need it
 *   either: the page's first load comes from the printed URL, whose token is in the fragment,
 *   which browsers never send; the bridge in that page is what reads it.
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
  /** Request bodies one client may have arriving at once (see UnfinishedBodies). */
  maxUnfinishedBodies?: number;
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


function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': type });
  res.end(body);
}

const NEEDS_TOKEN = 'This preview needs its access token: open the address that `npm run preview` printed (it ends with #token=…).';
const QUERY_TOKEN = 'The access token is no longer accepted in the query string: open the address that `npm run preview` printed (it ends with #token=…).';
const TOO_MANY_BODIES = 'Too many requests from this computer are still being received. Wait a moment and try again.';

/**
 * The app page as the preview serves it: the bridge takes the place of the renderer's module
 * script and starts it once it has the token (window.api first, then the renderer). Without a
 * token the renderer never starts and the bridge shows a sentence instead.
 */
export function withBridge(html: string): string {
  const module = /<script type="module"[^>]*\ssrc="([^"]+)"[^>]*><\/script>/.exec(html);
  if (!module?.[1]) throw new Error('The built index.html has no module script for the renderer.');
  return html.replace(module[0], `<script src="/preview-bridge.js" data-app-module="${module[1]}"></script>`);
}

/** Calls, the event stream and downloads carry data; everything else is the static build. */
function isDataRoute(pathname: string): boolean {
  return pathname.startsWith('/api/') || pathname === '/events' || pathname.startsWith('/downloads/');
}

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticDir = path.resolve(options.staticDir);
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const bodies = new UnfinishedBodies(options.maxUnfinishedBodies ?? 8);
  const tooLarge = `This request is larger than the preview accepts (${maxBody >= 1024 * 1024 ? `${Math.floor(maxBody / (1024 * 1024))} MB` : `${maxBody} bytes`}). Use a smaller file.`;
  const indexHtml = withBridge(fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8'));
  const streams = new Set<http.ServerResponse>();
  const downloads = new Map<string, { filename: string; contents: Uint8Array; mimeType: string }>();
  let port = 0;

  const push = (message: unknown): boolean => {
    const frame = eventFrame(message);
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

  /** A download is served once, to the page's bridge, which saves it as a file. */
  const serveDownload = (res: http.ServerResponse, id: string): void => {
    const download = downloads.get(id);
    if (!download) return send(res, 404, 'This download has expired.');
    downloads.delete(id);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': download.mimeType,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.filename)}`,
    });
    res.end(Buffer.from(download.contents));
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, 'Use POST');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'Send JSON');
    const release = bodies.enter(req.socket.remoteAddress ?? 'unknown');
    if (!release) return send(res, 429, TOO_MANY_BODIES, undefined, { 'retry-after': '1' });
    let raw: string;
    try {
      raw = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return send(res, 413, tooLarge);
      return; // The sender went away mid-body: nobody is left to answer.
    } finally {
      release();
    }
    let input: unknown;
    try {
      const body = JSON.parse(raw) as { input?: unknown };
      input = body.input ?? null;
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'validation', message: 'The request body was not valid JSON.' } }), MIME['.json']);
    }
    const result = await options.dispatch(channel, input);
    send(res, 200, JSON.stringify(result), MIME['.json']);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'Unexpected Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return send(res, 403, 'Cross-origin requests are refused');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.searchParams.has('token')) return send(res, 400, QUERY_TOKEN);

    if (!isDataRoute(url.pathname)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
      return serveStatic(res, url.pathname);
    }
    const presented = req.headers[TOKEN_HEADER];
    if (typeof presented !== 'string' || !safeEqual(presented, token)) return send(res, 401, NEEDS_TOKEN);
    if (req.headers[BRIDGE_HEADER] !== '1') return send(res, 403, 'Missing bridge header');

    if (url.pathname.startsWith('/api/')) {
      void handleApi(req, res, url.pathname.slice(5)).catch((error: unknown) => {
        options.log.error('preview call failed', { error });
        if (!res.headersSent) send(res, 500, 'Internal error');
      });
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'Use GET');
    if (url.pathname === '/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    serveDownload(res, url.pathname.slice('/downloads/'.length));
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

  // Bounds on slow senders: headers within 10 s, the whole request (a 32 MB body over loopback
  // takes well under a second) within a minute.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
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
    url: previewUrl(port, token),
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

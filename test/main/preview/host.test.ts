import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { createHandlers } from '../../../main/ipc/handlers';
import { startPreviewHost, type PreviewHost, type PreviewHostOptions } from '../../../main/preview/host';
import { BRIDGE_HEADER, TOKEN_HEADER } from '../../../shared/preview-protocol';
import { testServices } from '../../helpers/services';
import { tempDir } from '../../helpers/temp';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, options: { path?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let host: PreviewHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start(options: Partial<PreviewHostOptions> = {}): Promise<{ host: PreviewHost; auth: Record<string, string> }> {
  const { services } = await testServices();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><script type="module" src="./a.js"></script></head></html>');
  fs.writeFileSync(path.join(staticDir, 'a.js'), 'console.log(1)');
  host = await startPreviewHost({
    dispatch: createDispatcher(createHandlers(services), services.log),
    events: services.events,
    log: services.log,
    staticDir,
    ...options,
  });
  return { host, auth: { [TOKEN_HEADER]: host.token, [BRIDGE_HEADER]: '1' } };
}

const api = (auth: Record<string, string>, body: unknown): { method: string; headers: Record<string, string>; body: string } => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Opens the event stream and resolves with what arrived once `until` shows up in it. */
function readEvents(port: number, headers: Record<string, string>, until: string): { received: Promise<string>; opened: Promise<number> } {
  let opened: (status: number) => void = () => undefined;
  const openedPromise = new Promise<number>((resolve) => (opened = resolve));
  const received = new Promise<string>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/events', headers }, (res) => {
      opened(res.statusCode ?? 0);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.includes(until)) {
          resolve(buffer);
          req.destroy();
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
  return { received, opened: openedPromise };
}

/**
 * A request whose body arrives slowly: headers now, then a first byte, the rest when told.
 * `started` resolves on the host's "100 Continue", which the host sends just before it handles
 * the request, so by then the body counts as arriving.
 */
function slowBody(port: number, auth: Record<string, string>): { started: Promise<void>; finish(): Promise<Reply>; abort(): void } {
  const body = JSON.stringify({ input: null });
  let resolveReply: (reply: Reply) => void = () => undefined;
  const answered = new Promise<Reply>((resolve) => (resolveReply = resolve));
  const req = http.request(
    {
      host: '127.0.0.1',
      port,
      path: '/api/app.info',
      method: 'POST',
      agent: false,
      headers: { ...auth, 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolveReply({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    },
  );
  req.on('error', () => undefined);
  const started = new Promise<void>((resolve) =>
    req.on('continue', () => {
      req.write(body.slice(0, 1));
      resolve();
    }),
  );
  req.flushHeaders();
  return {
    started,
    finish() {
      req.end(body.slice(1));
      return answered;
    },
    abort: () => req.destroy(),
  };
}

describe('preview host', () => {
  it('binds to 127.0.0.1 on a free port and prints the token in the fragment only', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.port).toBeGreaterThan(0);
  });

  it('serves the static build without the token, and with nothing secret in it', async () => {
    const { host } = await start();
    for (const path of ['/', '/a.js', '/some/client/route']) {
      const reply = await request(host.port, { path });
      expect(reply.status, path).toBe(200);
      expect(reply.body, path).not.toContain(host.token);
      expect(reply.headers['set-cookie'], path).toBeUndefined();
    }
    const page = await request(host.port, { path: '/' });
    // The bridge starts the renderer once it has the token.
    expect(page.body).toContain('<script src="/preview-bridge.js" data-app-module="./a.js"></script>');
    expect(page.body).not.toContain('type="module"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await request(host.port, { path: '/', method: 'POST' })).status).toBe(405);
  });

  it('refuses every data route without the token header with 401', async () => {
    const { host } = await start();
    for (const path of ['/events', '/downloads/abc', '/api/settings.get']) {
      const method = path.startsWith('/api') ? 'POST' : 'GET';
      expect((await request(host.port, { path, method })).status, path).toBe(401);
      expect((await request(host.port, { path, method, headers: { [BRIDGE_HEADER]: '1' } })).status, path).toBe(401);
      const wrong = await request(host.port, { path, method, headers: { [TOKEN_HEADER]: 'x'.repeat(32), [BRIDGE_HEADER]: '1' } });
      expect(wrong.status, path).toBe(401);
      expect(wrong.body).toContain('#token=');
    }
  });

  it('accepts the token in its header only: not from a cookie, the query string or Authorization', async () => {
    const { host, auth } = await start();
    const call = api(auth, { input: null });
    const bridgeOnly = { 'content-type': 'application/json', [BRIDGE_HEADER]: '1' };
    const cookie = await request(host.port, { path: '/api/app.info', ...call, headers: { ...bridgeOnly, cookie: `preview_token=${host.token}` } });
    expect(cookie.status).toBe(401);
    const bearer = await request(host.port, { path: '/api/app.info', ...call, headers: { ...bridgeOnly, authorization: `Bearer ${host.token}` } });
    expect(bearer.status).toBe(401);
    // The token in the query string is refused outright, on any route and even beside the header.
    for (const path of [`/?token=${host.token}`, `/api/app.info?token=${host.token}`]) {
      const reply = await request(host.port, { path, ...call });
      expect(reply.status, path).toBe(400);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    const good = await request(host.port, { path: '/api/app.info', ...call });
    expect(good.status).toBe(200);
    expect(good.headers['set-cookie']).toBeUndefined();
  });

  it('carries contract calls and validates them like IPC', async () => {
    const { host, auth } = await start();
    const good = await request(host.port, { path: '/api/settings.update', ...api(auth, { input: { theme: 'dark' } }) });
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { theme: 'dark' } });
    const bad = await request(host.port, { path: '/api/settings.update', ...api(auth, { input: { theme: 7 } }) });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('refuses data requests without the bridge header, from other origins or with a foreign Host', async () => {
    const { host, auth } = await start();
    const call = api(auth, { input: null });
    const noHeader = await request(host.port, { path: '/api/app.info', ...call, headers: { [TOKEN_HEADER]: host.token, 'content-type': 'application/json' } });
    expect(noHeader.status).toBe(403);
    const noHeaderEvents = await request(host.port, { path: '/events', headers: { [TOKEN_HEADER]: host.token } });
    expect(noHeaderEvents.status).toBe(403);
    const crossOrigin = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, origin: 'https://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    // Another port on the same address is another origin.
    const otherPort = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, origin: `http://127.0.0.1:${host.port + 1}` } });
    expect(otherPort.status).toBe(403);
    const rebinding = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, host: `evil.example:${host.port}` } });
    expect(rebinding.status).toBe(403);
    const rebindingStatic = await request(host.port, { path: '/', headers: { host: `evil.example:${host.port}` } });
    expect(rebindingStatic.status).toBe(403);
    const ownOrigin = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, origin: `http://127.0.0.1:${host.port}` } });
    expect(ownOrigin.status).toBe(200);
    // A CORS preflight is never granted.
    const preflight = await request(host.port, { path: '/api/app.info', method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never serves files outside its folder', async () => {
    const { host } = await start();
    const reply = await request(host.port, { path: '/..%2f..%2f..%2fetc/passwd' });
    expect(reply.body).not.toContain('root:');
  });

  it('pushes events to the page over a stream that needs the token header', async () => {
    const { host, auth } = await start();
    const refused = readEvents(host.port, { [BRIDGE_HEADER]: '1' }, 'never');
    expect(await refused.opened).toBe(401);
    const stream = readEvents(host.port, auth, 'settings.changed');
    expect(await stream.opened).toBe(200);
    await request(host.port, { path: '/api/settings.update', ...api(auth, { input: { theme: 'light' } }) });
    expect(await stream.received).toContain('"theme":"light"');
  });

  it('hands a download once, to a request with the token', async () => {
    const { host, auth } = await start();
    const stream = readEvents(host.port, auth, '"kind":"download"');
    await stream.opened;
    expect(host.offerDownload('report é.csv', new TextEncoder().encode('a,b\n1,2\n'), 'text/csv')).toBe(true);
    const offer = /data: (\{.*"kind":"download".*\})/.exec(await stream.received)?.[1] ?? '{}';
    const { url } = JSON.parse(offer) as { url: string };
    expect(url).toMatch(/^\/downloads\/[0-9a-f]{32}$/);
    expect((await request(host.port, { path: url, headers: { [BRIDGE_HEADER]: '1' } })).status).toBe(401);
    const file = await request(host.port, { path: url, headers: auth });
    expect(file.status).toBe(200);
    expect(file.body).toBe('a,b\n1,2\n');
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''report%20%C3%A9.csv");
    expect((await request(host.port, { path: url, headers: auth })).status).toBe(404);
  });

  it('answers a body over the limit with 413 and a sentence, and keeps the connection usable', async () => {
    const { host, auth } = await start({ maxBodyBytes: 1024 });
    const big = JSON.stringify({ input: { text: 'x'.repeat(5_000) } });
    const declared = await request(host.port, { path: '/api/app.info', ...api(auth, null), body: big });
    expect(declared.status).toBe(413);
    expect(declared.body).toBe('This request is larger than the preview accepts (1024 bytes). Use a smaller file.');
    // Chunked, with no length announced: refused once the limit is passed.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const chunked = await new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/api/app.info', method: 'POST', agent, headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('y'.repeat(1_000));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(chunked.body).toContain('larger than the preview accepts');
    const after = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/api/app.info', method: 'POST', agent, headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ input: null }));
    });
    expect(after).toBe(200);
    agent.destroy();
  });

  it('bounds the bodies one client may have arriving at once, and frees a place when one ends', async () => {
    const { host, auth } = await start({ maxUnfinishedBodies: 2 });
    const first = slowBody(host.port, auth);
    const second = slowBody(host.port, auth);
    await Promise.all([first.started, second.started]);
    const third = await request(host.port, { path: '/api/app.info', ...api(auth, { input: null }) });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.body).toBe('Too many requests from this computer are still being received. Wait a moment and try again.');

    // A sender that gives up mid-body frees its place (once the host has seen it go).
    second.abort();
    const call = (): Promise<number> => request(host.port, { path: '/api/app.info', ...api(auth, { input: null }) }).then((reply) => reply.status);
    await expect.poll(call).toBe(200);
    expect((await first.finish()).status).toBe(200);
    // Every place is free again.
    const again = [slowBody(host.port, auth), slowBody(host.port, auth)];
    await Promise.all(again.map((body) => body.started));
    expect(await Promise.all(again.map(async (body) => (await body.finish()).status))).toEqual([200, 200]);
  });

  it('answers malformed request targets with 400 instead of crashing', async () => {
    const { host } = await start();
    expect((await request(host.port, { path: '//' })).status).toBe(400);
    expect((await request(host.port, { path: '/%E0%A4%A' })).status).toBe(400);
  });
});

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { createHandlers } from '../../../main/ipc/handlers';
import { startPreviewHost, type PreviewHost } from '../../../main/preview/host';
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

async function start(): Promise<{ host: PreviewHost; cookie: string }> {
  const { services } = await testServices();
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><script type="module" src="./a.js"></script></head></html>');
  fs.writeFileSync(path.join(staticDir, 'a.js'), 'console.log(1)');
  host = await startPreviewHost({
    dispatch: createDispatcher(createHandlers(services), services.log),
    events: services.events,
    log: services.log,
    staticDir,
  });
  return { host, cookie: `preview_token=${host.token}` };
}

const api = (cookie: string, body: unknown): { method: string; headers: Record<string, string>; body: string } => ({
  method: 'POST',
  headers: { cookie, 'content-type': 'application/json', 'x-preview-bridge': '1' },
  body: JSON.stringify(body),
});

describe('preview host', () => {
  it('binds to 127.0.0.1 on a free port with a random token', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(host.port).toBeGreaterThan(0);
  });

  it('refuses every request without the token with 401', async () => {
    const { host } = await start();
    for (const path of ['/', '/a.js', '/events', '/api/settings.get']) {
      const reply = await request(host.port, { path, method: path.startsWith('/api') ? 'POST' : 'GET' });
      expect(reply.status, path).toBe(401);
    }
    expect((await request(host.port, { path: '/?token=wrong' })).status).toBe(401);
    expect((await request(host.port, { path: '/', headers: { cookie: 'preview_token=wrong' } })).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie', async () => {
    const { host } = await start();
    const reply = await request(host.port, { path: `/?token=${host.token}` });
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request(host.port, { path: '/', headers: { cookie: `preview_token=${host.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/preview-bridge.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('carries contract calls and validates them like IPC', async () => {
    const { host, cookie } = await start();
    const good = await request(host.port, { path: '/api/settings.update', ...api(cookie, { input: { theme: 'dark' } }) });
    expect(JSON.parse(good.body)).toMatchObject({ ok: true, value: { theme: 'dark' } });
    const bad = await request(host.port, { path: '/api/settings.update', ...api(cookie, { input: { theme: 7 } }) });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('refuses API calls without the bridge header, from other origins or with a foreign Host', async () => {
    const { host, cookie } = await start();
    const call = api(cookie, { input: null });
    const noHeader = await request(host.port, { path: '/api/app.info', ...call, headers: { cookie, 'content-type': 'application/json' } });
    expect(noHeader.status).toBe(403);
    const crossOrigin = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, origin: 'https://evil.example' } });
    expect(crossOrigin.status).toBe(403);
    const rebinding = await request(host.port, { path: '/api/app.info', ...call, headers: { ...call.headers, host: `evil.example:${host.port}` } });
    expect(rebinding.status).toBe(403);
  });

  it('never serves files outside its folder', async () => {
    const { host, cookie } = await start();
    const reply = await request(host.port, { path: '/..%2f..%2f..%2fetc/passwd', headers: { cookie } });
    expect(reply.body).not.toContain('root:');
  });

  it('pushes events to the page over Server-Sent Events', async () => {
    const { host, cookie } = await start();
    const received = new Promise<string>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/events', headers: { cookie } }, (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          if (buffer.includes('settings.changed')) {
            resolve(buffer);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    await request(host.port, { path: '/api/settings.update', ...api(cookie, { input: { theme: 'light' } }) });
    expect(await received).toContain('"theme":"light"');
  });

  it('answers malformed request targets with 400 instead of crashing', async () => {
    const { host, cookie } = await start();
    expect((await request(host.port, { path: '//' })).status).toBe(400);
    expect((await request(host.port, { path: '/%E0%A4%A', headers: { cookie } })).status).toBe(400);
    expect((await request(host.port, { path: `/?token=${host.token}` })).status).toBe(303);
  });
});

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page, Response } from '@playwright/test';
import { BRIDGE_HEADER, TOKEN_HEADER, tokenFromFragment } from '../../shared/preview-protocol';
import { expect, saveScreenshot, test } from './fixtures';

/**
 * The preview's token must reach only the preview. A second web server on another 127.0.0.1
 * port, visited by the same browser, stands for any local server or page the user opens; its
 * page (pages/another-site.html) tries everything a page on another origin can send.
 */

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface OtherServer {
  url: string;
  seen: Seen[];
  reports: Record<string, string>[];
  close(): Promise<void>;
}

async function startOtherServer(preview: string): Promise<OtherServer> {
  const seen: Seen[] = [];
  const reports: Record<string, string>[] = [];
  const page = fs.readFileSync(path.join(__dirname, 'pages/another-site.html'), 'utf8').replace('__PREVIEW_ORIGIN__', JSON.stringify(preview));
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/report') reports.push(JSON.parse(body) as Record<string, string>);
      res.writeHead(req.url === '/' ? 200 : 204, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.url === '/' ? page : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    reports,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const DATA_ROUTE = /^\/(api\/|events$|downloads\/)/;

/** The preview's answers to data requests made from this page, as the browser saw them. */
function recordPreviewAnswers(page: Page, previewOrigin: string): number[] {
  const statuses: number[] = [];
  page.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (url.origin === previewOrigin && DATA_ROUTE.test(url.pathname)) statuses.push(response.status());
  });
  return statuses;
}

function expectRefusedEverywhere(results: Record<string, string>): void {
  for (const name of ['fetch with the bridge header', 'fetch with a guessed token', 'fetch without the header']) expect(results[name], name).toMatch(/^refused/);
  // no-cors: an opaque answer, or none at all (the host's Cross-Origin-Resource-Policy).
  const unreadable = /^(opaque|refused \(TypeError\))$/;
  expect(results['no-cors POST']).toMatch(unreadable);
  expect(results['EventSource']).toBe('refused');
  for (const [name, outcome] of Object.entries(results)) {
    if (/^(img|script) /.test(name)) expect(outcome, name).toBe('refused');
    if (name.startsWith('no-cors GET')) expect(outcome, name).toMatch(unreadable);
  }
}

async function expectThemeUntouched(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('radio', { name: 'Match the system' })).toBeChecked();
}

test('another local server visited by the same browser gets no token, and nothing it sends is accepted', async ({ page, app, context }) => {
  const token = tokenFromFragment(new URL(app.url).hash) ?? '';
  expect(token).not.toBe('');
  const previewOrigin = new URL(app.url).origin;
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  // The token left the address bar, and the preview set no cookie.
  expect(page.url()).toBe(`${previewOrigin}/`);
  expect(await context.cookies()).toEqual([]);

  const other = await startOtherServer(previewOrigin);
  try {
    // 1. Another tab of the same browser, while the preview stays open.
    const tab = await context.newPage();
    const tabAnswers = recordPreviewAnswers(tab, previewOrigin);
    await tab.goto(other.url);
    await expect(tab).toHaveTitle('attack finished', { timeout: 40_000 });
    await tab.close();

    // 2. The preview's own tab, following a link to the other server.
    const tokenRequests: string[] = [];
    page.on('request', (request) => {
      const headers = request.headers();
      // (The other page's own attempt with a guessed token is not a leak; the real one would be.)
      if (JSON.stringify(headers).includes(token) || request.url().includes(token)) tokenRequests.push(request.url());
    });
    const pageAnswers = recordPreviewAnswers(page, previewOrigin);
    // (A string: this file is type-checked for Node, without the DOM's names.)
    await page.evaluate(`(() => {
      const link = document.createElement('a');
      link.href = ${JSON.stringify(`${other.url}/`)};
      link.textContent = 'another site';
      document.body.append(link);
      link.click();
    })()`);
    await expect(page).toHaveTitle('attack finished', { timeout: 40_000 });
    // Even framed in a tab that holds the preview's token, the bridge never sends it.
    expect(tokenRequests).toEqual([]);

    expect(other.reports).toHaveLength(2);
    for (const results of other.reports) expectRefusedEverywhere(results);
    // What the other server received: no token in any URL, header, cookie or body.
    expect(other.seen.length).toBeGreaterThanOrEqual(4);
    for (const request of other.seen) {
      expect(request.url).not.toContain(token);
      expect(JSON.stringify(request.headers)).not.toContain(token);
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers.referer ?? '').not.toContain(previewOrigin);
      expect(request.body).not.toContain(token);
    }
    // The preview answered every data request from those pages with a refusal.
    const answers = [...tabAnswers, ...pageAnswers];
    expect(answers.length).toBeGreaterThan(0);
    for (const status of answers) expect([401, 403]).toContain(status);

    // Back in the preview: the tab's session still has the token, and the settings are as they were.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
    await expectThemeUntouched(page);
  } finally {
    await other.close();
  }
});

test('opened without its token, the preview says what to do instead of showing a broken app', async ({ app, context }) => {
  const errors: string[] = [];
  const fresh = await context.newPage();
  fresh.on('pageerror', (error) => errors.push(error.message));
  const origin = new URL(app.url).origin;
  await fresh.goto(`${origin}/`);
  await expect(fresh.getByRole('heading', { level: 1, name: 'Open the address the preview printed' })).toBeVisible();
  await expect(fresh.getByText('it ends with #token=…')).toBeVisible();
  await expect(fresh.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  expect(errors).toEqual([]);
  await saveScreenshot(fresh, 'preview-without-token');

  // The old address form (token in the query) is refused with a sentence, and sets nothing.
  const old = await fresh.goto(`${origin}/?token=${tokenFromFragment(new URL(app.url).hash) ?? ''}`);
  expect(old?.status()).toBe(400);
  await expect(fresh.getByText('no longer accepted in the query string')).toBeVisible();
  expect(await context.cookies()).toEqual([]);

  // The printed address works in this tab, and a reload keeps working without it.
  await fresh.goto(app.url);
  await expect(fresh.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await fresh.reload();
  await expect(fresh.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  expect(fresh.url()).toBe(`${origin}/`);
});

test('the bridge sends the token in a header on calls and the event stream, never in a URL', async ({ page, app }) => {
  const token = tokenFromFragment(new URL(app.url).hash) ?? '';
  const seen: { url: string; token: string | undefined; bridge: string | undefined; cookie: string | undefined }[] = [];
  page.on('request', (request) => {
    const headers = request.headers();
    seen.push({ url: request.url(), token: headers[TOKEN_HEADER], bridge: headers[BRIDGE_HEADER], cookie: headers['cookie'] });
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText('Details for support')).toBeVisible();
  const data = seen.filter((request) => DATA_ROUTE.test(new URL(request.url).pathname));
  expect(data.some((request) => new URL(request.url).pathname === '/events')).toBe(true);
  expect(data.some((request) => new URL(request.url).pathname.startsWith('/api/'))).toBe(true);
  for (const request of data) expect(request, request.url).toMatchObject({ token, bridge: '1', cookie: undefined });
  for (const request of seen) expect(request.url).not.toContain(token);
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isInside,
  mimeTypeFor,
  readRendererFile,
  RENDERER_INDEX_URL,
  rendererHeaders,
  rendererPathFor,
} from '../../../main/core/renderer-scheme';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../main/core/window-rules';
import { tempDir } from '../../helpers/temp';

/** A built renderer folder with a secret file beside it, as an attacker would hope to reach. */
function rendererFolder(): { root: string; outside: string } {
  const base = tempDir();
  const root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', 'data.bin'), 'bytes');
  const outside = path.join(base, 'secret.txt');
  fs.writeFileSync(outside, 'the secret');
  return { root, outside };
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');

describe('the app:// renderer scheme', () => {
  it('maps app://renderer/ URLs onto paths inside the renderer folder', () => {
    expect(rendererPathFor(RENDERER_INDEX_URL)).toEqual({ ok: true, relative: 'index.html' });
    expect(rendererPathFor('app://renderer/')).toEqual({ ok: true, relative: 'index.html' });
    expect(rendererPathFor('app://renderer')).toEqual({ ok: true, relative: 'index.html' });
    expect(rendererPathFor('app://renderer/assets/index-abc.js?v=1#x')).toEqual({ ok: true, relative: 'assets/index-abc.js' });
    expect(rendererPathFor('app://renderer/assets/a%20b.png')).toEqual({ ok: true, relative: 'assets/a b.png' });
  });

  it('refuses other origins, credentials, ports and methods', () => {
    for (const url of ['app://other/index.html', 'app://renderer:8080/index.html', 'app://user:pw@renderer/index.html', 'file:///etc/passwd', 'https://renderer/index.html', 'app://RENDERER/index.html']) {
      expect(rendererPathFor(url), url).toMatchObject({ ok: false, status: 403 });
    }
    expect(rendererPathFor('not a url')).toMatchObject({ ok: false, status: 400 });
    expect(rendererPathFor(RENDERER_INDEX_URL, 'POST')).toMatchObject({ ok: false, status: 405 });
    expect(rendererPathFor(RENDERER_INDEX_URL, 'HEAD')).toMatchObject({ ok: true });
  });

  it('refuses traversal however it is spelt', () => {
    for (const url of [
      'app://renderer/..%2f..%2fsecret.txt',
      'app://renderer/assets/..%2F..%2F..%2Fsecret.txt',
      'app://renderer/%2e%2e%2fsecret.txt',
      'app://renderer/.%2e%2fsecret.txt',
      'app://renderer/assets\\..\\..\\secret.txt',
      'app://renderer/assets%5c..%5c..%5csecret.txt',
      'app://renderer/index.html%00.png',
      'app://renderer/C:/Windows/win.ini',
      'app://renderer/%E0%A4%A',
    ]) {
      expect(rendererPathFor(url), url).toMatchObject({ ok: false, status: 400 });
    }
    // Plain dot segments never reach the handler: the URL parser already removed them.
    expect(rendererPathFor('app://renderer/assets/../../secret.txt')).toEqual({ ok: true, relative: 'secret.txt' });
    expect(rendererPathFor('app://renderer/%2e%2e/%2e%2e/secret.txt')).toEqual({ ok: true, relative: 'secret.txt' });
    // Decoded once only: a double-encoded climb is a (missing) file name, not a climb.
    expect(rendererPathFor('app://renderer/%252e%252e%252fsecret.txt')).toEqual({ ok: true, relative: '%2e%2e%2fsecret.txt' });
    // An absolute path in the URL stays relative to the folder.
    expect(rendererPathFor('app://renderer//etc/passwd')).toEqual({ ok: true, relative: 'etc/passwd' });
  });

  it('serves files of the folder with their type, the CSP and nosniff', async () => {
    const { root } = rendererFolder();
    const index = await readRendererFile(RENDERER_INDEX_URL, root);
    expect(index.status).toBe(200);
    expect(text(index.body)).toContain('<div id="root">');
    expect(index.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
      'x-content-type-options': 'nosniff',
    });
    expect((await readRendererFile('app://renderer/assets/index-abc.js', root)).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await readRendererFile('app://renderer/assets/index-abc.css', root)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await readRendererFile('app://renderer/assets/data.bin', root)).headers['content-type']).toBe('application/octet-stream');
    const head = await readRendererFile(RENDERER_INDEX_URL, root, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
  });

  it('never serves anything outside the folder: missing files, folders and links out', async () => {
    const { root, outside } = rendererFolder();
    fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
    fs.symlinkSync(path.dirname(outside), path.join(root, 'up'));
    fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'assets', 'inside-link.html'));

    const cases: [string, number][] = [
      ['app://renderer/assets/link.txt', 403],
      ['app://renderer/up/secret.txt', 403],
      ['app://renderer/..%2fsecret.txt', 400],
      ['app://renderer/assets/', 404],
      ['app://renderer/missing.js', 404],
      ['app://renderer/index.html/x', 404],
      ['app://evil/index.html', 403],
    ];
    for (const [url, status] of cases) {
      const answer = await readRendererFile(url, root);
      expect(answer.status, url).toBe(status);
      expect(text(answer.body), url).not.toContain('secret');
      // Refusals carry the same protective headers as answers.
      expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
      expect(answer.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY_HEADER);
    }
    // A link that stays inside the folder is fine.
    expect((await readRendererFile('app://renderer/assets/inside-link.html', root)).status).toBe(200);
  });

  it('works when the renderer folder itself is reached through a link', async () => {
    const { root } = rendererFolder();
    const alias = path.join(tempDir(), 'alias');
    fs.symlinkSync(root, alias);
    expect((await readRendererFile(RENDERER_INDEX_URL, alias)).status).toBe(200);
  });

  it('tells inside from outside', () => {
    expect(isInside('/app/renderer', '/app/renderer/index.html')).toBe(true);
    expect(isInside('/app/renderer', '/app/renderer')).toBe(false);
    expect(isInside('/app/renderer', '/app/renderer-evil/index.html')).toBe(false);
    expect(isInside('/app/renderer', '/app/secret.txt')).toBe(false);
  });

  it('names the types it serves and protects every answer', () => {
    expect(mimeTypeFor('a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
    expect(rendererHeaders('text/plain')).toMatchObject({ 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin' });
  });
});

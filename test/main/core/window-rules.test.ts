import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY,
  DEFAULT_WINDOW_SIZE,
  isSafeExternalUrl,
  isTrustedSenderUrl,
  restoreBounds,
  windowOpenAction,
} from '../../../main/core/window-rules';
import { RENDERER_INDEX_URL } from '../../../main/core/renderer-scheme';

describe('window rules', () => {
  it('cancels every navigation, whatever the target', () => {
    for (const url of ['https://example.com', 'file:///etc/passwd', 'http://127.0.0.1:1234/', 'javascript:alert(1)', 'about:blank']) {
      expect(allowNavigation(url)).toBe(false);
    }
  });

  it('denies window.open for every URL', () => {
    expect(windowOpenAction('https://smsglobal.com')).toEqual({ action: 'deny' });
    expect(windowOpenAction('file:///x')).toEqual({ action: 'deny' });
  });

  it('lets only https links leave the app', () => {
    expect(isSafeExternalUrl('https://www.smsglobal.com/docs')).toBe(true);
    for (const url of [
      'http://example.com',
      'file:///C:/Windows/system32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'mailto:a@b.c',
      'https://user:pass@example.com',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });

  it('trusts only our own page as an IPC sender', () => {
    const app = RENDERER_INDEX_URL;
    expect(isTrustedSenderUrl(app, app)).toBe(true);
    expect(isTrustedSenderUrl('app://renderer/#/inbox', app)).toBe(true);
    for (const sender of [
      'app://other/index.html',
      'app://renderer:1/index.html',
      'app://x@renderer/index.html',
      'file:///opt/app/resources/app.asar/out/renderer/index.html',
      'https://evil.example',
      // Node gives every one of these the opaque origin "null", as it does app:// itself.
      'data:text/html,<script>1</script>',
      'blob:null/1234',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedSenderUrl(sender, app), sender).toBe(false);
    }
    expect(isTrustedSenderUrl('http://localhost:5173/#/inbox', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    // A file:// app URL (the old packaging) trusts nobody.
    const file = 'file:///opt/app/resources/app.asar/out/renderer/index.html';
    expect(isTrustedSenderUrl(file, file)).toBe(false);
  });

  it('has a CSP with nothing inline and nothing remote', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('restores saved bounds only when they are visible on a display', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }];
    expect(restoreBounds({ x: 100, y: 80, width: 1200, height: 800 }, displays)).toEqual({ x: 100, y: 80, width: 1200, height: 800 });
    // The monitor it was on is gone: keep the size, let the OS place it.
    expect(restoreBounds({ x: 3000, y: 80, width: 1200, height: 800 }, displays)).toEqual({ width: 1200, height: 800 });
    expect(restoreBounds('garbage', displays)).toEqual(DEFAULT_WINDOW_SIZE);
    expect(restoreBounds({ x: 0, y: 0, width: 10, height: 10 }, displays)).toMatchObject({ width: 900, height: 600 });
  });
});

/**
 * Pure rules for the hardened window (Electron's security checklist). The Electron shell
 * wires them to will-navigate, setWindowOpenHandler and the IPC sender check; tests call them
 * directly because the Electron runtime is not available on CI.
 */

/** Every in-window navigation is cancelled: the app is a single page loaded once. */
export function allowNavigation(_targetUrl: string): false {
  return false;
}

/** window.open and target=_blank never create a window. */
export function windowOpenAction(_targetUrl: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** Only well-formed https: URLs without embedded credentials may leave the app. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

/**
 * An IPC sender is trusted only when it is our own page: the same scheme, host and port as the
 * app's URL (app://renderer, or the dev server's http origin while developing). Compared part by
 * part because Node gives a custom scheme an opaque origin ("null"), which every data: or
 * sandboxed page shares; a file:// page is never trusted.
 */
export function isTrustedSenderUrl(senderUrl: string, appUrl: string): boolean {
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(senderUrl);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:' || app.host === '') return false;
  return sender.protocol === app.protocol && sender.host === app.host && sender.username === '' && sender.password === '';
}

/**
 * The renderer's Content-Security-Policy: nothing inline, nothing remote. The renderer makes no
 * network calls of its own, so connect-src is 'self' (the preview's same-origin bridge only).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** frame-ancestors only works as a header (browsers ignore it in a meta tag). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 };
export const MIN_WINDOW_SIZE = { width: 900, height: 600 };

/**
 * Restores saved bounds only when enough of the window would be visible on a current display
 * (a monitor may have been unplugged since); otherwise the window opens centred at the default size.
 */
export function restoreBounds(saved: unknown, displays: readonly Rectangle[]): Partial<Rectangle> {
  if (!isRectangle(saved)) return { ...DEFAULT_WINDOW_SIZE };
  const width = Math.max(saved.width, MIN_WINDOW_SIZE.width);
  const height = Math.max(saved.height, MIN_WINDOW_SIZE.height);
  const visible = displays.some((d) => overlap(d, { ...saved, width, height }) >= 0.5 * Math.min(width * height, d.width * d.height));
  if (!visible) return { width, height };
  return { x: saved.x, y: saved.y, width, height };
}

function isRectangle(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k]));
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

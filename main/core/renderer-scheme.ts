import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY_HEADER } from './window-rules';

/**
 * The desktop app's renderer is served from a privileged custom scheme, never from file://
 * (Electron's security checklist, item 18): `app://renderer/…` maps onto the built renderer
 * folder and nothing else. The Electron shell (main/renderer-protocol.ts) registers the scheme
 * and hands every request to readRendererFile; the rules live here, in plain Node, so they are
 * tested without Electron.
 */

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_INDEX_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`;

/**
 * What the scheme may do: standard (relative URLs, its own origin and storage), secure (like
 * https), fetch for the module scripts. Deliberately not bypassCSP, corsEnabled (which would let
 * other origins read it) or service workers.
 */
export const RENDERER_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Unknown extensions are served as opaque bytes: with nosniff they can never run as script or style. */
export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every answer that carries the renderer, here and in the web preview's host. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Headers on every answer of the scheme, errors included. */
export function rendererHeaders(contentType: string): Record<string, string> {
  return { 'content-type': contentType, ...SECURITY_HEADERS };
}

export type RendererPath = { ok: true; relative: string } | { ok: false; status: 400 | 403 | 405; reason: string };

/**
 * The file a request asks for, as a path relative to the renderer folder, or why it is refused.
 * Pure: only the URL is looked at. Refused: another scheme or host, a port or credentials, a
 * method other than GET/HEAD, an undecodable escape, NUL, backslashes, drive letters or other
 * colons, and any `.` or `..` segment once decoded (so `%2e%2e%2f` cannot climb either).
 */
export function rendererPathFor(rawUrl: string, method = 'GET'): RendererPath {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: 'method' };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403, reason: 'another origin' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad escape' };
  }
  if (/[\0\\:]/.test(decoded)) return { ok: false, status: 400, reason: 'forbidden character' };
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '.' || segment === '..')) return { ok: false, status: 400, reason: 'dot segment' };
  if (segments.length === 0 || decoded.endsWith('/')) segments.push('index.html');
  return { ok: true, relative: segments.join('/') };
}

/** `file` lies strictly inside `root` (both already resolved). */
export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export interface RendererResponse {
  status: number;
  headers: Record<string, string>;
  /** Empty for HEAD and for refusals (their reason goes to the log, not to the page). */
  body: Uint8Array;
  reason?: string;
}

function refusal(status: number, reason: string): RendererResponse {
  return { status, headers: rendererHeaders('text/plain; charset=utf-8'), body: new Uint8Array(), reason };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Answers one request of the scheme from `rootDir`. After the URL rules above, the file's real
 * path (symlinks resolved) must still lie inside the real renderer folder, and be a file.
 */
export async function readRendererFile(rawUrl: string, rootDir: string, method = 'GET'): Promise<RendererResponse> {
  const wanted = rendererPathFor(rawUrl, method);
  if (!wanted.ok) return refusal(wanted.status, wanted.reason);
  try {
    const root = await fs.realpath(rootDir);
    const candidate = path.resolve(root, ...wanted.relative.split('/'));
    if (!isInside(root, candidate)) return refusal(403, 'outside the renderer folder');
    const real = await fs.realpath(candidate);
    if (!isInside(root, real)) return refusal(403, 'links outside the renderer folder');
    if (!(await fs.stat(real)).isFile()) return refusal(404, 'not a file');
    const body = method === 'HEAD' ? new Uint8Array() : await fs.readFile(real);
    return { status: 200, headers: rendererHeaders(mimeTypeFor(real)), body };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'ENAMETOOLONG') return refusal(404, 'not found');
    return refusal(500, `unreadable (${code ?? 'error'})`);
  }
}

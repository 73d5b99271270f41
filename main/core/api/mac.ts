import crypto from 'node:crypto';

/**
 * SMSGlobal's MAC authentication (OAuth 2 MAC token draft, as SMSGlobal's SDKs implement it).
 * The signed string is seven lines — ts, nonce, METHOD, request target, host, port, ext — each
 * followed by "\n"; the MAC is base64(HMAC-SHA256(secret, string)). The body is not signed.
 */

export interface MacParts {
  ts: number;
  nonce: string;
  method: string;
  /** Path including /v2 plus "?query", byte for byte as on the request line. */
  target: string;
  host: string;
  port: number;
  ext?: string;
}

export function normalizedString(parts: MacParts): string {
  return `${parts.ts}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.target}\n${parts.host}\n${parts.port}\n${parts.ext ?? ''}\n`;
}

// Importing the secret as a key once saves work on every signature of a busy client.
const keys = new Map<string, crypto.KeyObject>();

function keyFor(secret: string): crypto.KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size > 16) keys.clear();
    key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export function computeMac(secret: string, parts: MacParts): string {
  return crypto.createHmac('sha256', keyFor(secret)).update(normalizedString(parts)).digest('base64');
}

// CSPRNG bytes drawn in blocks: one randomFillSync per 256 nonces instead of one per request.
const NONCE_BYTES = 16;
const pool = Buffer.alloc(NONCE_BYTES * 256);
let poolOffset = pool.length;

/** 32 lowercase hex characters from a CSPRNG: unique per request and within the 32-character limit. */
export function newNonce(): string {
  if (poolOffset >= pool.length) {
    crypto.randomFillSync(pool);
    poolOffset = 0;
  }
  const nonce = pool.toString('hex', poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/** Host without port, and the port from the URL or its scheme's default. */
export function hostAndPort(url: URL): { host: string; port: number } {
  const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  // URL keeps IPv6 hosts in brackets; the signature uses the bare host name as sent in Host.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

/** The request target exactly as it goes on the request line. */
export function requestTarget(url: URL): string {
  return url.pathname + url.search;
}

export function authorizationHeader(key: string, ts: number, nonce: string, mac: string): string {
  return `MAC id="${key}", ts="${ts}", nonce="${nonce}", mac="${mac}"`;
}

/** Signs a request target on a known host and port (the hot path: no URL object per request). */
export function signTarget(options: {
  method: string;
  target: string;
  host: string;
  port: number;
  key: string;
  secret: string;
  ts: number;
  nonce?: string;
}): string {
  const nonce = options.nonce ?? newNonce();
  const mac = computeMac(options.secret, { ts: options.ts, nonce, method: options.method, target: options.target, host: options.host, port: options.port });
  return authorizationHeader(options.key, options.ts, nonce, mac);
}

/** Signs the final URL of a request (build it once, sign that, send that). */
export function signRequest(options: {
  method: string;
  url: URL;
  key: string;
  secret: string;
  ts?: number;
  nonce?: string;
}): string {
  const { host, port } = hostAndPort(options.url);
  return signTarget({
    method: options.method,
    target: requestTarget(options.url),
    host,
    port,
    key: options.key,
    secret: options.secret,
    ts: options.ts ?? Math.floor(Date.now() / 1000),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
  });
}

export interface ParsedAuthorization {
  id: string;
  ts: string;
  nonce: string;
  mac: string;
  ext?: string;
}

/**
 * Parses `MAC id="…", ts="…", nonce="…", mac="…"` the way a tolerant server does: any order,
 * optional spaces around "=" and ",". Returns null when a required pair is missing.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (!header) return null;
  const match = /^\s*MAC\s+(.*)$/i.exec(header);
  if (!match?.[1]) return null;
  const pairs: Record<string, string> = {};
  const pattern = /\s*([a-zA-Z]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  const rest = match[1];
  let position = 0;
  while (position < rest.length) {
    pattern.lastIndex = position;
    const pair = pattern.exec(rest);
    if (!pair?.[1] || pair[2] === undefined) return null;
    pairs[pair[1].toLowerCase()] = pair[2];
    position = pattern.lastIndex;
  }
  const { id, ts, nonce, mac, ext } = pairs;
  if (!id || !ts || !nonce || !mac) return null;
  return ext === undefined ? { id, ts, nonce, mac } : { id, ts, nonce, mac, ext };
}

export function macEquals(expected: string, presented: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  // A MAC's length is public (44 Base64 characters for SHA-256); its content is compared in constant time.
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

import { computeMac, macEquals, parseAuthorization } from '../core/api/mac';

/**
 * MAC verification as SMSGlobal's server does it: header parsed tolerantly, secret looked up by
 * key id, ts within ±300 s, nonce at most 32 characters and never reused, signature over the raw
 * request target, constant-time comparison.
 */

export const MAX_SKEW_SECONDS = 300;

/**
 * Nonces seen in the replay window, in one set per minute: lookups touch at most a dozen sets,
 * and whole minutes expire at once, so the cost per request stays flat at any request rate.
 */
export class NonceCache {
  private readonly buckets = new Map<number, Set<string>>();

  /** Records a nonce; false when it was already used within the window. */
  claim(key: string, nonce: string, nowSeconds: number): boolean {
    const id = `${key}\u0000${nonce}`;
    const minute = Math.floor(nowSeconds / 60);
    const oldest = minute - Math.ceil((MAX_SKEW_SECONDS * 2) / 60);
    for (const [bucket, seen] of this.buckets) {
      if (bucket < oldest) this.buckets.delete(bucket);
      else if (seen.has(id)) return false;
    }
    let current = this.buckets.get(minute);
    if (!current) this.buckets.set(minute, (current = new Set()));
    current.add(id);
    return true;
  }
}

export type AuthResult = { ok: true; key: string } | { ok: false; reason: string };

export function verifyRequest(options: {
  authorization: string | undefined;
  method: string;
  /** The request target as received on the request line. */
  target: string;
  hostHeader: string | undefined;
  defaultPort: number;
  secrets: ReadonlyMap<string, string>;
  nonces: NonceCache;
  nowSeconds: number;
}): AuthResult {
  const parsed = parseAuthorization(options.authorization);
  if (!parsed) return { ok: false, reason: 'Missing or malformed Authorization header' };
  const secret = options.secrets.get(parsed.id);
  if (secret === undefined) return { ok: false, reason: 'Unknown Authentication Error' };
  if (!/^\d+$/.test(parsed.ts)) return { ok: false, reason: 'Invalid timestamp' };
  const ts = Number(parsed.ts);
  if (Math.abs(options.nowSeconds - ts) > MAX_SKEW_SECONDS) return { ok: false, reason: 'Timestamp outside the allowed window' };
  if (parsed.nonce.length > 32) return { ok: false, reason: 'Nonce too long' };
  const hostHeader = options.hostHeader ?? '';
  const portMatch = /^(.*):(\d+)$/.exec(hostHeader);
  const host = (portMatch ? portMatch[1] : hostHeader) ?? '';
  const port = portMatch?.[2] ? Number(portMatch[2]) : options.defaultPort;
  const expected = computeMac(secret, {
    ts,
    nonce: parsed.nonce,
    method: options.method,
    target: options.target,
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port,
    ext: parsed.ext ?? '',
  });
  if (!macEquals(expected, parsed.mac)) return { ok: false, reason: 'Unknown Authentication Error' };
  // Claim the nonce only for a valid signature, so garbage cannot burn other clients' nonces.
  if (!options.nonces.claim(parsed.id, parsed.nonce, options.nowSeconds)) return { ok: false, reason: 'Nonce already used' };
  return { ok: true, key: parsed.id };
}

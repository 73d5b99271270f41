import dns from 'node:dns';
import net from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { MEDIA_RULES, type MediaType } from '../../../shared/messages';
import type { MediaVerdict } from '../../../shared/outbox';
import { isPrivateAddress } from '../private-address';

/**
 * Media pre-flight: asks the URL for its headers (HEAD, else a one-byte ranged GET) and checks
 * the content type and size against WhatsApp's table for the message type. Only http(s), a few
 * redirects at most (each checked again), a short timeout, and never into private or loopback
 * addresses — checked on the address actually connected to, so DNS tricks cannot slip through —
 * unless the app itself talks to a local API (the simulator).
 */

const MB = 1024 * 1024;

function describeSize(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

const typeNames: Record<MediaType, string> = { image: 'an image', video: 'a video', document: 'a document', audio: 'audio', sticker: 'a sticker' };

/** The verdict for what the server said about the file. Pure. */
export function judge(type: MediaType, contentType: string | null, sizeBytes: number | null): MediaVerdict {
  const rules = MEDIA_RULES[type];
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? null;
  if (!mime) return { verdict: 'unknown', reason: 'The server did not say what kind of file this is; WhatsApp may refuse it.', contentType: null, sizeBytes };
  if (!rules.contentTypes.includes(mime)) {
    return {
      verdict: 'refused',
      reason: `The link serves ${mime}; ${typeNames[type]} must be ${rules.contentTypes.slice(0, 6).join(', ')}${rules.contentTypes.length > 6 ? '…' : ''}.`,
      contentType: mime,
      sizeBytes,
    };
  }
  if (sizeBytes !== null && sizeBytes > rules.maxBytes) {
    return { verdict: 'refused', reason: `The file is ${describeSize(sizeBytes)}; ${typeNames[type]} may be at most ${describeSize(rules.maxBytes)}.`, contentType: mime, sizeBytes };
  }
  if (sizeBytes === null) return { verdict: 'ok', reason: `${mime}; the server did not say how big it is.`, contentType: mime, sizeBytes };
  return { verdict: 'ok', reason: `${mime}, ${describeSize(sizeBytes)}: WhatsApp accepts this.`, contentType: mime, sizeBytes };
}

export interface MediaCheckOptions {
  /** Allow loopback and private addresses (the app is pointed at a local API). */
  allowPrivate: boolean;
  timeoutMs?: number;
}

function guardedAgent(allowPrivate: boolean): Agent {
  return new Agent({
    connect: {
      lookup(hostname, options, callback) {
        dns.lookup(hostname, { all: true }, (error, addresses) => {
          if (error) return callback(error, '', 4);
          const list = addresses;
          const bad = list.find((a) => isPrivateAddress(a.address));
          if (bad && !allowPrivate) {
            const refused = Object.assign(new Error(`${hostname} points into a private network (${bad.address}).`), { code: 'PRIVATE_ADDRESS' });
            return callback(refused, '', 4);
          }
          const first = list[0];
          if (!first) return callback(new Error('no address'), '', 4);
          if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
          callback(null, first.address, first.family);
        });
      },
    },
  });
}

export async function checkMedia(type: MediaType, rawUrl: string, options: MediaCheckOptions): Promise<MediaVerdict> {
  const unknown = (reason: string): MediaVerdict => ({ verdict: 'unknown', reason, contentType: null, sizeBytes: null });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { verdict: 'refused', reason: 'This is not a valid link.', contentType: null, sizeBytes: null };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { verdict: 'refused', reason: 'Use an http:// or https:// link.', contentType: null, sizeBytes: null };
  // Node connects to an IP literal without a DNS lookup, so the guarded lookup never sees it:
  // every hop's literal is checked here.
  const literalIsPrivate = (target: URL): boolean => {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    return net.isIP(host) !== 0 && isPrivateAddress(host) && !options.allowPrivate;
  };
  const privateVerdict: MediaVerdict = { verdict: 'refused', reason: 'The link points into a private network, which WhatsApp cannot reach.', contentType: null, sizeBytes: null };
  if (literalIsPrivate(url)) return privateVerdict;
  const agent = guardedAgent(options.allowPrivate);
  const timeout = options.timeoutMs ?? 8_000;
  const ask = async (target: URL, method: 'HEAD' | 'GET'): Promise<Dispatcher.ResponseData> =>
    request(target, {
      method,
      dispatcher: agent,
      headers: method === 'GET' ? { range: 'bytes=0-0', 'user-agent': 'WhatsAppDesk media check' } : { 'user-agent': 'WhatsAppDesk media check' },
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
  try {
    let target = url;
    for (let hop = 0; hop <= 3; hop++) {
      let response = await ask(target, 'HEAD');
      await response.body.dump();
      if (response.statusCode === 405 || response.statusCode === 501 || response.statusCode === 403) {
        response = await ask(target, 'GET');
        await response.body.dump();
      }
      if (response.statusCode >= 300 && response.statusCode < 400) {
        const location = response.headers['location'];
        const next = typeof location === 'string' ? new URL(location, target) : null;
        if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          return { verdict: 'refused', reason: 'The link redirects to something that is not an http(s) address.', contentType: null, sizeBytes: null };
        }
        if (literalIsPrivate(next)) return privateVerdict;
        target = next;
        continue;
      }
      if (response.statusCode === 404 || response.statusCode === 410) return { verdict: 'refused', reason: `The link answers ${response.statusCode}: there is no file there.`, contentType: null, sizeBytes: null };
      if (response.statusCode >= 400) return unknown(`The server answered ${response.statusCode}, so the file could not be checked.`);
      const type_ = response.headers['content-type'];
      const range = response.headers['content-range'];
      const length = response.headers['content-length'];
      let size: number | null = null;
      if (typeof range === 'string' && /\/(\d+)$/.test(range)) size = Number(/\/(\d+)$/.exec(range)?.[1]);
      else if (response.statusCode !== 206 && typeof length === 'string' && /^\d+$/.test(length)) size = Number(length);
      return judge(type, typeof type_ === 'string' ? type_ : null, size);
    }
    return { verdict: 'refused', reason: 'The link redirects too many times.', contentType: null, sizeBytes: null };
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'PRIVATE_ADDRESS') return { verdict: 'refused', reason: error instanceof Error ? `${error.message} WhatsApp cannot reach it.` : 'Private address.', contentType: null, sizeBytes: null };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return unknown('The media server did not answer in time, so the file could not be checked.');
    return unknown('The media server could not be reached, so the file could not be checked.');
  } finally {
    await agent.close();
  }
}

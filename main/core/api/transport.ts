import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header';

/**
 * One HTTP exchange on undici's dispatcher, collecting the whole (small, JSON) answer into one
 * buffer. This skips the Readable stream that undici's request() builds for every response,
 * which is most of a client's per-request cost on keep-alive loopback connections.
 */
export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface ExchangeOptions {
  origin: string;
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | undefined;
  headersTimeout: number;
  bodyTimeout: number;
  signal?: AbortSignal | undefined;
  /** Largest answer accepted; a longer one is aborted. */
  maxBytes?: number;
}

class AbortedError extends Error {
  readonly code = 'UND_ERR_ABORTED';
  constructor() {
    super('The request was aborted.');
    this.name = 'AbortError';
  }
}

export function exchange(dispatcher: Dispatcher, options: ExchangeOptions): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted) {
      reject(new AbortedError());
      return;
    }
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    let controller: Dispatcher.DispatchController | null = null;
    let settled = false;
    const onAbort = (): void => controller?.abort(new AbortedError());
    const finish = (error: Error | null): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve({ status, headers, text: chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks, size).toString('utf8') });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (signal?.aborted) c.abort(new AbortedError());
      },
      onResponseStart(_c, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(c, chunk) {
        size += chunk.length;
        if (size > maxBytes) c.abort(new Error(`The answer was larger than ${maxBytes} bytes.`));
        else chunks.push(chunk);
      },
      onResponseEnd() {
        finish(null);
      },
      onResponseError(_c, error) {
        finish(error);
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: options.origin,
          path: options.path,
          method: options.method,
          headers: options.headers,
          body: options.body ?? null,
          headersTimeout: options.headersTimeout,
          bodyTimeout: options.bodyTimeout,
        },
        handler,
      );
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

import type http from 'node:http';

/** The body is larger than the reader accepts; the caller answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body as UTF-8, refusing past `limit` bytes (at once when Content-Length says
 * so). A refused body is not kept: the rest is read and dropped, so the connection stays usable
 * and the sender reads the answer instead of a reset.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const refuse = (): void => {
      req.removeListener('data', onData);
      req.resume();
      reject(new BodyTooLargeError(limit));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) return refuse();
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A sender that goes away mid-body: the promise settles so whoever waits can let go.
    req.on('close', () => {
      if (!req.complete) reject(new Error('The request was closed before its body arrived.'));
    });
  });
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

const open: http.Server[] = [];
afterEach(async () => {
  while (open.length > 0) await new Promise((resolve) => open.pop()?.close(resolve));
});

export interface MediaFile {
  type: string | null;
  size: number;
  /** Answer HEAD with 405, so the check must fall back to a ranged GET. */
  noHead?: boolean;
  redirect?: string;
}

/** A tiny file server on 127.0.0.1: path → content type and size (the bytes are zeros). */
export async function mediaServer(files: Record<string, MediaFile>): Promise<{ url: (path: string) => string; requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    requests.push(`${req.method} ${req.url} ${req.headers.range ?? ''}`.trim());
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    if (file.redirect) {
      res.writeHead(302, { location: file.redirect }).end();
      return;
    }
    if (req.method === 'HEAD' && file.noHead) {
      res.writeHead(405).end();
      return;
    }
    const headers: Record<string, string> = file.type ? { 'content-type': file.type } : {};
    if (req.headers.range) {
      res.writeHead(206, { ...headers, 'content-range': `bytes 0-0/${file.size}`, 'content-length': '1' });
      res.end(Buffer.alloc(1));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(file.size) });
    if (req.method === 'HEAD') res.end();
    else res.end(Buffer.alloc(Math.min(file.size, 1024)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
  const port = (server.address() as AddressInfo).port;
  return { url: (path) => `http://127.0.0.1:${port}${path}`, requests };
}

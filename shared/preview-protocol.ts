/**
 * The web preview's wire rules, shared by its host (main/preview/host.ts) and the page's bridge
 * (preload/web.ts). Pure functions only: no Node, no DOM.
 *
 * The per-run token travels only where a single origin (scheme + host + port) can present it:
 * the printed URL carries it in the fragment (never sent to any server), the page keeps it in
 * sessionStorage (scoped to the origin, port included) and sends it in a header. A cookie would
 * be sent to every server on 127.0.0.1 whatever its port, so the host neither sets nor accepts one.
 */

/** Header carrying the token on every call, the event stream and downloads. */
export const TOKEN_HEADER = 'x-preview-token';
/** A custom header a cross-origin page cannot send without a CORS preflight the host never grants. */
export const BRIDGE_HEADER = 'x-preview-bridge';
/** The sessionStorage key the bridge keeps the token under. */
export const TOKEN_STORAGE_KEY = 'whatsapp-desk.preview-token';

/** Tokens the host makes: 24 random bytes in base64url (32 characters). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The address to print: the token in the fragment, which browsers never send to the server. */
export function previewUrl(port: number, token: string): string {
  return `http://127.0.0.1:${port}/#token=${token}`;
}

/** Reads `#token=…` from a location's hash; null when absent or malformed. */
export function tokenFromFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && isWellFormedToken(token) ? token : null;
}

/** One Server-Sent Events frame carrying a JSON message. */
export function eventFrame(message: unknown): string {
  return `data: ${JSON.stringify(message)}\n\n`;
}

/**
 * Splits a Server-Sent Events stream into the data of its events, as text arrives in arbitrary
 * pieces. Comments (": ping") and fields other than data are skipped; a frame's data lines are
 * joined with newlines, as EventSource does. The host ends lines with "\n" only.
 */
export class EventStreamParser {
  private buffer = '';

  push(chunk: string): string[] {
    this.buffer += chunk;
    const messages: string[] = [];
    let end = this.buffer.indexOf('\n\n');
    while (end !== -1) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line === 'data' || line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''));
      if (data.length > 0) messages.push(data.join('\n'));
      end = this.buffer.indexOf('\n\n');
    }
    return messages;
  }
}

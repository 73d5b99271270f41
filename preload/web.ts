import { buildBridgeApi } from '../shared/bridge';
import { isEventName } from '../shared/contract';
import { BRIDGE_HEADER, EventStreamParser, TOKEN_HEADER, TOKEN_STORAGE_KEY, tokenFromFragment } from '../shared/preview-protocol';
import type { Result } from '../shared/result';

/**
 * The web preview's bridge: the same window.api as the Electron preload, carried over HTTP to
 * the loopback preview host (calls), a streamed event feed (events) and fetched downloads.
 *
 * The access token arrives in the printed URL's fragment, which browsers never send to a
 * server. This script moves it to sessionStorage (scoped to this origin, port included, and to
 * this tab), removes it from the address bar, and sends it in a header on every request. Other
 * servers on 127.0.0.1 never see it: it is neither a cookie nor part of any URL the page loads.
 * EventSource cannot send headers, so the event feed is read with fetch and a stream reader.
 */

const listeners = new Map<string, Set<(payload: unknown) => void>>();

const unreachable: Result<never> = {
  ok: false,
  error: { code: 'network', message: "The app's background process is not answering. Is the preview still running?" },
};

const refused: Result<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message: 'The preview refused this page’s access token (it may have been restarted). Open the address that npm run preview printed.',
  },
};

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Takes the token from the fragment (keeping it for reloads of this tab) or from an earlier load. */
function takeToken(): string | null {
  const fromFragment = tokenFromFragment(location.hash);
  if (location.hash.includes('token=')) history.replaceState(history.state, '', location.pathname + location.search);
  if (fromFragment === null) return readStoredToken();
  try {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, fromFragment);
  } catch {
    // Storage is switched off: the token lives as long as this page.
  }
  return fromFragment;
}

/** Opened without the token: say what to do, instead of starting an app that cannot work. */
function showMissingToken(): void {
  document.title = 'WhatsApp Desk preview: open the printed address';
  const main = document.createElement('main');
  main.style.maxWidth = '40rem';
  main.style.margin = '4rem auto';
  main.style.padding = '0 1.5rem';
  main.style.lineHeight = '1.5';
  const heading = document.createElement('h1');
  heading.textContent = 'Open the address the preview printed';
  const how = document.createElement('p');
  how.textContent =
    'This page was opened without its access key. In the terminal where you ran npm run preview, copy the whole address it printed (it ends with #token=…) and open it in this tab.';
  const why = document.createElement('p');
  why.textContent =
    'The key stays in this browser tab only, so other websites and local servers cannot use it. A new tab, or a restarted preview, needs the printed address again.';
  main.append(heading, how, why);
  document.body.replaceChildren(main);
}

/** The renderer's module script, which the host handed to this script to start (see host.ts withBridge). */
const appModule = document.currentScript?.getAttribute('data-app-module') ?? null;

function startApp(): void {
  if (appModule === null) return;
  const script = document.createElement('script');
  script.type = 'module';
  script.src = appModule;
  document.head.append(script);
}

function whenParsed(run: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

// A page framed by another site never uses the token (the host's CSP forbids framing as well).
const token = window.top === window ? takeToken() : null;

// The printed address opened again in this tab (same port, new run): keep the new token and reload.
window.addEventListener('hashchange', () => {
  const next = tokenFromFragment(location.hash);
  if (next === null) return;
  try {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, next);
  } catch {
    // Without storage the reload below cannot keep it; the no-token page will say so.
  }
  location.replace(location.pathname + location.search);
});

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [BRIDGE_HEADER]: '1', [TOKEN_HEADER]: token ?? '' };
}

/** Non-JSON refusals from the host (413, 429…) carry a sentence worth showing. */
async function refusal(response: Response): Promise<Result<never>> {
  if (response.status === 401) return refused;
  const message = (await response.text().catch(() => '')).trim();
  if (message === '') return unreachable;
  const code = response.status === 413 ? 'validation' : response.status === 429 ? 'rate_limited' : 'network';
  return { ok: false, error: { code, message } };
}

async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ input: input ?? null }),
      credentials: 'omit',
    });
  } catch {
    return unreachable;
  }
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return refusal(response);
  try {
    return (await response.json()) as Result<unknown>;
  } catch {
    return unreachable;
  }
}

/** Fetches a one-time download with the token, then saves it through a blob link. */
async function download(url: string, filename: string): Promise<void> {
  const response = await fetch(url, { headers: headers(), credentials: 'omit' });
  if (!response.ok) return;
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after the click returns; let it go once the download has begun.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

interface HostMessage {
  kind: 'event' | 'open-url' | 'download';
  event?: string;
  payload?: unknown;
  url?: string;
  filename?: string;
}

function handleHostMessage(message: HostMessage): void {
  if (message.kind === 'event' && isEventName(message.event)) {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  } else if (message.kind === 'open-url' && message.url?.startsWith('https://')) {
    window.open(message.url, '_blank', 'noopener,noreferrer');
  } else if (message.kind === 'download' && message.url?.startsWith('/downloads/')) {
    void download(message.url, message.filename ?? 'export').catch(() => undefined);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the host's event stream for the life of the page, reconnecting with a growing pause. */
async function listen(): Promise<void> {
  let pause = 500;
  for (;;) {
    try {
      const response = await fetch('/events', { headers: headers(), credentials: 'omit', cache: 'no-store' });
      // A refused token stays refused; calls tell the user what to do.
      if (response.status === 401) return;
      if (response.ok && response.body) {
        pause = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new EventStreamParser();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          for (const data of parser.push(chunk.value)) {
            try {
              handleHostMessage(JSON.parse(data) as HostMessage);
            } catch {
              // A malformed push is dropped; the next refresh reads the truth from main.
            }
          }
        }
      }
    } catch {
      // The host went away or the connection dropped: try again below.
    }
    await sleep(pause);
    pause = Math.min(pause * 2, 10_000);
  }
}

if (token === null) {
  whenParsed(showMissingToken);
} else {
  void listen();
  const api = buildBridgeApi({
    invoke,
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  });
  Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false });
  whenParsed(startApp);
}

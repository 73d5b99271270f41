import { buildBridgeApi } from '../shared/bridge';
import { isEventName } from '../shared/contract';
import type { Result } from '../shared/result';

/**
 * The web preview's bridge: the same window.api as the Electron preload, carried over HTTP to
 * the loopback preview host (calls) and Server-Sent Events (events). The access token travels
 * in an HttpOnly cookie the host set when the printed URL was opened, so page scripts never see it.
 */

const listeners = new Map<string, Set<(payload: unknown) => void>>();

const unreachable: Result<never> = {
  ok: false,
  error: { code: 'network', message: "The app's background process is not answering. Is the preview still running?" },
};

async function invoke(channel: string, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-preview-bridge': '1' },
      body: JSON.stringify({ input: input ?? null }),
      credentials: 'same-origin',
    });
  } catch {
    return unreachable;
  }
  if (response.status === 401) {
    return { ok: false, error: { code: 'forbidden', message: 'This page lost its access token. Open the URL that npm run preview printed.' } };
  }
  try {
    return (await response.json()) as Result<unknown>;
  } catch {
    return unreachable;
  }
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
    const link = document.createElement('a');
    link.href = message.url;
    link.download = message.filename ?? 'export';
    document.body.append(link);
    link.click();
    link.remove();
  }
}

const source = new EventSource('/events');
source.onmessage = (message: MessageEvent<string>) => {
  try {
    handleHostMessage(JSON.parse(message.data) as HostMessage);
  } catch {
    // A malformed push is dropped; the next refresh reads the truth from main.
  }
};

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

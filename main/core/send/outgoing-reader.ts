import { AppError } from '../../../shared/result';
import type { ApiClient, OutgoingMessage } from '../api/client';
import { MAX_LIMIT } from '../api/endpoints';
import { MAX_REACHABLE, pagesFor, splitWindow } from '../sync/windowing';

/**
 * Reads every entry of SMSGlobal's outgoing list in a date window (optionally for one number).
 * "Not in the list" is only worth something when the read was complete: a window holding more
 * than the API lets one query reach is split, and a window whose total changed while it was paged
 * (entries arriving late shift the pages) is read again.
 */

export type OutgoingLister = Pick<ApiClient, 'listOutgoing'>;

export interface OutgoingRead {
  /** Inclusive list-clock range, whole seconds. */
  window: readonly [number, number];
  destination?: string | undefined;
}

const ATTEMPTS = 3;

export async function readOutgoing(client: OutgoingLister, read: OutgoingRead): Promise<OutgoingMessage[]> {
  const found = new Map<string, OutgoingMessage>();
  const windows: [number, number][] = [[read.window[0], read.window[1]]];
  const query = (window: [number, number], offset: number, limit: number) =>
    client.listOutgoing({
      startDate: window[0],
      // The API's dates are whole seconds: the end's own second is included by asking up to the next.
      endDate: window[1] + 1000,
      offset,
      limit,
      ...(read.destination ? { destination: read.destination } : {}),
    });
  for (let window = windows.pop(); window; window = windows.pop()) {
    for (let attempt = 1; ; attempt++) {
      const first = await query(window, 1, MAX_LIMIT);
      if (first.total > MAX_REACHABLE) {
        const halves = splitWindow(window);
        if (!halves) throw new AppError({ code: 'server', message: 'SMSGlobal lists more messages in one second than the app can read.' });
        // A closed window splits into closed halves.
        windows.push(...halves.map(([start, end]): [number, number] => [start, end ?? window[1]]));
        break;
      }
      const items = [...first.items];
      let total = first.total;
      for (const page of pagesFor(first.total).slice(1)) {
        const next = await query(window, page.offset, page.limit);
        items.push(...next.items);
        total = next.total;
      }
      if (total === first.total) {
        for (const item of items) found.set(item.id, item);
        break;
      }
      if (attempt >= ATTEMPTS) throw new AppError({ code: 'server', message: 'SMSGlobal’s outgoing list kept changing while the app read it; it will look again.' });
    }
  }
  return [...found.values()];
}

/** One attempt's window, for planning reads. */
export interface WindowToRead {
  recipient: string;
  window: readonly [number, number];
  /** Calibrated (seconds wide) rather than the two-day fallback. */
  narrow: boolean;
}

/** Joins inclusive windows that overlap or touch (within a second). */
function merge(windows: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1000) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * The reads that settle a batch of attempts: calibrated windows are seconds wide, so they are
 * merged and read for every number at once (a campaign's thousands of unknowns cost a few
 * pages); two-day fallback windows are read per number, with the list's destination filter. Pure.
 */
export function planReads(windows: readonly WindowToRead[]): OutgoingRead[] {
  const reads: OutgoingRead[] = merge(windows.filter((w) => w.narrow).map((w) => w.window)).map((window) => ({ window }));
  const wide = new Map<string, (readonly [number, number])[]>();
  for (const w of windows) {
    if (w.narrow) continue;
    const list = wide.get(w.recipient);
    if (list) list.push(w.window);
    else wide.set(w.recipient, [w.window]);
  }
  for (const [destination, list] of wide) for (const window of merge(list)) reads.push({ window, destination });
  return reads;
}

import { MAX_LIMIT, MAX_OFFSET_PLUS_LIMIT } from '../api/endpoints';
import type { Window } from '../db/sync-state-store';

/**
 * The API lets a list reach only items 1 … 9,999 of a query (offset is 1-based, limit ≤ 1000,
 * offset + limit ≤ 10,000). A date window holding more must be split; these pure functions say
 * how. Windows are inclusive [start, end] in epoch ms on whole seconds, like the API's dates;
 * the newest window of a run has no end (see engine.ts).
 */

export const MAX_REACHABLE = MAX_OFFSET_PLUS_LIMIT - 1;

const MINUTE = 60_000;
/** Split points end on second :29 of a minute, so the next window starts on :30 (see below). */
const SPLIT_SECOND = 29_000;

/**
 * Halves a window near its middle: [start, m] and [m + 1 s, end], so the halves stay contiguous.
 * An open window (end null) is halved between its start and `newest`, the newest createdAt seen
 * in it, and its newer half stays open. Null when there is no second to split at.
 *
 * The split point is moved to second :29 of a minute when the window is long enough. The API
 * reads our dates as wall time in the account's zone; at the end of a repeated DST hour, a server
 * that takes the first of two equal wall times would skip that whole hour between a window
 * ending on the last second before the change and one starting on the change (every DST change
 * since 2014 falls on a whole minute). Boundaries between :29 and :30 never meet one.
 */
export function splitWindow([start, end]: Window, newest?: number): [Window, Window] | null {
  const last = end ?? (newest !== undefined ? floorToSecond(newest) : null);
  if (last === null || last - start < 1000) return null;
  let middle = start + Math.floor((last - start) / 2000) * 1000;
  const snapped = Math.floor((middle - SPLIT_SECOND) / MINUTE) * MINUTE + SPLIT_SECOND;
  const aligned = snapped >= start ? snapped : snapped + MINUTE;
  if (aligned + 1000 <= last) middle = aligned;
  return [
    [start, middle],
    [middle + 1000, end],
  ];
}

/** The pages that read `total` items of one window, respecting every pagination limit. */
export function pagesFor(total: number, pageSize = MAX_LIMIT): { offset: number; limit: number }[] {
  const reachable = Math.min(total, MAX_REACHABLE);
  const pages: { offset: number; limit: number }[] = [];
  for (let offset = 1; offset <= reachable; offset += pageSize) {
    const limit = Math.min(pageSize, reachable - offset + 1, MAX_OFFSET_PLUS_LIMIT - offset);
    pages.push({ offset, limit });
  }
  return pages;
}

export const floorToSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

import { MAX_LIMIT, MAX_OFFSET_PLUS_LIMIT } from '../api/endpoints';
import type { Window } from '../db/sync-state-store';

/**
 * The API lets a list reach only items 1 … 9,999 of a query (offset is 1-based, limit ≤ 1000,
 * offset + limit ≤ 10,000). A date window holding more must be split; these pure functions say
 * how. Windows are inclusive [start, end] in epoch ms on whole seconds, like the API's dates.
 */

export const MAX_REACHABLE = MAX_OFFSET_PLUS_LIMIT - 1;

/** Halves a window at its middle second; null when it is a single second and cannot be split. */
export function splitWindow([start, end]: Window): [Window, Window] | null {
  if (end - start < 1000) return null;
  const middle = start + Math.floor((end - start) / 2000) * 1000;
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

import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type RefObject } from 'react';
import type { PagedRows } from './usePagedRows';

/**
 * A virtualized view over paged rows: only the rows on screen are in the DOM, and the pages
 * they need are fetched as they scroll in.
 */
export function useVirtualRows<T>(
  rows: PagedRows<T>,
  rowHeight: number,
): { parentRef: RefObject<HTMLDivElement | null>; virtualizer: Virtualizer<HTMLDivElement, Element>; items: VirtualItem[] } {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = rows;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  return { parentRef, virtualizer, items };
}

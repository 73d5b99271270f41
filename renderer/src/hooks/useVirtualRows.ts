import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type RefObject } from 'react';
import type { PagedRows } from './usePagedRows';
import { useRovingFocus, type RovingFocus } from './useRovingFocus';

/**
 * A virtualized view over paged rows: only the rows on screen are in the DOM, and the pages
 * they need are fetched as they scroll in. The list is one Tab stop (`roving`): arrows,
 * Home/End and Page Up/Down move between rows, scrolling the ones not rendered yet into view.
 */
export function useVirtualRows<T>(
  rows: PagedRows<T>,
  rowHeight: number,
): { parentRef: RefObject<HTMLDivElement | null>; virtualizer: Virtualizer<HTMLDivElement, Element>; items: VirtualItem[]; roving: RovingFocus } {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = rows;
  useEffect(() => ensure(first, last), [ensure, first, last]);
  const rendered = items.filter((item) => rows.rowAt(item.index) !== undefined).map((item) => item.index);
  const roving = useRovingFocus(parentRef, rows.total ?? 0, { rendered, scrollTo: (index) => virtualizer.scrollToIndex(index) });
  return { parentRef, virtualizer, items, roving };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api';

/**
 * Rows of a long list, fetched a page at a time as they scroll into view. Pairs with a
 * virtualizer: the list knows the total at once, and rows arrive when needed. `resetKey` changes
 * (filters, or a cache change) start over, keeping the rows on screen until the new ones land.
 */
export interface PagedRows<T> {
  total: number | null;
  rowAt: (index: number) => T | undefined;
  ensure: (start: number, end: number) => void;
  error: string | null;
  loading: boolean;
}

export function usePagedRows<T>(fetchPage: (offset: number, limit: number) => Promise<{ total: number; items: T[] }>, resetKey: string, pageSize = 100): PagedRows<T> {
  const [pages, setPages] = useState<Map<number, T[]>>(new Map());
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const visible = useRef<[number, number]>([0, pageSize]);

  const load = useCallback(
    (page: number, gen: number) => {
      if (inFlight.current.has(page)) return;
      inFlight.current.add(page);
      fetchRef
        .current(page * pageSize, pageSize)
        .then((result) => {
          if (gen !== generation.current) return;
          setTotal(result.total);
          setPages((current) => new Map(current).set(page, result.items));
          setError(null);
        })
        .catch((e: unknown) => {
          if (gen === generation.current) setError(errorMessage(e));
        })
        .finally(() => {
          inFlight.current.delete(page);
          if (gen === generation.current) setLoading(false);
        });
    },
    [pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    const gen = generation.current;
    inFlight.current = new Set();
    setLoading(true);
    // Refresh the pages in view first; the others are dropped and re-read on demand.
    const [start, end] = visible.current;
    const first = Math.floor(start / pageSize);
    const last = Math.floor(Math.max(start, end) / pageSize);
    setPages((current) => new Map([...current].filter(([page]) => page >= first && page <= last)));
    for (let page = first; page <= last; page++) load(page, gen);
  }, [resetKey, load, pageSize]);

  const ensure = useCallback(
    (start: number, end: number) => {
      visible.current = [start, end];
      for (let page = Math.floor(start / pageSize); page <= Math.floor(end / pageSize); page++) {
        if (!pages.has(page)) load(page, generation.current);
      }
    },
    [pages, load, pageSize],
  );

  const rowAt = useCallback((index: number) => pages.get(Math.floor(index / pageSize))?.[index % pageSize], [pages, pageSize]);

  return { total, rowAt, ensure, error, loading };
}

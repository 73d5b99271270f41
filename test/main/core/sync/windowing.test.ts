import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REACHABLE, pagesFor, splitWindow } from '../../../../main/core/sync/windowing';

describe('windowing', () => {
  it('pages reach at most 9,999 items and never break offset + limit ≤ 10,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), (total) => {
        const pages = pagesFor(total);
        const covered = pages.reduce((n, p) => n + p.limit, 0);
        expect(covered).toBe(Math.min(total, MAX_REACHABLE));
        for (const p of pages) {
          expect(p.offset).toBeGreaterThanOrEqual(1);
          expect(p.limit).toBeGreaterThanOrEqual(1);
          expect(p.limit).toBeLessThanOrEqual(1000);
          expect(p.offset + p.limit).toBeLessThanOrEqual(10_000);
        }
      }),
    );
    expect(pagesFor(2500)).toEqual([
      { offset: 1, limit: 1000 },
      { offset: 1001, limit: 1000 },
      { offset: 2001, limit: 500 },
    ]);
  });

  it('splits a window into two that cover it exactly, on whole seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 1, max: 1e8 }), (startS, lengthS) => {
        const window: [number, number] = [startS * 1000, (startS + lengthS) * 1000];
        const halves = splitWindow(window);
        if (!halves) throw new Error('should split');
        const [a, b] = halves;
        expect(a[0]).toBe(window[0]);
        expect(b[1]).toBe(window[1]);
        const end = a[1] ?? Number.NaN;
        expect(b[0]).toBe(end + 1000);
        expect(end % 1000).toBe(0);
        expect(end).toBeGreaterThanOrEqual(a[0]);
        expect(b[0]).toBeLessThanOrEqual(window[1]);
        // Long enough windows meet between :29 and :30 of a minute, away from any DST change.
        if (lengthS >= 120) expect(end % 60_000).toBe(29_000);
      }),
    );
    expect(splitWindow([5000, 5000])).toBeNull();
  });

  it('splits an open window below the newest message it holds, and its newer half stays open', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 1, max: 1e8 }), fc.integer({ min: 0, max: 999 }), (startS, lengthS, ms) => {
        const start = startS * 1000;
        const newest = (startS + lengthS) * 1000 + ms;
        const halves = splitWindow([start, null], newest);
        if (!halves) throw new Error('should split');
        const [a, b] = halves;
        expect(a[0]).toBe(start);
        expect(b[1]).toBeNull();
        const end = a[1] ?? Number.NaN;
        expect(b[0]).toBe(end + 1000);
        // The open half is smaller than the window: its start is past the window's, at or before the newest.
        expect(b[0]).toBeGreaterThan(start);
        expect(b[0]).toBeLessThanOrEqual(newest);
      }),
    );
    // Without a newest message, or with everything in one second, there is nothing to split at.
    expect(splitWindow([5000, null])).toBeNull();
    expect(splitWindow([5000, null], 5999)).toBeNull();
  });
});

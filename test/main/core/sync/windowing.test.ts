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
        expect(b[0]).toBe(a[1] + 1000);
        expect(a[1] % 1000).toBe(0);
        expect(a[1]).toBeGreaterThanOrEqual(a[0]);
      }),
    );
    expect(splitWindow([5000, 5000])).toBeNull();
  });
});

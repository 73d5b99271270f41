/**
 * Where a key moves the focus in a group that is one Tab stop (WAI-ARIA "roving tabindex"):
 * lists go up and down and stop at their ends; tabs go left and right and wrap around.
 * Home and End go to the ends; Page Up/Down jump a screenful in lists. Null: not a moving key.
 */
export function nextIndex(key: string, current: number, count: number, options: { orientation: 'vertical' | 'horizontal'; page?: number }): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  const from = Math.min(Math.max(current, 0), last);
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  if (options.orientation === 'horizontal') {
    if (key === 'ArrowRight') return from === last ? 0 : from + 1;
    if (key === 'ArrowLeft') return from === 0 ? last : from - 1;
    return null;
  }
  const page = options.page ?? 10;
  if (key === 'ArrowDown') return Math.min(from + 1, last);
  if (key === 'ArrowUp') return Math.max(from - 1, 0);
  if (key === 'PageDown') return Math.min(from + page, last);
  if (key === 'PageUp') return Math.max(from - page, 0);
  return null;
}

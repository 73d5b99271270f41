import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { nextIndex } from '../roving';

export interface RovingItemProps {
  tabIndex: 0 | -1;
  'data-roving-index': number;
  onFocus: () => void;
}

export interface RovingFocus {
  /** Spread on each row's focus target (a button, or the row itself when it has no action). */
  itemProps: (index: number) => RovingItemProps;
  /** Whether `index` is the row holding the group's Tab stop (its inner controls may be tabbable). */
  isTabStop: (index: number) => boolean;
  /** On the list element: arrows, Home/End and Page Up/Down move the focus between rows. */
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

/**
 * A long list as one Tab stop (WAI-ARIA's roving tabindex): the row last focused keeps
 * tabIndex 0, every other row -1, and the keys move between rows. For virtualized lists,
 * `rendered` names the rows in the DOM: when the remembered row has scrolled away, the first
 * rendered one holds the Tab stop (the list never drops out of the Tab order), and a key that
 * moves past the rendered rows scrolls there first (`scrollTo`) and focuses once it renders.
 */
export function useRovingFocus(
  container: RefObject<HTMLElement | null>,
  count: number,
  options: { rendered?: readonly number[]; scrollTo?: (index: number) => void } = {},
): RovingFocus {
  const [active, setActive] = useState(0);
  const pending = useRef<number | null>(null);
  const { rendered, scrollTo } = options;
  const remembered = Math.min(active, Math.max(count - 1, 0));
  const stop = rendered && !rendered.includes(remembered) ? (rendered[0] ?? remembered) : remembered;

  // Runs after every render: a row scrolled into view by a key gets the focus once it exists.
  useEffect(() => {
    if (pending.current === null) return;
    const target = container.current?.querySelector<HTMLElement>(`[data-roving-index="${pending.current}"]`);
    if (target) {
      pending.current = null;
      target.focus();
    }
  });

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const from = event.target instanceof Element ? event.target.closest('[data-roving-index]') : null;
      if (!(from instanceof HTMLElement)) return;
      const page = Math.max(1, (rendered?.length ?? 24) - 2);
      const next = nextIndex(event.key, Number(from.dataset['rovingIndex']), count, { orientation: 'vertical', page });
      if (next === null) return;
      event.preventDefault();
      setActive(next);
      pending.current = next;
      const target = container.current?.querySelector<HTMLElement>(`[data-roving-index="${next}"]`);
      if (target) {
        pending.current = null;
        target.focus();
      } else {
        scrollTo?.(next);
      }
    },
    [container, count, rendered, scrollTo],
  );

  return {
    itemProps: (index) => ({ tabIndex: index === stop ? 0 : -1, 'data-roving-index': index, onFocus: () => setActive(index) }),
    isTabStop: (index) => index === stop,
    onKeyDown,
  };
}

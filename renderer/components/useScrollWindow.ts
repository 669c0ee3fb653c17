import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ScrollWindow {
  /** The element whose scrolling moves the list; null where nothing scrolls (tests) or before the first layout. */
  scroller: HTMLElement | null;
  /** Where the list starts within the scroller's content (a virtualizer's `scrollMargin`). */
  offset: number;
}

/**
 * For a virtualised list (@tanstack/react-virtual): the element that scrolls it and where the list starts in it.
 * Read after every render, on purpose: what sits above the list (a note, an error line, a toolbar that wraps) may
 * have moved it; state is set only when something moved, so it settles after one more render.
 */
export function useScrollWindow(listRef: RefObject<HTMLElement | null>, scrollerOf: (list: HTMLElement) => HTMLElement | null = scrollParentOf): ScrollWindow {
  const [found, setFound] = useState<ScrollWindow>({ scroller: null, offset: 0 });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const scroller = scrollerOf(list);
    const offset = scroller ? Math.round(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop) : 0;
    if (scroller !== found.scroller || offset !== found.offset) setFound({ scroller, offset });
  });
  return found;
}

/** The nearest ancestor that scrolls vertically (the screen's content area for a table in a screen). */
function scrollParentOf(element: HTMLElement): HTMLElement | null {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(parent).overflowY)) return parent;
  }
  return null;
}

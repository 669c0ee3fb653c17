import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ScrollWindow {
  /** The element whose scrolling moves the list; null where nothing scrolls (tests) or before the first layout. */
  scroller: HTMLElement | null;
  /** Where the list starts within the scroller's content (a virtualizer's `scrollMargin`). */
  offset: number;
}

/**
 * For a virtualised list (@tanstack/react-virtual): the element that scrolls it and where the list starts in it.
 * Read when the list element first appears, then whenever the scroller or its content changes size — what sits
 * above the list (a note, an error line, a toolbar that wraps) moving it also changes the content's height — from a
 * ResizeObserver, which reports after layout. Not after every render: a render of a scroll or of a changed row
 * moves nothing, and reading positions there forced a layout on every scroll frame (issue 18; a CPU profile of
 * scrolling 2,000 images spent ~23 % of its busy time there). State is set only when something moved.
 */
export function useScrollWindow(listRef: RefObject<HTMLElement | null>, scrollerOf: (list: HTMLElement) => HTMLElement | null = scrollParentOf): ScrollWindow {
  const [found, setFound] = useState<ScrollWindow>({ scroller: null, offset: 0 });
  const watched = useRef<{ list: HTMLElement; stop: () => void } | undefined>(undefined);
  // Runs after every render, but does work only when the list element is a new one (first render, or remounted).
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || watched.current?.list === list) return;
    watched.current?.stop();
    const scroller = scrollerOf(list);
    const measure = (): void => {
      const offset = scroller ? Math.round(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop) : 0;
      setFound((previous) => (previous.scroller === scroller && previous.offset === offset ? previous : { scroller, offset }));
    };
    measure();
    let observer: ResizeObserver | undefined;
    if (scroller && typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(measure);
      observer.observe(scroller);
      for (const child of scroller.children) observer.observe(child);
    }
    watched.current = { list, stop: () => observer?.disconnect() };
  });
  useLayoutEffect(
    () => () => {
      watched.current?.stop();
      watched.current = undefined;
    },
    [],
  );
  return found;
}

/** The nearest ancestor that scrolls vertically (the screen's content area for a table in a screen). */
function scrollParentOf(element: HTMLElement): HTMLElement | null {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(parent).overflowY)) return parent;
  }
  return null;
}

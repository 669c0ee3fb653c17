import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ScrollWindow {
  /** The element whose scrolling moves the list; null where nothing scrolls (tests) or before the first layout. */
  scroller: HTMLElement | null;
  /** Where the list starts within the scroller's content (a virtualizer's `scrollMargin`). */
  offset: number;
}

/**
 * For a virtualised list (@tanstack/react-virtual): the element that scrolls it and where the list starts in it.
 * Read from a ResizeObserver, which reports after layout: when the list first appears, and whenever the list, the
 * scroller or the scroller's content changes size (what sits above the list — a note, an error line, a toolbar that
 * wraps — moving it changes the content's height). Never during a render or a commit: reading positions there forced
 * a layout of the page, on every scroll frame when read after every render (issue 18; a CPU profile of scrolling
 * 2,000 images spent ~23 % of its busy time there). State is set only when something moved.
 *
 * `waitForLayout`: the first read waits for the first report too, where a list's first commit is heavy (the Images
 * table: that read forced the layout of the whole screen inside the cold load's longest task); until then the list
 * renders as if nothing scrolled it (a window's worth of rows). Otherwise — and where there is no ResizeObserver —
 * it is read when the list appears (the log view follows its end from its first render).
 */
export function useScrollWindow(
  listRef: RefObject<HTMLElement | null>,
  scrollerOf: (list: HTMLElement) => HTMLElement | null = scrollParentOf,
  { waitForLayout = false }: { waitForLayout?: boolean } = {},
): ScrollWindow {
  const [found, setFound] = useState<ScrollWindow>({ scroller: null, offset: 0 });
  const watched = useRef<{ list: HTMLElement; stop: () => void } | undefined>(undefined);
  // Runs after every render, but does work only when the list element is a new one (first render, or remounted).
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || watched.current?.list === list) return;
    watched.current?.stop();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => measure()) : undefined;
    let scroller: HTMLElement | null | undefined;
    const measure = (): void => {
      if (scroller === undefined) {
        scroller = scrollerOf(list);
        if (scroller && observer) {
          observer.observe(scroller);
          for (const child of scroller.children) observer.observe(child);
        }
      }
      const within = scroller;
      const offset = within ? Math.round(list.getBoundingClientRect().top - within.getBoundingClientRect().top + within.scrollTop) : 0;
      setFound((previous) => (previous.scroller === within && previous.offset === offset ? previous : { scroller: within, offset }));
    };
    if (observer) observer.observe(list);
    if (!observer || !waitForLayout) measure();
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

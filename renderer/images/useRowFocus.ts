import { useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';

/** How a row is found in the table's body; `data-id` is its image's ID, `data-index` its place in the list. */
export const ROW_SELECTOR = '[data-testid="image-row"]';
/** What a row holds that takes focus (its actions, its pull's link, "+N more"), reached with Left and Right. */
const ROW_CONTROLS = 'button:not(:disabled), a[href]';

export interface RowFocus {
  /** The row holding the list's one Tab stop (-1 when the list is empty): rendered always, wherever the list scrolls. */
  activeIndex: number;
  activeId: string | undefined;
  /** For the table's body. */
  bodyHandlers: {
    onFocus: (event: FocusEvent<HTMLElement>) => void;
    onBlur: (event: FocusEvent<HTMLElement>) => void;
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  };
}

/**
 * One Tab stop for a virtualised list of rows, with a roving focus (WAI-ARIA treegrid, rows focused first; the
 * decision is in docs/architecture.md): the row last focused holds it — or, once that row has left the list, the
 * row now in its place, or the first. Up/Down/Home/End/PageUp/PageDown move between rows, Left/Right between a row
 * and what it holds; Tab leaves the list. A row moved to that is not in the page yet is focused once it is rendered
 * (the table always renders `activeIndex`), and focus held by a row that leaves the list goes to the one in its place.
 * `pageRows`: how many rows a PageUp/PageDown moves.
 */
export function useRowFocus(rows: readonly { id: string }[], bodyRef: RefObject<HTMLElement | null>, pageRows: () => number): RowFocus {
  // The row last focused, and its place in the list as last seen: the place it hands on when it leaves the list.
  const [chosen, setChosen] = useState<{ id: string; index: number } | undefined>(undefined);
  // The row holding focus now (itself or something in it), as far as focus events tell.
  const focusedRowId = useRef<string | undefined>(undefined);
  // A row moved to with the keyboard that was not in the page: focused once rendered.
  const pendingFocusId = useRef<string | undefined>(undefined);

  const chosenId = chosen?.id;
  const chosenIndex = chosenId === undefined ? -1 : rows.findIndex((row) => row.id === chosenId);
  // Rows added or sorted around it: its place is remembered (React's adjusting of state while rendering).
  if (chosen && chosenIndex >= 0 && chosenIndex !== chosen.index) setChosen({ id: chosen.id, index: chosenIndex });
  const activeIndex = rows.length === 0 ? -1 : chosenIndex >= 0 ? chosenIndex : Math.min(chosen?.index ?? 0, rows.length - 1);
  const activeId = rows[activeIndex]?.id;

  useLayoutEffect(() => {
    if (focusedRowId.current !== undefined && focusedRowId.current === chosenId && chosenIndex < 0) {
      // The focused row was filtered out or removed: its element went with focus.
      focusedRowId.current = undefined;
      pendingFocusId.current = activeId;
    }
    const pending = pendingFocusId.current;
    if (pending === undefined) return;
    const row = rowElement(bodyRef.current, pending);
    if (row) {
      pendingFocusId.current = undefined;
      focusInView(row);
    }
  });

  const moveTo = (index: number): void => {
    const id = rows[index]?.id;
    if (id === undefined) return;
    const row = rowElement(bodyRef.current, id);
    if (row) focusInView(row);
    else {
      pendingFocusId.current = id;
      setChosen({ id, index });
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    // Ctrl/Cmd+Home and +End go to the first and last row too (WAI-ARIA treegrid); other modified keys are not ours.
    const toAnEnd = event.key === 'Home' || event.key === 'End';
    if (event.defaultPrevented || event.altKey || event.shiftKey || ((event.ctrlKey || event.metaKey) && !toAnEnd)) return;
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>(ROW_SELECTOR);
    if (!row) return;
    const index = Number(row.dataset.index);
    const last = rows.length - 1;
    const rowIndex = {
      ArrowDown: Math.min(index + 1, last),
      ArrowUp: Math.max(index - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(index + pageRows(), last),
      PageUp: Math.max(index - pageRows(), 0),
    }[event.key];
    if (rowIndex !== undefined) {
      event.preventDefault();
      moveTo(rowIndex);
      return;
    }
    // Space on the row itself has nothing to act on: it would scroll the list a page and leave the focused row behind.
    if (event.key === ' ' && target === row) {
      event.preventDefault();
      return;
    }
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    // Along the row: the row itself, then what it holds in the page's order; the ends stay put.
    const stops = [row, ...row.querySelectorAll<HTMLElement>(ROW_CONTROLS)];
    const next = stops[stops.indexOf(target) + (event.key === 'ArrowRight' ? 1 : -1)];
    event.preventDefault();
    next?.focus();
  };

  return {
    activeIndex,
    activeId,
    bodyHandlers: {
      onFocus: (event) => {
        const row = (event.target as HTMLElement).closest<HTMLElement>(ROW_SELECTOR);
        focusedRowId.current = row?.dataset.id;
        const id = row?.dataset.id;
        const index = Number(row?.dataset.index);
        // Moving among a row's actions keeps the same row: no render for it.
        if (id !== undefined) setChosen((previous) => (previous?.id === id && previous.index === index ? previous : { id, index }));
      },
      onBlur: (event) => {
        const next = event.relatedTarget;
        if (next instanceof Node && event.currentTarget.contains(next)) return;
        // A focused element removed from the page may report a blur to nowhere: that is not the user leaving.
        if (next === null && !(event.target as Node).isConnected) return;
        focusedRowId.current = undefined;
      },
      onKeyDown,
    },
  };
}

/**
 * Focuses a row and scrolls it just into view, as a file list does: focus() alone centres a row that is not wholly in
 * view, so each Down past the bottom edge jumped the list half a window. (The virtualizer's scrollToIndex was tried:
 * its scroll, corrected frame by frame as rows are measured, once landed at the top of a 2,000-row list.)
 */
function focusInView(row: HTMLElement): void {
  row.focus({ preventScroll: true });
  row.scrollIntoView({ block: 'nearest' });
}

function rowElement(body: HTMLElement | null, id: string): HTMLElement | null {
  return body?.querySelector<HTMLElement>(`${ROW_SELECTOR}[data-id="${CSS.escape(id)}"]`) ?? null;
}

import { useCallback, useEffect, useRef } from 'react';

interface HandOver {
  /** The control that acted: the hand-over waits until it is off or out of the page. */
  from: () => Element | null;
  /** Where the focus goes then. */
  to: () => HTMLElement | null;
}

/**
 * Keyboard focus after an action whose own control turns off or leaves the page once it is done (Stop once the
 * stack is stopped, Remove once the stack is gone, Cancel once the pull has stopped, a deleted registry's row). A
 * control that turns off or leaves drops the focus, and a dialog cannot hand it back there, so the next Tab would
 * start from the top of the page. `handOver(from, to)` after the action: once `from` is off or gone and nothing
 * holds the hand-over (`waitWhile`, e.g. the confirmation still open), the focus goes to `to` — if it is still on
 * `from` or lost, never when the user has moved on.
 */
/**
 * Whether the keyboard focus was dropped: on nothing, or on `from` or another control that turned off (a disabled
 * button keeps the focus until the browser moves it to the page). Moving the focus is right then, never otherwise.
 */
export function focusDropped(from?: Element | null): boolean {
  const focused = document.activeElement;
  return focused === null || focused === document.body || focused === from || (focused instanceof HTMLButtonElement && focused.disabled);
}

export function useFocusHandOver(waitWhile = false): (from: HandOver['from'], to: HandOver['to']) => void {
  const pending = useRef<HandOver | undefined>(undefined);
  // After every render: what turns `from` off (a new status, a closed dialog, a new list) renders this component.
  useEffect(() => {
    const handOver = pending.current;
    if (handOver === undefined || waitWhile) return;
    const from = handOver.from();
    if (from !== null && from.isConnected && !(from instanceof HTMLButtonElement && from.disabled)) return;
    pending.current = undefined;
    if (!focusDropped(from)) return;
    const to = handOver.to();
    if (to !== null && !(to instanceof HTMLButtonElement && to.disabled)) to.focus();
  });
  return useCallback((from, to) => {
    pending.current = { from, to };
  }, []);
}

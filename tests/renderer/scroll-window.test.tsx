/**
 * useScrollWindow (renderer/components/useScrollWindow.ts) finds where a virtualised list starts in its scroller.
 * Reading that is a layout read: done on every render, it forced a layout on every scroll frame of the Images
 * screen (a CPU profile of scrolling 2,000 images: ~23 % of the busy time). It is read when the list first appears
 * and when something around it changes size, not on renders that move nothing (a scroll, a row that changed).
 */
import { act, render } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useScrollWindow, type ScrollWindow } from '../../renderer/components/useScrollWindow';

let layoutReads = 0;
const restore: Array<() => void> = [];
beforeEach(() => {
  layoutReads = 0;
  const original = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = function (this: Element) {
    layoutReads += 1;
    return original.call(this);
  };
  restore.push(() => (Element.prototype.getBoundingClientRect = original));
});
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

let rerenderList: () => void = () => undefined;
let seen: ScrollWindow | undefined;
function List() {
  const listRef = useRef<HTMLUListElement>(null);
  const [renders, setRenders] = useState(0);
  rerenderList = () => setRenders((count) => count + 1);
  seen = useScrollWindow(listRef);
  return (
    <ul ref={listRef} data-renders={renders}>
      <li>one</li>
    </ul>
  );
}

describe('useScrollWindow', () => {
  it('finds the scroller when the list appears, and reads no layout on renders that move nothing', () => {
    render(
      <div style={{ overflowY: 'auto' }} data-testid="scroller">
        <List />
      </div>,
    );
    expect(seen?.scroller?.dataset.testid).toBe('scroller');
    const afterMount = layoutReads;
    expect(afterMount).toBeGreaterThan(0);
    for (let index = 0; index < 5; index += 1) act(() => rerenderList());
    expect(layoutReads).toBe(afterMount);
  });
});

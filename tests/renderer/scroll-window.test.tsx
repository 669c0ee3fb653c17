/**
 * useScrollWindow (renderer/components/useScrollWindow.ts) finds where a virtualised list starts in its scroller.
 * Reading that is a layout read: done on every render, it forced a layout on every scroll frame of the Images
 * screen (a CPU profile of scrolling 2,000 images: ~23 % of the busy time). It is read when the list first appears
 * and when something around it changes size — from a ResizeObserver, after layout — not on renders that move
 * nothing (a scroll, a row that changed); the Images table waits for layout even for the first read.
 */
import { act, render } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useScrollWindow, type ScrollWindow } from '../../renderer/components/useScrollWindow';
import { ReportedSizes } from './reported-sizes';

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
  const originalObserver = window.ResizeObserver;
  window.ResizeObserver = ReportedSizes as unknown as typeof ResizeObserver;
  restore.push(() => {
    window.ResizeObserver = originalObserver;
    ReportedSizes.all = [];
  });
});
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

let rerenderList: () => void = () => undefined;
let seen: ScrollWindow | undefined;
function List({ waitForLayout = false }: { waitForLayout?: boolean }) {
  const listRef = useRef<HTMLUListElement>(null);
  const [renders, setRenders] = useState(0);
  rerenderList = () => setRenders((count) => count + 1);
  seen = useScrollWindow(listRef, undefined, { waitForLayout });
  return (
    <ul ref={listRef} data-renders={renders}>
      <li>one</li>
    </ul>
  );
}

describe('useScrollWindow', () => {
  it('waiting for layout, reads no layout while it renders or commits: it finds the scroller when layout reports the list, and not again on renders that move nothing', () => {
    render(
      <div style={{ overflowY: 'auto' }} data-testid="scroller">
        <List waitForLayout />
      </div>,
    );
    expect(layoutReads).toBe(0);
    expect(seen?.scroller).toBeNull();
    ReportedSizes.report(20, (target) => target.tagName === 'UL');
    expect(seen?.scroller?.dataset.testid).toBe('scroller');
    const afterReport = layoutReads;
    expect(afterReport).toBeGreaterThan(0);
    for (let index = 0; index < 5; index += 1) act(() => rerenderList());
    expect(layoutReads).toBe(afterReport);
  });

  it('otherwise finds the scroller when the list appears (the log view follows its end from its first render), and not again on renders that move nothing', () => {
    render(
      <div style={{ overflowY: 'auto' }} data-testid="scroller">
        <List />
      </div>,
    );
    expect(seen?.scroller?.dataset.testid).toBe('scroller');
    const afterMount = layoutReads;
    for (let index = 0; index < 5; index += 1) act(() => rerenderList());
    expect(layoutReads).toBe(afterMount);
  });

  it('measures again when what is around the list changes size', () => {
    render(
      <div style={{ overflowY: 'auto' }} data-testid="scroller">
        <p>a note above the list</p>
        <List />
      </div>,
    );
    ReportedSizes.report(20, (target) => target.tagName === 'UL');
    const afterReport = layoutReads;
    ReportedSizes.report(40, (target) => target.tagName === 'P');
    expect(layoutReads).toBeGreaterThan(afterReport);
  });
});

import { act, render } from '@testing-library/react';
import { createElement, type ReactElement } from 'react';

/**
 * Stands in for the browser's ResizeObserver (install with `window.ResizeObserver = ReportedSizes`): happy-dom lays
 * nothing out, so the test reports the sizes layout would give, to whichever observers watch the matching elements.
 */
export class ReportedSizes {
  static all: ReportedSizes[] = [];
  readonly targets = new Set<Element>();
  constructor(private readonly callback: ResizeObserverCallback) {
    ReportedSizes.all.push(this);
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  static report(height: number, matches: (target: Element) => boolean) {
    for (const observer of ReportedSizes.all) {
      const entries = [...observer.targets].filter(matches).map((target) => ({ target, borderBoxSize: [{ blockSize: height, inlineSize: 1000 }] }));
      if (entries.length > 0) act(() => observer.callback(entries as unknown as ResizeObserverEntry[], observer as unknown as ResizeObserver));
    }
  }
}

/**
 * Runs `test` with `list` rendered in a scroller 800 px tall and 1,280 wide (as the screen's content area would be)
 * and ReportedSizes as the ResizeObserver; the test reports the sizes layout would give.
 */
export function inLaidOutScroller(list: ReactElement, test: (rendered: ReturnType<typeof render>) => void): void {
  const original = window.ResizeObserver;
  window.ResizeObserver = ReportedSizes as unknown as typeof ResizeObserver;
  const originalSize = ['clientHeight', 'clientWidth'].map((name) => [name, Object.getOwnPropertyDescriptor(HTMLElement.prototype, name)] as const);
  for (const [name] of originalSize) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return this.dataset.testid === 'scroller' ? (name === 'clientHeight' ? 800 : 1280) : 0;
      },
    });
  }
  try {
    test(render(inScroller(list)));
  } finally {
    window.ResizeObserver = original;
    for (const [name, descriptor] of originalSize) {
      if (descriptor) Object.defineProperty(HTMLElement.prototype, name, descriptor);
      else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
    }
    ReportedSizes.all = [];
  }
}

/** `list` in the element inLaidOutScroller sizes (for a rerender). */
export const inScroller = (list: ReactElement): ReactElement => createElement('div', { style: { overflowY: 'auto' }, 'data-testid': 'scroller' }, list);

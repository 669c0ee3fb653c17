import { act } from '@testing-library/react';

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

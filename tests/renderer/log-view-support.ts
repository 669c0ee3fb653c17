import type { StackLogBatch, StevedoreBridge } from '../../preload/api';

/**
 * Shared by the log view's renderer tests. happy-dom lays nothing out: these make the log panel and its lines measure as a browser gives them
 * (renderer/components/LogView.css), so the virtualised log view shows a real window of lines in tests.
 */
const restore: Array<() => void> = [];

function layOut(property: 'clientHeight' | 'offsetHeight', className: string, pixels: number): void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, property);
  Object.defineProperty(HTMLElement.prototype, property, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains(className) ? pixels : 0;
    },
  });
  restore.push(() => original && Object.defineProperty(HTMLElement.prototype, property, original));
}

/** A 420 px panel of 18 px lines; call in `beforeEach`, and `undoLogLayout` in `afterEach`. */
export function layOutLogView(): void {
  layOut('clientHeight', 'log-view__panel', 420);
  layOut('offsetHeight', 'log-view__line', 18);
}

export function undoLogLayout(): void {
  for (const undo of restore.splice(0)) undo();
}

/**
 * Installs a window bridge answering calls with `invoke`; the returned function raises a `stacks.log` batch to
 * every listener, as main does.
 */
export function installLogBridge(invoke: (name: string) => Promise<unknown>): (batch: StackLogBatch) => void {
  const listeners = new Set<(batch: StackLogBatch) => void>();
  const bridge = {
    invoke,
    on: (event: string, listener: (batch: StackLogBatch) => void) => {
      if (event !== 'stacks.log') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return (batch) => listeners.forEach((listener) => listener(batch));
}

/**
 * What the UI benchmarks read inside the page: long tasks (PerformanceObserver `longtask`, every main-thread task
 * over 50 ms), input delay and handling time of real input events (Event Timing: `processingStart - startTime`
 * and `duration`, reported by Chromium for events of 16 ms or more), frames while scrolling (requestAnimationFrame
 * callbacks per second), and the time from a navigation to a screen's first painted content. Heap and listener
 * counts come from the Chrome DevTools Protocol after a forced GC.
 *
 * The in-page part is plain text run before the app, not a function: tsx's transform would put helpers the page
 * does not have into a serialised function, and the app's CSP forbids compiling one in the page.
 */
import type { Page } from 'playwright-core';

export const PAGE_METRICS_SCRIPT = `(() => {
  const state = { longTasks: [], events: [] };
  window.__bench = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.interactionId && !['keydown', 'pointerdown', 'mousedown', 'click', 'input'].includes(entry.name)) continue;
        state.events.push({ name: entry.name, start: entry.startTime, delay: entry.processingStart - entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
  } catch {}
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const visible = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  state.now = () => performance.now();
  /** ms from now until \`selector\` is visible and the frame that shows it has been produced. */
  state.untilVisible = async (selector, since, timeoutMs) => {
    const start = since ?? performance.now();
    while (!visible(selector)) {
      if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for ' + selector);
      await frame();
    }
    await frame();
    return performance.now() - start;
  };
  /** Changes the route the way a nav link does and times the screen's first content. */
  state.navigate = async (hash, selector, timeoutMs) => {
    const start = performance.now();
    location.hash = hash;
    return state.untilVisible(selector, start, timeoutMs);
  };
  /** The element that scrolls \`selector\`'s content: its nearest ancestor that scrolls, or the page. */
  const scroller = (selector) => {
    for (let element = document.querySelector(selector); element; element = element.parentElement) {
      // Taller than its box as well: a box with overflow-x: auto computes overflow-y: auto without scrolling.
      if (/(auto|scroll)/.test(getComputedStyle(element).overflowY) && element.scrollHeight > element.clientHeight + 1) return element;
    }
    return document.scrollingElement;
  };
  /** Scrolls \`step\` px per frame for \`ms\`, down and back up; frames per second and the scroll range. */
  state.scroll = async (selector, ms, step) => {
    const element = scroller(selector);
    const range = element.scrollHeight - element.clientHeight;
    let direction = 1;
    let frames = 0;
    const start = await frame();
    let now = start;
    while (now - start < ms) {
      if (element.scrollTop >= range - 1) direction = -1;
      else if (element.scrollTop <= 0) direction = 1;
      element.scrollTop += direction * step;
      now = await frame();
      frames += 1;
    }
    return { fps: (frames * 1000) / (now - start), range, start, end: now, rowsInPage: document.querySelectorAll(selector).length };
  };
  state.domNodes = () => document.getElementsByTagName('*').length;
})();`;

export interface LongTask {
  start: number;
  duration: number;
}

export interface InputEvent {
  name: string;
  start: number;
  delay: number;
  duration: number;
}

/** Runs `window.__bench.<expression>` in the page (see PAGE_METRICS_SCRIPT). */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(`window.__bench.${expression}`) as Promise<T>;
}

export const pageNow = (page: Page) => inPage<number>(page, 'now()');

export async function longTasksBetween(page: Page, start: number, end = Number.POSITIVE_INFINITY): Promise<LongTask[]> {
  const all = await inPage<LongTask[]>(page, 'longTasks');
  return all.filter((task) => task.start + task.duration >= start && task.start <= end);
}

export async function inputEventsBetween(page: Page, start: number, end = Number.POSITIVE_INFINITY): Promise<InputEvent[]> {
  const all = await inPage<InputEvent[]>(page, 'events');
  return all.filter((event) => event.start >= start && event.start <= end);
}

/** A window's long tasks in figures: the longest, and the share of the window spent in them. */
export function longTaskSummary(tasks: readonly LongTask[], windowMs: number): { longestMs: number; count: number; busyShare: number } {
  const total = tasks.reduce((sum, task) => sum + task.duration, 0);
  return { longestMs: tasks.reduce((max, task) => Math.max(max, task.duration), 0), count: tasks.length, busyShare: windowMs > 0 ? total / windowMs : 0 };
}

/** Heap after a forced GC, DOM nodes and JS event listeners, from the DevTools protocol. */
export async function heapAfterGc(page: Page): Promise<{ heapBytes: number; nodes: number; listeners: number }> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.enable');
    await session.send('HeapProfiler.collectGarbage');
    await session.send('HeapProfiler.collectGarbage');
    const heap = await session.send('Runtime.getHeapUsage');
    const counters = await session.send('Memory.getDOMCounters');
    return { heapBytes: heap.usedSize, nodes: counters.nodes, listeners: counters.jsEventListeners };
  } finally {
    await session.detach();
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

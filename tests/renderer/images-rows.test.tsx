/**
 * The Images table at 2,000 images (issue 18, issue 15 item 2): only the rows in view are in the page, and a pull's
 * progress or the clock's 30 s tick does not render every row again. Renders are counted through the formatters each
 * row calls once per render (its size) and each relative-time label calls once per render.
 */
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageView } from '../../preload/api';
import type { ImageTableProps } from '../../renderer/images/ImageTable';
import { imageTable, pullAt } from './image-table-support';
import type * as Format from '../../renderer/format';
import type * as PullFormat from '../../renderer/pull/format';
import type * as UseNow from '../../renderer/pull/useNow';
import { inLaidOutScroller, ReportedSizes } from './reported-sizes';

const counted = vi.hoisted(() => ({ sizes: [] as number[], relativeTimes: 0, rowHeightReads: 0, clockReads: 0 }));
vi.mock('../../renderer/pull/useNow', async (importOriginal) => {
  const real = await importOriginal<typeof UseNow>();
  return {
    ...real,
    useNow: () => {
      counted.clockReads += 1;
      return real.useNow();
    },
  };
});
vi.mock('../../renderer/format', async (importOriginal) => {
  const real = await importOriginal<typeof Format>();
  return {
    ...real,
    formatBytes: (bytes: number) => {
      counted.sizes.push(bytes);
      return real.formatBytes(bytes);
    },
  };
});
vi.mock('../../renderer/pull/format', async (importOriginal) => {
  const real = await importOriginal<typeof PullFormat>();
  return {
    ...real,
    formatRelativeTime: (iso: string, now: number) => {
      counted.relativeTimes += 1;
      return real.formatRelativeTime(iso, now);
    },
  };
});

const ROW_HEIGHT = 49;
const images: ImageView[] = Array.from({ length: 2000 }, (_, index) => ({
  id: `sha256:${String(index).padStart(64, '0')}`,
  tags: [`127.0.0.1:5001/many/app:${index}`],
  digests: [],
  sizeBytes: 1_000_000 + index,
  createdAt: '2026-11-29T12:00:00.000Z',
}));
const table = (pullFor: ImageTableProps['pullFor']) => imageTable(images, pullFor);
const rowRenders = () => counted.sizes.filter((bytes) => bytes >= 1_000_000).length;

let restoreHeight: (() => void) | undefined;
beforeEach(() => {
  counted.sizes = [];
  counted.relativeTimes = 0;
  counted.rowHeightReads = 0;
  counted.clockReads = 0;
  // happy-dom lays nothing out: rows measure as a browser would give them.
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      if (this.dataset.testid !== 'image-row') return 0;
      counted.rowHeightReads += 1;
      return ROW_HEIGHT;
    },
  });
  restoreHeight = () => original && Object.defineProperty(HTMLElement.prototype, 'offsetHeight', original);
});
afterEach(() => {
  restoreHeight?.();
  vi.useRealTimers();
});

// A hang limit of its own: 2,000 rows through happy-dom pass vitest's 5 s default on a busy machine (nothing is timed).
describe('Images table at 2,000 images', { timeout: 30_000 }, () => {
  it('puts only the rows in and near view in the page, and tells screen readers the whole size', () => {
    render(table(() => undefined));
    const rows = screen.getAllByTestId('image-row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    const tableElement = screen.getByTestId('images-table');
    expect(tableElement.getAttribute('aria-rowcount')).toBe('2001');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('2');
    expect(rows.at(-1)!.getAttribute('aria-rowindex')).toBe(String(rows.length + 1));
    // The rows not rendered still take their height, so the scrollbar is the whole table's.
    const spacer = tableElement.querySelector<HTMLElement>('.images-table__spacer');
    expect(spacer?.style.height).toBe(`${(2000 - rows.length) * ROW_HEIGHT}px`);
  });

  it('puts a window’s worth of rows in its first render, plus a few beyond its end', () => {
    // Before layout the table does not know its scroller: the window's height bounds what can be visible.
    const innerHeight = Object.getOwnPropertyDescriptor(window, 'innerHeight');
    Object.defineProperty(window, 'innerHeight', { configurable: true, value: 600 });
    try {
      render(table(() => undefined));
      const rows = screen.getAllByTestId('image-row').length;
      expect(rows).toBeGreaterThanOrEqual(Math.ceil(600 / ROW_HEIGHT));
      expect(rows).toBeLessThanOrEqual(Math.ceil(600 / 45) + 2 * 4);
    } finally {
      if (innerHeight) Object.defineProperty(window, 'innerHeight', innerHeight);
    }
  });

  it('reads the window’s size once, when the table mounts, not in every render (a read can force a layout)', () => {
    const innerHeight = Object.getOwnPropertyDescriptor(window, 'innerHeight');
    let reads = 0;
    Object.defineProperty(window, 'innerHeight', {
      configurable: true,
      get: () => {
        reads += 1;
        return 600;
      },
    });
    try {
      const { rerender } = render(table(() => undefined));
      rerender(table((image) => (image.tags[0] === pullAt(0).familiar ? pullAt(10) : undefined)));
      rerender(table((image) => (image.tags[0] === pullAt(0).familiar ? pullAt(20) : undefined)));
      expect(reads).toBe(1);
    } finally {
      if (innerHeight) Object.defineProperty(window, 'innerHeight', innerHeight);
    }
  });

  it('reads the clock for the relative times only: a row with no update state follows no clock of its own', () => {
    render(table(() => undefined));
    expect(counted.relativeTimes).toBeGreaterThanOrEqual(screen.getAllByTestId('image-row').length);
    expect(counted.clockReads).toBe(counted.relativeTimes);
  });

  it('reads no row’s height while it renders: heights come from the ResizeObserver after layout, not a forced layout per row', () => {
    render(table(() => undefined));
    expect(screen.getAllByTestId('image-row').length).toBeGreaterThan(10);
    expect(counted.rowHeightReads).toBe(0);
  });

  it('a pull progress update renders only the row it belongs to', () => {
    const { rerender } = render(table((image) => (image.tags[0] === pullAt(0).familiar ? pullAt(10) : undefined)));
    const rendered = screen.getAllByTestId('image-row').length;
    expect(rowRenders()).toBeGreaterThanOrEqual(rendered);
    counted.sizes = [];
    const progressed = pullAt(20);
    rerender(table((image) => (image.tags[0] === progressed.familiar ? progressed : undefined)));
    expect(rowRenders()).toBe(1);
    expect(screen.getByText('Pulling 20%')).toBeTruthy();
  });

  it('the clock’s tick renders the relative times, not the rows', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    render(table(() => undefined));
    const rendered = screen.getAllByTestId('image-row').length;
    counted.sizes = [];
    counted.relativeTimes = 0;
    act(() => vi.advanceTimersByTime(30_000));
    expect(counted.relativeTimes).toBe(rendered);
    expect(rowRenders()).toBe(0);
  });
});

/** The table finds its scroller once layout reports the list's size (useScrollWindow). */
const reportTableLaidOut = () => ReportedSizes.report(90_000, (target) => target.tagName === 'TBODY');

describe('Images table: row heights at 2,000 images', { timeout: 30_000 }, () => {
  it('estimates the rows not yet measured at the height the measured rows have, so each new row does not resize the whole table', () => {
    inLaidOutScroller(table(() => undefined), () => {
      reportTableLaidOut();
      const rows = screen.getAllByTestId('image-row');
      // Rows of one line of names are 45 px at 1280 px wide in a browser (65 px at 800 px, where names wrap).
      ReportedSizes.report(45, (target) => (target as HTMLElement).dataset.testid === 'image-row');
      const spacers = screen.getByTestId('images-table').querySelectorAll<HTMLElement>('.images-table__spacer');
      const after = spacers[spacers.length - 1]!;
      const shownNow = screen.getAllByTestId('image-row').length;
      expect(shownNow).toBeGreaterThanOrEqual(rows.length);
      expect(after.style.height).toBe(`${(2000 - shownNow) * 45}px`);
    });
  });

  it('builds in its first commit only the rows the window can show; the few beyond its end follow once the rows are laid out', () => {
    // Until then nothing is on screen to scroll: rows beyond the view were work in the cold load's heaviest frame.
    const innerHeight = Object.getOwnPropertyDescriptor(window, 'innerHeight');
    Object.defineProperty(window, 'innerHeight', { configurable: true, value: 600 });
    try {
      inLaidOutScroller(table(() => undefined), () => {
        expect(screen.getAllByTestId('image-row')).toHaveLength(Math.ceil(600 / ROW_HEIGHT));
        reportTableLaidOut();
        // The scroller's 800 px of rows, still none beyond them.
        expect(screen.getAllByTestId('image-row')).toHaveLength(Math.ceil(800 / ROW_HEIGHT));
        ReportedSizes.report(45, (target) => (target as HTMLElement).dataset.testid === 'image-row');
        // The overscan beyond them, for keyboard and wheel scrolling.
        expect(screen.getAllByTestId('image-row').length).toBeGreaterThan(Math.ceil(800 / 45));
      });
    } finally {
      if (innerHeight) Object.defineProperty(window, 'innerHeight', innerHeight);
    }
  });
});

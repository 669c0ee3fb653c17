/**
 * Issue 18 item 5, the log view at 2,000 lines/s: one frame's batch costs work in proportion to the lines it adds
 * and the lines in view, not to the 5,000 lines kept. Measured as the lines described for display (each line's
 * time is formatted once, when it is first shown or first arrives), and checked with the order, the bound and the
 * "n earlier lines dropped" note across batches.
 */
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StevedoreBridge } from '../../preload/api';
import type * as Format from '../../renderer/format';
import { LogsCard } from '../../renderer/stacks/LogsCard';
import { installLogBridge, layOutLogView, undoLogLayout } from './log-view-support';

const formatted = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../renderer/format', async (importOriginal) => {
  const actual = await importOriginal<typeof Format>();
  return {
    ...actual,
    formatDateTime: (iso: string) => {
      formatted.count += 1;
      return actual.formatDateTime(iso);
    },
  };
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
  layOutLogView();
});
afterEach(() => {
  vi.useRealTimers();
  undoLogLayout();
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

/** A bridge whose follow call answers stream-1; `send` raises `stacks.log` with numbered, timed lines. */
function installBridge() {
  let next = 0;
  const emit = installLogBridge(async (name: string) => ({ ok: true, value: name === 'stacks.logs.follow' ? { streamId: 'stream-1' } : { stopped: true } }));
  const lines = (count: number, container: string) =>
    Array.from({ length: count }, () => {
      next += 1;
      return { container, stream: 'stdout' as const, text: `line ${next}`, time: new Date(Date.UTC(2026, 10, 30, 2, 0, 0, next)).toISOString() };
    });
  /** One frame's worth: the batches, then the animation frame that applies them. */
  const frame = (count: number, container = 'shop-web-1') => {
    act(() => emit({ streamId: 'stream-1', lines: lines(count, container) }));
    act(() => vi.advanceTimersToNextFrame());
  };
  return { frame };
}

const panel = () => screen.getByTestId('logs-panel');
const shownTexts = () => [...panel().querySelectorAll('.log-view__text')].map((text) => text.textContent ?? '');
const shownNumbers = () => shownTexts().map((text) => Number(text.replace('line ', '')));

async function openFollowing() {
  const bridge = installBridge();
  render(<LogsCard stackId="app:shop" services={['web']} />);
  await act(async () => {
    await Promise.resolve();
  });
  return bridge;
}

describe('Log view under a flood: a frame costs the batch and the view, not the buffer', () => {
  it('describes only the new and visible lines when 10 lines join 5,000', async () => {
    const bridge = await openFollowing();
    for (let frame = 0; frame < 5; frame += 1) bridge.frame(1000);
    expect(panel().dataset.lines).toBe('5000');

    formatted.count = 0;
    bridge.frame(10);
    expect(panel().dataset.lines).toBe('5000');
    // The 10 new lines and at most the rows in and near view (OVERSCAN in LogView.tsx), never the 5,000 kept.
    expect(formatted.count).toBeLessThanOrEqual(100);
  });

  it('keeps order, the bound and the dropped count across frames, each line once', async () => {
    const bridge = await openFollowing();
    for (let frame = 0; frame < 6; frame += 1) bridge.frame(1000);
    bridge.frame(7);
    expect(panel().dataset.lines).toBe('5000');
    expect(screen.getByText('1007 earlier lines dropped from this view')).toBeTruthy();
    const numbers = shownNumbers();
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // The oldest kept line is the first after the 1,007 dropped (happy-dom lays nothing out: the view starts at the top).
    expect(numbers[0]).toBe(1008);
  });

  it('names each line’s container once a second container writes, and stops when only one is left in the view', async () => {
    const bridge = await openFollowing();
    bridge.frame(10, 'shop-web-1');
    expect(panel().querySelectorAll('.log-view__prefix')).toHaveLength(0);
    bridge.frame(10, 'shop-web-2');
    expect([...panel().querySelectorAll('.log-view__prefix')].map((prefix) => prefix.textContent)).toContain('shop-web-1');
    // Both containers' lines leave the bounded view: only shop-web-2 is left, and one container needs no names.
    for (let frame = 0; frame < 5; frame += 1) bridge.frame(1000, 'shop-web-2');
    expect(panel().querySelectorAll('.log-view__prefix')).toHaveLength(0);
  });
});

import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ImagesUsage, ImageView, StevedoreBridge } from '../../preload/api';
import { ImageList } from '../../renderer/images/ImageList';
import { startWorld, type RendererWorld } from './harness';

const image = (id: string): ImageView => ({ id: `sha256:${id.repeat(64).slice(0, 64)}`, tags: [`app-${id}:1`], digests: [], sizeBytes: 1_000_000, createdAt: '2026-11-29T12:00:00.000Z' });
const three = [image('a'), image('b'), image('c')];
const usage: ImagesUsage = { totalBytes: 2_500_000, sharedBytes: 500_000 };

type UsageEnvelope = Awaited<ReturnType<StevedoreBridge['invoke']>>;

/**
 * `images.usage` (docker system df) answered when the test says, as a slow engine would; every other call goes to
 * the real core. Each ask is kept, in order.
 */
function slowUsage(world: RendererWorld) {
  const asks: Array<(envelope: UsageEnvelope) => void> = [];
  const real = world.bridge.invoke.bind(world.bridge);
  vi.spyOn(world.bridge, 'invoke').mockImplementation(((name, request) => {
    if (name !== 'images.usage') return real(name, request);
    return new Promise<UsageEnvelope>((resolve) => asks.push(resolve));
  }) as StevedoreBridge['invoke']);
  const answer = (envelope: UsageEnvelope) => act(async () => asks.at(-1)!(envelope));
  return {
    asks: () => asks.length,
    measured: (value: ImagesUsage) => answer({ ok: true, value } as UsageEnvelope),
    failed: (message: string) => answer({ ok: false, error: { code: 'ENGINE_UNREACHABLE', message } } as UsageEnvelope),
  };
}

/** The toolbar's summary line (count · disk use). */
function summary(): HTMLElement {
  const found = document.querySelector<HTMLElement>('.images-toolbar__summary');
  if (!found) throw new Error('no Images summary');
  return found;
}

describe('the Images summary while docker system df is slow', () => {
  it('shows the image count at once and says the disk use is being measured, then the total', async () => {
    const world = startWorld();
    const usageCalls = slowUsage(world);
    render(<ImageList images={three} onListAgain={() => undefined} />);
    await waitFor(() => expect(usageCalls.asks()).toBe(1));
    expect(summary().textContent).toBe('3 images · measuring disk use…');
    // Said to screen readers too: the summary is a polite live region, and says it is busy.
    expect(summary().getAttribute('aria-live')).toBe('polite');
    expect(summary().getAttribute('aria-busy')).toBe('true');

    await usageCalls.measured(usage);
    expect(summary().textContent).toBe('3 images · 2.5 MB on disk (500 kB shared)');
    expect(summary().getAttribute('aria-busy')).toBeNull();
  });

  it('keeps the last total while the list changes and the disk use is measured again', async () => {
    const world = startWorld();
    const usageCalls = slowUsage(world);
    const view = render(<ImageList images={three} onListAgain={() => undefined} />);
    await waitFor(() => expect(usageCalls.asks()).toBe(1));
    await usageCalls.measured(usage);
    view.rerender(<ImageList images={[...three, image('d')]} onListAgain={() => undefined} />);
    await waitFor(() => expect(usageCalls.asks()).toBe(2));
    expect(summary().textContent).toBe('4 images · 2.5 MB on disk (500 kB shared)');
    await usageCalls.measured({ ...usage, totalBytes: 3_000_000 });
    expect(summary().textContent).toBe('4 images · 3 MB on disk (500 kB shared)');
  });

  it('never asks twice at once (the engine refuses a second docker system df while one runs): a list that changed meanwhile is measured next', async () => {
    const world = startWorld();
    const usageCalls = slowUsage(world);
    const view = render(<ImageList images={three} onListAgain={() => undefined} />);
    await waitFor(() => expect(usageCalls.asks()).toBe(1));
    view.rerender(<ImageList images={[...three, image('d')]} onListAgain={() => undefined} />);
    view.rerender(<ImageList images={[...three, image('d'), image('e')]} onListAgain={() => undefined} />);
    expect(usageCalls.asks()).toBe(1);
    expect(summary().textContent).toBe('5 images · measuring disk use…');

    // The first answer is shown (it is close), and the list as it is now is measured once more.
    await usageCalls.measured(usage);
    await waitFor(() => expect(usageCalls.asks()).toBe(2));
    expect(summary().textContent).toBe('5 images · 2.5 MB on disk (500 kB shared)');
    expect(summary().getAttribute('aria-busy')).toBe('true');
    await usageCalls.measured({ ...usage, totalBytes: 3_000_000 });
    expect(summary().textContent).toBe('5 images · 3 MB on disk (500 kB shared)');
    expect(summary().getAttribute('aria-busy')).toBeNull();
    expect(usageCalls.asks()).toBe(2);
  });

  it('says briefly when the disk use could not be measured, keeps the count, and retries from the keyboard', async () => {
    const world = startWorld();
    const usageCalls = slowUsage(world);
    render(<ImageList images={three} onListAgain={() => undefined} />);
    await waitFor(() => expect(usageCalls.asks()).toBe(1));
    await usageCalls.failed('Cannot connect to the engine at unix:///var/run/docker.sock.');
    expect(summary().textContent).toBe('3 images · disk use not measured Retry');
    const retry = screen.getByRole('button', { name: 'Measure the disk use again' });
    // Why, for whoever wants it, without taking the toolbar's room.
    expect(retry.getAttribute('title')).toBe('Could not measure the disk use: Cannot connect to the engine at unix:///var/run/docker.sock.');

    retry.focus();
    await userEvent.setup({ delay: null }).keyboard('{Enter}');
    await waitFor(() => expect(usageCalls.asks()).toBe(2));
    expect(summary().textContent).toBe('3 images · measuring disk use…');
    // The button went away with the failure; focus stays in the summary, not lost to the page.
    expect(document.activeElement).toBe(summary());
    await usageCalls.measured(usage);
    expect(summary().textContent).toBe('3 images · 2.5 MB on disk (500 kB shared)');
  });
});

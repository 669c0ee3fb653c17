/**
 * Coming back to the Images screen (issue 15: first paint of a screen ≤ 200 ms): the list the screen left is still
 * followed for a while, so the rows come back in the screen's first render instead of after asking main for the
 * whole list again (466 KB for 2,000 images, the larger part of the time to the rows on a switch from Settings).
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageList, ImagesChange, ImageView, StevedoreBridge } from '../../preload/api';
import { KEEP_LIST_AFTER_LEAVING_MS, useImagesList } from '../../renderer/screens/ImagesScreen';

const view = (id: string): ImageView => ({ id, tags: [`app:${id}`], digests: [], sizeBytes: 1, createdAt: '2026-11-29T12:00:00.000Z' });

/** `images.list` answered (or failed) by the test; `images.changed` raised by `send`. */
function installBridge() {
  const listeners = new Set<(change: ImagesChange) => void>();
  const answers: Array<(answer: { ok: true; value: ImageList } | { ok: false; error: { code: string; message: string } }) => void> = [];
  (window as { stevedore?: StevedoreBridge }).stevedore = {
    invoke: (name: string) => {
      if (name !== 'images.list') throw new Error(`unexpected call ${name}`);
      return new Promise((resolve) => answers.push(resolve));
    },
    on: (event: string, listener: (change: ImagesChange) => void) => {
      if (event === 'connection.restored') return () => undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as StevedoreBridge;
  return {
    listCalls: () => answers.length,
    answer: (index: number, list: ImageList) => act(async () => answers[index]!({ ok: true, value: list })),
    fail: (index: number, code: string) => act(async () => answers[index]!({ ok: false, error: { code, message: 'The engine is not reachable.' } })),
    send: (change: ImagesChange) => act(() => listeners.forEach((listener) => listener(change))),
    listeners: () => listeners.size,
  };
}

/** What the screen's first render has: the rows, or the list's status. */
const firstRenders: string[] = [];
function Screen() {
  const images = useImagesList();
  const text = images.status === 'live' ? images.value.map((image) => image.id).join(',') : images.status;
  if (firstRenders.length === 0 || firstRenders.at(-1) === 'mounted') firstRenders.push(text);
  return <p data-testid="list">{text}</p>;
}
function Mounted() {
  firstRenders.push('mounted');
  return <Screen />;
}

afterEach(() => {
  // The list is shared by every test: leave it unfollowed, as the screen leaves it once its time is up.
  cleanup();
  act(() => vi.advanceTimersByTime(KEEP_LIST_AFTER_LEAVING_MS));
  firstRenders.length = 0;
  vi.useRealTimers();
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('coming back to the Images screen', () => {
  it('shows the rows in its first render, kept current meanwhile, without asking for the whole list again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = installBridge();
    const first = render(<Mounted />);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a'), view('b')] });
    first.unmount();
    // Another screen is shown: a change still reaches the list.
    bridge.send({ feed: 'f', version: 2, changed: [view('c')], removed: ['a'] });
    act(() => vi.advanceTimersByTime(KEEP_LIST_AFTER_LEAVING_MS - 1000));
    firstRenders.length = 0;
    render(<Mounted />);
    expect(firstRenders.slice(0, 2)).toEqual(['mounted', 'b,c']);
    expect(screen.getByTestId('list').textContent).toBe('b,c');
    expect(bridge.listCalls()).toBe(1);
  });

  it('stops following the list a while after the screen is left, and asks again when it is opened later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = installBridge();
    const first = render(<Screen />);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a')] });
    first.unmount();
    expect(bridge.listeners()).toBe(1);
    act(() => vi.advanceTimersByTime(KEEP_LIST_AFTER_LEAVING_MS));
    expect(bridge.listeners()).toBe(0);
    render(<Screen />);
    expect(screen.getByTestId('list').textContent).toBe('loading');
    expect(bridge.listCalls()).toBe(2);
  });

  it('keeps no list that failed: leaving lets go at once, and coming back asks again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const bridge = installBridge();
    const first = render(<Screen />);
    await bridge.fail(0, 'ENGINE_UNREACHABLE');
    expect(screen.getByTestId('list').textContent).toBe('error');
    first.unmount();
    expect(bridge.listeners()).toBe(0);
    render(<Screen />);
    expect(bridge.listCalls()).toBe(2);
  });
});

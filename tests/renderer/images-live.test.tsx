import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageList, ImagesChange, ImageView, StevedoreBridge } from '../../preload/api';
import { useLivePatchedList } from '../../renderer/bridge';
import { useImagesList } from '../../renderer/screens/ImagesScreen';

const view = (id: string, tags: string[] = [`app:${id}`]): ImageView => ({ id, tags, digests: [], sizeBytes: 1, createdAt: '2026-11-29T12:00:00.000Z' });

/** A bridge whose `images.list` answers what the test says, when the test says; `send` raises `images.changed`. */
function installBridge() {
  const listeners = new Set<(change: ImagesChange) => void>();
  const answers: Array<(list: ImageList) => void> = [];
  const bridge = {
    invoke: (name: string) => {
      if (name !== 'images.list') throw new Error(`unexpected call ${name}`);
      return new Promise((resolve) => answers.push((list) => resolve({ ok: true, value: list })));
    },
    on: (event: string, listener: (change: ImagesChange) => void) => {
      // Every live store also follows the preview's reconnects (renderer/bridge/liveStore.ts); none happens here.
      if (event === 'connection.restored') return () => undefined;
      if (event !== 'images.changed') throw new Error(`unexpected event ${event}`);
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return {
    listCalls: () => answers.length,
    answer: async (index: number, list: ImageList) => act(async () => answers[index]!(list)),
    send: (change: ImagesChange) => act(() => listeners.forEach((listener) => listener(change))),
    listeners: () => listeners.size,
  };
}

let seen: Array<readonly ImageView[]> = [];
function Images() {
  const images = useLivePatchedList('images.list', 'images.changed');
  if (images.status !== 'live') return <p>{images.status}</p>;
  seen.push(images.value);
  return (
    <ul aria-label="images">
      {images.value.map((image) => (
        <li key={image.id}>{image.tags.join(',')}</li>
      ))}
    </ul>
  );
}
const shown = () => screen.getAllByRole('listitem').map((item) => item.textContent);

afterEach(() => {
  seen = [];
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('images arrive as changes, not as the whole list (issue 18)', () => {
  it('lists once, then applies each change to the version it follows, keeping unchanged rows as they were', async () => {
    const bridge = installBridge();
    render(<Images />);
    await bridge.answer(0, { feed: 'f', version: 3, items: [view('a'), view('b'), view('c')] });
    expect(shown()).toEqual(['app:a', 'app:b', 'app:c']);
    const before = seen.at(-1)!;

    bridge.send({ feed: 'f', version: 4, changed: [view('b', ['app:b', 'app:latest']), view('d')], removed: ['c'] });
    expect(shown()).toEqual(['app:a', 'app:b,app:latest', 'app:d']);
    // The unchanged row is the same object: a memoised row does not render again.
    expect(seen.at(-1)![0]).toBe(before[0]);
    // An old change (already in the list) changes nothing.
    bridge.send({ feed: 'f', version: 4, changed: [view('zombie')], removed: [] });
    expect(shown()).toEqual(['app:a', 'app:b,app:latest', 'app:d']);
    expect(bridge.listCalls()).toBe(1);
  });

  it('a missed change (a gap in versions) asks for the whole list again, showing the old rows meanwhile', async () => {
    const bridge = installBridge();
    render(<Images />);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a')] });
    bridge.send({ feed: 'f', version: 3, changed: [view('c')], removed: [] });
    expect(bridge.listCalls()).toBe(2);
    expect(shown()).toEqual(['app:a']);
    // Changes during the new list call are kept, and those older than its answer dropped.
    bridge.send({ feed: 'f', version: 4, changed: [view('d')], removed: [] });
    await bridge.answer(1, { feed: 'f', version: 3, items: [view('a'), view('b'), view('c')] });
    expect(shown()).toEqual(['app:a', 'app:b', 'app:c', 'app:d']);
  });

  it('a whole list asked for again keeps the shown object of every row that did not change', async () => {
    const bridge = installBridge();
    render(<Images />);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a'), view('b'), view('c')] });
    const before = seen.at(-1)!;
    bridge.send({ feed: 'f', version: 3, changed: [], removed: [] });
    // Rows built again by main: new objects, the same contents (one with its fields in another order).
    const { id, ...rest } = view('c');
    await bridge.answer(1, { feed: 'f', version: 3, items: [view('a'), view('b', ['app:b', 'app:latest']), { ...rest, id }] });
    const after = seen.at(-1)!;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1]?.tags).toEqual(['app:b', 'app:latest']);
    expect(after[2]).toBe(before[2]);
  });

  it('a change from another feed (main restarted) lists again', async () => {
    const bridge = installBridge();
    render(<Images />);
    await bridge.answer(0, { feed: 'old', version: 7, items: [view('a')] });
    bridge.send({ feed: 'new', version: 8, changed: [], removed: ['a'] });
    expect(bridge.listCalls()).toBe(2);
    await bridge.answer(1, { feed: 'new', version: 8, items: [view('b')] });
    expect(shown()).toEqual(['app:b']);
  });

  it('changes that arrive before the first list answers are applied after it when newer', async () => {
    const bridge = installBridge();
    render(<Images />);
    bridge.send({ feed: 'f', version: 2, changed: [view('b')], removed: [] });
    bridge.send({ feed: 'f', version: 3, changed: [], removed: ['a'] });
    await bridge.answer(0, { feed: 'f', version: 2, items: [view('a'), view('b')] });
    expect(shown()).toEqual(['app:b']);
    expect(bridge.listCalls()).toBe(1);
  });

  it('follows the event only while a view shows the list', async () => {
    const bridge = installBridge();
    const { unmount } = render(<Images />);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a')] });
    expect(bridge.listeners()).toBe(1);
    unmount();
    expect(bridge.listeners()).toBe(0);
    render(<Images />);
    await waitFor(() => expect(bridge.listCalls()).toBe(2));
  });
});

describe('the Images screen renders a list that arrives in a render of its own (issue 18)', () => {
  it('the render in which 2,000 images arrive still shows the loading state; the rows come in a later, interruptible render', async () => {
    const bridge = installBridge();
    const renders: Array<{ status: string; count: number }> = [];
    function Screen() {
      const images = useImagesList();
      renders.push({ status: images.status, count: images.value?.length ?? 0 });
      return <p>{images.status}</p>;
    }
    render(<Screen />);
    const before = renders.length;
    const items = Array.from({ length: 2000 }, (_, index) => view(`image-${index}`));
    await bridge.answer(0, { feed: 'f', version: 1, items });
    // The store's update is synchronous (useSyncExternalStore): that render keeps what was shown, so the 2,000 rows
    // are built at transition priority, which React splits into short slices instead of one long task.
    expect(renders.slice(before)).toEqual([
      { status: 'loading', count: 0 },
      { status: 'live', count: 2000 },
    ]);
    expect(screen.getByText('live')).toBeTruthy();
  });
});

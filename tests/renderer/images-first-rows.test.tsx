/**
 * The window's first showing of the Images rows (issue 18, the Images cold load): the screen's first render holds its
 * frame, and the rows follow in a render of their own, which React slices. The window's first render is a transition
 * (renderer/renderApp.tsx); when the list arrives while that render is under way, React redoes it at once, whole,
 * and with the rows in it that was again one long task. Coming back to the screen later still shows the rows in its
 * first render (tests/renderer/images-screen-return.test.tsx).
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageList, ImageView, StevedoreBridge } from '../../preload/api';
import { livePatchedListStore } from '../../renderer/bridge';
import { useImagesList } from '../../renderer/screens/ImagesScreen';

const view = (id: string): ImageView => ({ id, tags: [`app:${id}`], digests: [], sizeBytes: 1, createdAt: '2026-11-29T12:00:00.000Z' });

/** `images.list` answered by the test. */
function installBridge() {
  const answers: Array<(answer: { ok: true; value: ImageList }) => void> = [];
  (window as { stevedore?: StevedoreBridge }).stevedore = {
    invoke: (name: string) => {
      if (name !== 'images.list') throw new Error(`unexpected call ${name}`);
      return new Promise((resolve) => answers.push(resolve));
    },
    on: () => () => undefined,
  } as unknown as StevedoreBridge;
  return { answer: (index: number, list: ImageList) => act(async () => answers[index]!({ ok: true, value: list })) };
}

/** What each render of the screen had: the rows, or the list's status. */
const renders: string[] = [];
function Screen() {
  const images = useImagesList();
  const text = images.status === 'live' ? images.value.map((image) => image.id).join(',') : images.status;
  renders.push(text);
  return <p data-testid="list">{text}</p>;
}

afterEach(() => {
  cleanup();
  renders.length = 0;
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe("the window's first showing of the Images rows", () => {
  it('renders the screen without them first, then the rows in a render of their own', async () => {
    const bridge = installBridge();
    // As the boot does (renderer/boot.ts): the list is asked for, and here answered, before the screen renders.
    const release = livePatchedListStore('images.list', 'images.changed').subscribe(() => undefined);
    await bridge.answer(0, { feed: 'f', version: 1, items: [view('a'), view('b')] });

    render(<Screen />);
    expect(renders[0]).toBe('loading');
    expect(screen.getByTestId('list').textContent).toBe('a,b');
    release();
  });
});

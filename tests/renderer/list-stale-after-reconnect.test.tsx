/**
 * A live patched list whose re-ask fails (H6, noticed in session 4): after the preview connection came back the
 * store asks main for the whole list again; when that call fails, the rows shown stay but are marked stale with the
 * error, instead of passing for current. The next whole list that arrives makes them live again.
 */
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageList, ImagesChange, ImageView, StevedoreBridge } from '../../preload/api';
import { livePatchedListStore, useLivePatchedList } from '../../renderer/bridge';

const view = (id: string): ImageView => ({ id, tags: [`app:${id}`], digests: [], sizeBytes: 1, createdAt: '2026-11-29T12:00:00.000Z' });

/** `images.list` answers each call with the next of `answers`; `restore()` raises connection.restored. */
function installBridge(answers: Array<ImageList | { code: string; message: string }>) {
  const restoredListeners = new Set<() => void>();
  let asked = 0;
  const bridge = {
    invoke: async (name: string) => {
      if (name !== 'images.list') throw new Error(`unexpected call ${name}`);
      const answer = answers[asked++];
      if (answer === undefined) throw new Error('no answer planned');
      return 'items' in answer ? { ok: true, value: answer } : { ok: false, error: answer };
    },
    on: (event: string, listener: (payload: ImagesChange | object) => void) => {
      if (event === 'connection.restored') {
        const restored = () => listener({});
        restoredListeners.add(restored);
        return () => restoredListeners.delete(restored);
      }
      return () => undefined;
    },
  } as unknown as StevedoreBridge;
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return {
    asked: () => asked,
    restore: () => act(async () => restoredListeners.forEach((listener) => listener())),
  };
}

function Images() {
  const images = useLivePatchedList('images.list', 'images.changed');
  if (images.status === 'loading') return <p>loading</p>;
  if (images.status === 'error') return <p role="alert">{images.error.message}</p>;
  return (
    <>
      <p data-testid="status">{images.status}</p>
      {images.status === 'stale' && <p role="alert">{images.error.message}</p>}
      <ul aria-label="images">
        {images.value.map((image) => (
          <li key={image.id}>{image.tags.join(',')}</li>
        ))}
      </ul>
    </>
  );
}
const shown = () => screen.getAllByRole('listitem').map((item) => item.textContent);
const settle = () => act(async () => new Promise<void>((resolve) => setTimeout(resolve, 0)));

afterEach(() => {
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

describe('a live patched list whose re-ask after reconnecting fails', () => {
  it('keeps the old rows marked stale with the error, then live again once a whole list arrives', async () => {
    const failure = { code: 'INTERNAL', message: 'main did not answer in time.' };
    const bridge = installBridge([{ feed: 'f', version: 1, items: [view('a'), view('b')] }, failure, { feed: 'f', version: 2, items: [view('a')] }]);
    render(<Images />);
    await settle();
    expect(screen.getByTestId('status').textContent).toBe('live');

    await bridge.restore();
    await settle();
    expect(bridge.asked()).toBe(2);
    expect(screen.getByTestId('status').textContent).toBe('stale');
    expect(shown()).toEqual(['app:a', 'app:b']);
    expect(screen.getByRole('alert').textContent).toBe('main did not answer in time.');

    await act(async () => livePatchedListStore('images.list', 'images.changed').retry());
    await settle();
    expect(bridge.asked()).toBe(3);
    expect(screen.getByTestId('status').textContent).toBe('live');
    expect(shown()).toEqual(['app:a']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

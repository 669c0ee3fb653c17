/**
 * The update view as a patched list in the window (issue 15: `updates.changed` sent the whole view, 3–9 MB a listing
 * at ~1,350 images): a change of one entry is applied to the view held, a change that skips a version asks for the
 * whole view again, and the check status travels with each change.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';
import { UpdatesProvider, useUpdatesView } from '../../renderer/updates/useUpdates';
import { imageUpdate, startUpdatesWorld } from './updates-world';

const appId = 'sha256:' + 'a'.repeat(64);
const image: ImageView = { id: appId, tags: ['127.0.0.1:5001/team/app:2.3'], digests: [], sizeBytes: 2_000_000, createdAt: '2026-11-01T12:00:00.000Z' };
const others = Array.from({ length: 50 }, (_, index) => imageUpdate({ image: `127.0.0.1:5001/team/other${index}:1`, state: 'up-to-date' }));

function CheckingLine() {
  const view = useUpdatesView();
  return <span data-testid="checking">{view === undefined ? 'loading' : view.checking ? 'checking' : `idle ${view.images.length}`}</span>;
}

function renderImages() {
  return render(
    <UpdatesProvider>
      <CheckingLine />
      <ImageTable images={[image]} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={() => undefined} onRemove={() => undefined} />
    </UpdatesProvider>,
  );
}

const lists = (asked: readonly string[]) => asked.filter((name) => name === 'updates.list').length;

describe('updates.changed in the window: patches of the view held', () => {
  it('applies a change of one entry to the view it holds, without asking for the whole view again', async () => {
    const world = startUpdatesWorld([imageUpdate({ imageIds: [appId], state: 'not-checked' }), ...others]);
    renderImages();
    await waitFor(() => expect(screen.getByTestId('checking').textContent).toBe('idle 51'));
    act(() => world.emit([imageUpdate({ imageIds: [appId], local: { version: '1' }, remote: { version: '2' } }), ...others]));
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update available');
    expect(screen.getByTestId('checking').textContent).toBe('idle 51');
    expect(lists(world.asked)).toBe(1);
  });

  it('carries the check status with a change that has no entries', async () => {
    const world = startUpdatesWorld(others);
    renderImages();
    await waitFor(() => expect(screen.getByTestId('checking').textContent).toBe('idle 50'));
    const held = world.view();
    act(() => world.emitChange({ feed: held.feed, version: held.version + 1, checking: true, changed: [], removed: [] }));
    expect(screen.getByTestId('checking').textContent).toBe('checking');
  });

  it('a change that skips a version asks for the whole view again, and shows it', async () => {
    const world = startUpdatesWorld([imageUpdate({ imageIds: [appId], state: 'not-checked' })]);
    renderImages();
    await waitFor(() => expect(screen.getByTestId('checking').textContent).toBe('idle 1'));
    const held = world.view();
    // Main moved on twice; this window missed the first change (the second names only another image).
    world.emit([imageUpdate({ imageIds: [appId], local: { version: '1' }, remote: { version: '2' } })], { missed: true });
    act(() => world.emitChange({ feed: held.feed, version: held.version + 2, checking: false, changed: [others[0]!], removed: [] }));
    await waitFor(() => expect(lists(world.asked)).toBe(2));
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update available');
  });

  it('asks main only for the entries with something to show, first and again after a gap (issue 18: ~500 KB of quiet entries at boot)', async () => {
    const world = startUpdatesWorld([imageUpdate({ imageIds: [appId], state: 'not-checked' })]);
    renderImages();
    await waitFor(() => expect(screen.getByTestId('checking').textContent).toBe('idle 1'));
    const held = world.view();
    act(() => world.emitChange({ feed: held.feed, version: held.version + 2, checking: false, changed: [], removed: [] }));
    await waitFor(() => expect(lists(world.asked)).toBe(2));
    expect(world.requests.filter((sent) => sent.name === 'updates.list').map((sent) => sent.request)).toEqual([{ omitQuiet: true }, { omitQuiet: true }]);
  });
});

/**
 * The window's update view after "Check now" and "Don't check" (issue 18): main answers them with the view's position
 * and status only — the entries that changed come in `updates.changed` before the answer — so the store follows the
 * changes, and asks for the view again only when the answer shows it missed one.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';
import { CheckUpdatesButton } from '../../renderer/updates/CheckUpdatesButton';
import { UpdatesProvider, useUpdatesView } from '../../renderer/updates/useUpdates';
import { imageUpdate, startUpdatesWorld } from './updates-world';

const appId = 'sha256:' + 'a'.repeat(64);
const image: ImageView = { id: appId, tags: ['127.0.0.1:5001/team/app:2.3'], digests: [], sizeBytes: 2_000_000, createdAt: '2026-11-01T12:00:00.000Z' };
const others = Array.from({ length: 20 }, (_, index) => imageUpdate({ image: `127.0.0.1:5001/team/other${index}:1`, state: 'up-to-date' }));
const notChecked = imageUpdate({ imageIds: [appId], state: 'not-checked' });
const withUpdate = imageUpdate({ imageIds: [appId], local: { version: '1' }, remote: { version: '2' } });

function ViewLine() {
  const view = useUpdatesView();
  return <span data-testid="view">{view === undefined ? 'loading' : `${view.images.length} entries, last check ${view.lastCheckAt ?? 'never'}`}</span>;
}

function renderImages() {
  return render(
    <UpdatesProvider>
      <ViewLine />
      <CheckUpdatesButton />
      <ImageTable images={[image]} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={() => undefined} onRemove={() => undefined} />
    </UpdatesProvider>,
  );
}

const lists = (asked: readonly string[]) => asked.filter((name) => name === 'updates.list').length;

describe("the window's update view after a check or an opt-out", () => {
  it('"Don\'t check": the row shows the opt-out from the change main sent, and the view is not asked for again', async () => {
    const world = startUpdatesWorld([withUpdate, ...others]);
    renderImages();
    const user = userEvent.setup();
    await screen.findByTestId('update-badge');
    await user.click(screen.getByTestId('image-update-ignore'));
    await waitFor(() => expect(screen.getByTestId('image-update').dataset.state).toBe('ignored'));
    expect(screen.getByTestId('view').textContent).toBe(`21 entries, last check ${world.view().lastCheckAt}`);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(lists(world.asked)).toBe(1);
  });

  it('"Check now": the update it found shows from the change main sent, and the view is not asked for again', async () => {
    const world = startUpdatesWorld([notChecked, ...others]);
    renderImages();
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId('view').textContent).toMatch(/^21 entries/));
    world.checkFinds([withUpdate, ...others]);
    await user.click(screen.getByTestId('updates-check'));
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update available');
    await waitFor(() => expect(screen.getByTestId('updates-check').hasAttribute('disabled')).toBe(false));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(lists(world.asked)).toBe(1);
  });

  it('"Check now" answered at a version this window never got a change for: the view is asked for again and shown', async () => {
    const world = startUpdatesWorld([notChecked, ...others]);
    renderImages();
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByTestId('view').textContent).toMatch(/^21 entries/));
    // Main moved on and this window missed the change; the check's answer is the first it hears of that version.
    world.emit([withUpdate, ...others], { missed: true });
    await user.click(screen.getByTestId('updates-check'));
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update available');
    expect(lists(world.asked)).toBe(2);
  });
});

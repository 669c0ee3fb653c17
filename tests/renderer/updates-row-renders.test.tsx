/**
 * An update change renders only the image rows whose entry changed (issue 15: six pulls at once with 2,000 images —
 * each `updates.changed` gave every row's update status a new view to search). Renders are counted through
 * `newerTagsText`, which an image row's update details call once per render.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';
import { UpdatesProvider } from '../../renderer/updates/useUpdates';
import type * as UpdateText from '../../renderer/updates/updateText';
import { imageUpdate, startUpdatesWorld } from './updates-world';

const rendersOf = vi.hoisted(() => new Map<string, number>());
vi.mock('../../renderer/updates/updateText', async (importOriginal) => {
  const real = await importOriginal<typeof UpdateText>();
  return {
    ...real,
    newerTagsText: (update: UpdateText.ImageUpdate) => {
      rendersOf.set(update.image, (rendersOf.get(update.image) ?? 0) + 1);
      return real.newerTagsText(update);
    },
  };
});

const idOf = (name: string) => 'sha256:' + name.padEnd(64, '0');
const names = ['alpha', 'bravo', 'charlie'];
const images: ImageView[] = names.map((name) => ({ id: idOf(name), tags: [`127.0.0.1:5001/team/${name}:1`], digests: [], sizeBytes: 1000, createdAt: '2026-11-01T12:00:00.000Z' }));
const entry = (name: string, remoteVersion: string) =>
  imageUpdate({ image: `127.0.0.1:5001/team/${name}:1`, imageIds: [idOf(name)], local: { version: '1' }, remote: { version: remoteVersion } });

describe('Images rows and updates.changed', () => {
  it('a change of one entry renders that row’s update status only', async () => {
    const world = startUpdatesWorld(names.map((name) => entry(name, '2')));
    render(
      <UpdatesProvider>
        <ImageTable images={images} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={() => undefined} onRemove={() => undefined} />
      </UpdatesProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('update-badge')).toHaveLength(3));
    rendersOf.clear();
    act(() => world.emit([entry('alpha', '2'), entry('bravo', '3'), entry('charlie', '2')]));
    await waitFor(() => expect(screen.getAllByTestId('update-what-changed').map((line) => line.textContent)).toContain('1 → 3'));
    expect(Object.fromEntries(rendersOf)).toEqual({ '127.0.0.1:5001/team/bravo:1': 1 });
  });
});

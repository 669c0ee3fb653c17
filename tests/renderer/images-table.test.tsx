import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable, tableBodyPieces } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';

const image = (tagCount: number): ImageView => ({
  id: 'sha256:' + 'a'.repeat(64),
  tags: Array.from({ length: tagCount }, (_, index) => `127.0.0.1:5001/many/names:tag-${index}`),
  digests: [],
  sizeBytes: 2_000_000,
  createdAt: '2026-11-29T12:00:00.000Z',
  registry: '127.0.0.1:5001',
});

function renderTable(images: ImageView[]) {
  return render(
    <ImageTable images={images} sort={DEFAULT_SORT} onSort={() => undefined} pullFor={() => undefined} startingId={undefined} onPullAgain={() => undefined} onRemove={() => undefined} />,
  );
}

describe('Images table: an image with many names', () => {
  it('shows a few of 2,000 names and a “+1,995 more” button', () => {
    renderTable([image(2000)]);
    const row = screen.getByTestId('image-row');
    expect(row.querySelectorAll('li')).toHaveLength(5);
    expect(within(row).getByTestId('image-tags-more').textContent).toBe('+1,995 more');
  });

  it('expands and collapses the rest from the keyboard', async () => {
    renderTable([image(40)]);
    const row = screen.getByTestId('image-row');
    const more = within(row).getByRole('button', { name: '+35 more' });
    expect(more.getAttribute('aria-expanded')).toBe('false');

    const user = userEvent.setup();
    more.focus();
    await user.keyboard('{Enter}');
    expect(row.querySelectorAll('li')).toHaveLength(40);
    const fewer = within(row).getByRole('button', { name: 'Show fewer names' });
    expect(fewer.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(fewer);
    await user.keyboard(' ');
    expect(row.querySelectorAll('li')).toHaveLength(5);
  });

  it('lists every name without a button when there are only a few', () => {
    renderTable([image(5)]);
    const row = screen.getByTestId('image-row');
    expect(row.querySelectorAll('li')).toHaveLength(5);
    expect(within(row).queryByRole('button', { name: /more/ })).toBeNull();
  });
});

describe('Images table: the rows in the page and the space for the rest', () => {
  // 49 px rows; the table starts 120 px down its scroller; 2,000 rows.
  const item = (index: number) => ({ index, start: 120 + index * 49, end: 120 + (index + 1) * 49 });
  const total = 2000 * 49;

  it('puts a spacer between the focused first row and the rows in view at the bottom, so they stay at the bottom', () => {
    // Scrolled to the end with focus left on row 0's button: the virtualizer keeps row 0 and renders 1,980–1,999.
    const items = [item(0), ...Array.from({ length: 20 }, (_, offset) => item(1980 + offset))];
    const pieces = tableBodyPieces(items, total, 120);
    expect(pieces[0]).toEqual({ kind: 'row', index: 0 });
    expect(pieces[1]).toEqual({ kind: 'space', height: 1979 * 49, beforeIndex: 1980 });
    expect(pieces.slice(2).every((piece) => piece.kind === 'row')).toBe(true);
    // Rows and spaces add up to the whole table: the scroll range is that of 2,000 rows.
    const height = pieces.reduce((sum, piece) => sum + (piece.kind === 'space' ? piece.height : 49), 0);
    expect(height).toBe(total);
  });

  it('has spacers before and after a run of rows in the middle, and none inside it', () => {
    const pieces = tableBodyPieces([item(500), item(501), item(502)], total, 120);
    expect(pieces).toEqual([
      { kind: 'space', height: 500 * 49, beforeIndex: 500 },
      { kind: 'row', index: 500 },
      { kind: 'row', index: 501 },
      { kind: 'row', index: 502 },
      { kind: 'space', height: (2000 - 503) * 49, beforeIndex: Number.MAX_SAFE_INTEGER },
    ]);
  });
});

describe('Images table: the row’s actions are named without their visible label', () => {
  // Below 800 px of table the labels are hidden (renderer/images/ImagesScreen.css) and the buttons are icons: what a
  // screen reader says and what the tooltip shows must come from the button itself.
  it('names “Pull again” and “Remove” after the image, with a tooltip each, whatever the label shows', () => {
    renderTable([image(2)]);
    const row = screen.getByTestId('image-row');
    const name = '127.0.0.1:5001/many/names:tag-0';
    const pullAgain = within(row).getByRole('button', { name: `Pull again: ${name}` });
    expect(pullAgain.getAttribute('title')).toBe(`Pull ${name} again to update it`);
    const remove = within(row).getByRole('button', { name: `Remove ${name}` });
    expect(remove.getAttribute('title')).toBe(`Remove ${name}`);
  });

  it('says why an image without a name cannot be pulled again, in the tooltip of the disabled button', () => {
    renderTable([{ ...image(0), digests: ['127.0.0.1:5001/many/names@sha256:' + 'b'.repeat(64)] }]);
    const pullAgain = within(screen.getByTestId('image-row')).getByTestId('image-pull-again');
    expect(pullAgain).toHaveProperty('disabled', true);
    expect(pullAgain.getAttribute('title')).toBe('An image without a name cannot be pulled again');
  });
});

import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../../preload/api';
import { ImageTable } from '../../renderer/images/ImageTable';
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

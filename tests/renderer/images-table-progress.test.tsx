/**
 * The six-pulls path on the Images screen (issue 15: six large pulls at once with 2,000 images): every pull progress
 * update renders the table again to hand the row its pull. That render must not touch the 2,000 images — the
 * virtualizer recomputed every row's position (one key per image) whenever its key function was a new one.
 * Counted as reads of the images array, by index.
 */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImageView, PullView } from '../../preload/api';
import type { ImageTableProps } from '../../renderer/images/ImageTable';
import { imageTable, pullAt } from './image-table-support';

const reads = { byIndex: 0 };
const images: ImageView[] = new Proxy(
  Array.from({ length: 2000 }, (_, index) => ({ id: `sha256:${String(index).padStart(64, '0')}`, tags: [`127.0.0.1:5001/many/app:${index}`], digests: [], sizeBytes: 1_000_000, createdAt: '2026-11-29T12:00:00.000Z' })),
  {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.byIndex += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  },
);
const table = (pullFor: ImageTableProps['pullFor']) => imageTable(images, pullFor);
const pullOf = (view: PullView) => (image: ImageView) => (image.tags[0] === view.familiar ? view : undefined);

describe('Images table: a pull progress update at 2,000 images', { timeout: 30_000 }, () => {
  it('reads only the images of the rows in the page, not all 2,000', () => {
    const { rerender } = render(table(pullOf(pullAt(10))));
    const rendered = screen.getAllByTestId('image-row').length;
    reads.byIndex = 0;
    rerender(table(pullOf(pullAt(20))));
    expect(screen.getByText('Pulling 20%')).toBeTruthy();
    // The rows in the page are read to render them (a few times each); the other ~1,950 are not read at all.
    expect(reads.byIndex).toBeLessThan(rendered * 4);
  });
});

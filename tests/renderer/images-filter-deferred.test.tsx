/**
 * A keystroke in the Images filter (issue 18: the keystroke's longest task): the field shows the key at once, and the
 * rows matching the new text render at transition priority, in short slices React can drop for the next key. A click
 * on a column to sort renders the new order the same way.
 */
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImageView } from '../../preload/api';
import { useFilteredImages, useSortedImages } from '../../renderer/images/ImageList';
import { DEFAULT_SORT, type ImageSort } from '../../renderer/images/imageOrder';

const images: ImageView[] = Array.from({ length: 2000 }, (_, index) => ({
  id: `sha256:${String(index).padStart(64, '0')}`,
  tags: [`stevedore-bench/many-${String(index + 1).padStart(4, '0')}:1.0`],
  digests: [],
  sizeBytes: 1,
  createdAt: '2026-11-29T12:00:00.000Z',
}));

describe('Images filter', () => {
  it('the render of a keystroke keeps the rows shown; the matching rows come in a later render', () => {
    const renders: Array<{ filter: string; shown: number }> = [];
    function Filtered({ filter }: { filter: string }) {
      const shown = useFilteredImages(images, filter);
      renders.push({ filter, shown: shown.length });
      return <p>{shown.length}</p>;
    }
    const { rerender } = render(<Filtered filter="" />);
    expect(renders).toEqual([{ filter: '', shown: 2000 }]);
    renders.length = 0;
    rerender(<Filtered filter="many-19" />);
    expect(renders).toEqual([
      { filter: 'many-19', shown: 2000 },
      { filter: 'many-19', shown: 100 },
    ]);
  });
});

describe('Images sort', () => {
  it('the render of a click on a column keeps the rows in their order; the new order comes in a later render', () => {
    const renders: Array<{ first: string | undefined; key: string }> = [];
    function Sorted({ sort }: { sort: ImageSort }) {
      const sorted = useSortedImages(images, sort);
      renders.push({ first: sorted.rows[0]?.tags[0], key: sorted.sort.key });
      return <p>{sorted.rows.length}</p>;
    }
    const byName: ImageSort = { key: 'name', direction: 'descending' };
    const { rerender } = render(<Sorted sort={DEFAULT_SORT} />);
    expect(renders).toEqual([{ first: 'stevedore-bench/many-0001:1.0', key: 'created' }]);
    renders.length = 0;
    rerender(<Sorted sort={byName} />);
    expect(renders).toEqual([
      { first: 'stevedore-bench/many-0001:1.0', key: 'created' },
      { first: 'stevedore-bench/many-2000:1.0', key: 'name' },
    ]);
  });
});

describe('Images sort when the screen is opened again', () => {
  it('over the same list, reuses the order already computed instead of sorting 2,000 images again', () => {
    const orders: Array<readonly ImageView[]> = [];
    function Sorted() {
      const sorted = useSortedImages(images, DEFAULT_SORT);
      orders.push(sorted.rows);
      return <p>{sorted.rows.length}</p>;
    }
    render(<Sorted />).unmount();
    render(<Sorted />);
    expect(orders).toHaveLength(2);
    expect(orders[1]).toBe(orders[0]);
  });
});

/** What the Images table's 2,000-image renderer tests share: a pull of one of its images, and the table as ImageList renders it. */
import type { ImageView, PullView } from '../../preload/api';
import { ImageTable, type ImageTableProps } from '../../renderer/images/ImageTable';
import { DEFAULT_SORT } from '../../renderer/images/imageOrder';

/** A pull of `127.0.0.1:5001/many/app:3`, `percent` done. */
export const pullAt = (percent: number): PullView => ({
  id: 'pull-1',
  image: '127.0.0.1:5001/many/app:3',
  familiar: '127.0.0.1:5001/many/app:3',
  state: 'pulling',
  credential: { source: 'anonymous', summary: 'anonymous', reason: 'anonymous' },
  layers: [],
  bytesDone: percent,
  bytesTotal: 100,
  percent,
  startedAt: '2026-11-29T12:00:00.000Z',
  notes: [],
});

// Stable, as ImageList passes them (useCallback).
const onSort = () => undefined;
const onPullAgain = () => undefined;
const onRemove = () => undefined;

/** The table over `images` in the default order, each row's pull from `pullFor`. */
export const imageTable = (images: readonly ImageView[], pullFor: ImageTableProps['pullFor']) => (
  <ImageTable images={images} sort={DEFAULT_SORT} onSort={onSort} pullFor={pullFor} startingId={undefined} onPullAgain={onPullAgain} onRemove={onRemove} />
);

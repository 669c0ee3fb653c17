import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { ImageView, PullView } from '../../preload/api';
import { Card, focusScreenHeading } from '../components';
import { FilterField, FilterNoMatch } from '../components/FilterField';
import { isActive } from '../pull/format';
import { usePullsByName } from '../pull/pullStore';
import { useStartPull } from '../pull/useStartPull';
import { ImagesSummary } from './ImagesSummary';
import { ImageTable } from './ImageTable';
import { DEFAULT_SORT, filterImages, imageName, sortImages, type ImageSort } from './imageOrder';
import { RemoveImageDialog } from './RemoveImageDialog';
import './ImagesScreen.css';

export interface ImageListProps {
  images: readonly ImageView[];
  /** Asks main for the whole list again (after a removal, in case its change event is slow). */
  onListAgain: () => void;
  /**
   * The list is on its way (`images` is empty): the card shows its toolbar and the table's header with a loading row,
   * and the rows come into that same table. Its layout tells the table where it starts in its scroller, so the rows'
   * first commit — the cold load's heaviest frame — holds only the rows in view (README, "Benchmarks").
   */
  loading?: boolean;
}

/** The Images screen's card: filter, sort, the table, pull again, remove. */
export function ImageList({ images, onListAgain, loading = false }: ImageListProps) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ImageSort>(DEFAULT_SORT);
  const [removing, setRemoving] = useState<ImageView | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  // Pulls started from this screen: their outcome stays on the row; other pulls show only while they run.
  const [startedHere, setStartedHere] = useState<ReadonlySet<string>>(new Set());
  const [starting, setStarting] = useState<{ imageId: string; error?: string } | undefined>(undefined);
  const { start } = useStartPull();

  // Sorted once per list or sort, then filtered (which keeps the order): a keystroke or clearing the filter does
  // not sort 2,000 images again.
  const sorted = useSortedImages(images, sort);
  const shown = useFilteredImages(sorted.rows, filter);

  // Docker prints tags the way pulls are named (`familiar`), so a plain comparison finds the row's pull. The first pull
  // of a name in the store's order wins. A new map only when a pull of a listed name changes: progress of other pulls
  // renders neither this list nor its table (issue 15: six pulls at once).
  const rowNames = useMemo(() => new Set(images.flatMap((image) => image.tags.slice(0, 1))), [images]);
  const showsPull = useCallback((pull: PullView) => isActive(pull.state) || startedHere.has(pull.id), [startedHere]);
  const pullByName = usePullsByName(rowNames, showsPull);
  const pullFor = useCallback((image: ImageView) => (image.tags[0] === undefined ? undefined : pullByName.get(image.tags[0])), [pullByName]);

  const pullAgain = useCallback(
    async (image: ImageView): Promise<void> => {
      const name = image.tags[0];
      if (name === undefined) return;
      setStarting({ imageId: image.id });
      const result = await start({ image: name });
      if (result.ok) {
        const id = result.value.id;
        setStartedHere((previous) => new Set(previous).add(id));
        setStarting(undefined);
        setAnnouncement(`Pulling ${name} again.`);
      } else {
        setStarting({ imageId: image.id, error: `Could not pull ${name} again: ${result.error.message}` });
      }
    },
    [start],
  );
  const onPullAgain = useCallback((image: ImageView) => void pullAgain(image), [pullAgain]);

  const focusAfterRemoval = useFocusAfterRemoval(shown);
  const removed = (image: ImageView): void => {
    const index = shown.findIndex((candidate) => candidate.id === image.id);
    focusAfterRemoval(image.id, (shown[index + 1] ?? shown[index - 1])?.id);
    setRemoving(undefined);
    setAnnouncement(`Removed ${imageName(image)}.`);
    onListAgain();
  };

  return (
    <Card padded={false} className="images-card">
      <div className="images-toolbar">
        <FilterField
          label="Filter images"
          placeholder="Filter by name, ID or registry"
          value={filter}
          onValueChange={setFilter}
          className="images-toolbar__filter"
          data-testid="images-filter"
        />
        <ImagesSummary images={images} shownCount={shown.length} loading={loading} />
      </div>
      {starting?.error && (
        <p className="images-card__error" role="alert">
          {starting.error}
        </p>
      )}
      {shown.length === 0 && !loading ? (
        <FilterNoMatch what="image" filter={filter} onClear={() => setFilter('')} className="images-card__no-match muted" />
      ) : (
        <div className="images-card__scroll">
          <ImageTable
            images={shown}
            sort={sorted.sort}
            onSort={setSort}
            pullFor={pullFor}
            startingId={starting && !starting.error ? starting.imageId : undefined}
            onPullAgain={onPullAgain}
            onRemove={setRemoving}
            loading={loading}
          />
        </div>
      )}
      <RemoveImageDialog image={removing} onClose={() => setRemoving(undefined)} onRemoved={removed} />
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </Card>
  );
}

/**
 * The images in the chosen order, and the order they are in. Like the filter, the chosen order is deferred: the
 * click's render keeps the rows, and 2,000 rows in the new order render at transition priority (issue 18: sort).
 * The table's header shows the order the rows are in.
 */
export function useSortedImages(images: readonly ImageView[], sort: ImageSort): { rows: readonly ImageView[]; sort: ImageSort } {
  const deferredSort = useDeferredValue(sort);
  const rows = useMemo(() => sortedOnce(images, deferredSort), [images, deferredSort]);
  return useMemo(() => ({ rows, sort: deferredSort }), [rows, deferredSort]);
}

/**
 * The latest order computed for each list: the screen opened again over the same list (it stays followed a while
 * after the screen is left, ImagesScreen.tsx) shows its rows without sorting 2,000 images again in that first render.
 */
const sortedOrders = new WeakMap<readonly ImageView[], { sort: ImageSort; rows: readonly ImageView[] }>();
function sortedOnce(images: readonly ImageView[], sort: ImageSort): readonly ImageView[] {
  const kept = sortedOrders.get(images);
  if (kept && kept.sort.key === sort.key && kept.sort.direction === sort.direction) return kept.rows;
  const rows = sortImages(images, sort);
  sortedOrders.set(images, { sort, rows });
  return rows;
}

/**
 * The images matching the filter (in their order). The filter text is deferred: a keystroke's render shows the key
 * in the field and keeps the rows, and the rows for the new text render at transition priority, in slices React
 * drops when the next key comes (issue 18: the keystroke's longest task was that render).
 */
export function useFilteredImages(images: readonly ImageView[], filter: string): readonly ImageView[] {
  const deferredFilter = useDeferredValue(filter);
  return useMemo(() => filterImages(images, deferredFilter), [images, deferredFilter]);
}

/**
 * After a removal, focus goes to the next row (the previous one for the last row), or the heading when none is
 * left. Checked after each render: the row leaves the table when the list of images catches up.
 */
function useFocusAfterRemoval(shown: readonly ImageView[]): (removedId: string, nextId: string | undefined) => void {
  const pendingFocus = useRef<{ removedId: string; nextId: string | undefined } | undefined>(undefined);
  useEffect(() => {
    const pending = pendingFocus.current;
    if (!pending || shown.some((image) => image.id === pending.removedId)) return;
    pendingFocus.current = undefined;
    const next =
      pending.nextId === undefined
        ? null
        : document.querySelector<HTMLElement>(`[data-testid="image-row"][data-id="${CSS.escape(pending.nextId)}"] [data-testid="image-remove"]`);
    if (next) next.focus();
    else focusScreenHeading();
  });
  // The last image removed: this list gives way to the empty state, and focus goes to the heading.
  useEffect(
    () => () => {
      if (pendingFocus.current) focusScreenHeading();
    },
    [],
  );
  return useCallback((removedId, nextId) => {
    pendingFocus.current = { removedId, nextId };
  }, []);
}

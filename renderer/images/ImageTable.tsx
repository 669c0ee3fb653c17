import { defaultRangeExtractor, useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { Fragment, memo, useCallback, useRef, useState } from 'react';
import type { ImageView, PullView } from '../../preload/api';
import { Badge, Button, classNames, ProgressBar, RefreshIcon, Spinner } from '../components';
import { SortIcon, TrashIcon } from '../components/moreIcons';
import { RelativeTime } from '../components/RelativeTime';
import { useScrollWindow } from '../components/useScrollWindow';
import { formatBytes, formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { isActive, shortId } from '../pull/format';
import { FIRST_DIRECTION, imageName, type ImageSort, type ImageSortKey } from './imageOrder';
import { useRowFocus } from './useRowFocus';
import { ImageUpdateStatus } from '../updates/UpdateStatus';

export interface ImageTableProps {
  images: readonly ImageView[];
  sort: ImageSort;
  onSort: (sort: ImageSort) => void;
  /** The pull to show in a row, if any (looked up by the row's first name). */
  pullFor: (image: ImageView) => PullView | undefined;
  /** The row whose "Pull again" is waiting for main's answer. */
  startingId: string | undefined;
  /** Stable across renders (rows are memoised): they take the row's image. */
  onPullAgain: (image: ImageView) => void;
  onRemove: (image: ImageView) => void;
  /** The list is still on its way: the table shows a loading row (ImageList.tsx, the card while its list loads). */
  loading?: boolean;
}

/** Until rows are measured: a row with one line of names (names wrap, a pull or an update adds a line). */
const ROW_HEIGHT_ESTIMATE = 49;
/**
 * Rows rendered beyond each edge of the visible part, so keyboard and wheel scrolling find rows already there. Few:
 * every row in the page is laid out on each scroll frame. None until the first rows have been laid out: the rows
 * beyond the view's end were a fifth of the table's first commit, laid out and painted in the cold load's heaviest
 * frame (16 rows instead of 21 at 1280×800; README, "Benchmarks"), and nothing scrolls before that frame is shown.
 */
const OVERSCAN = 4;

/**
 * Before the first measurement (and where nothing scrolls, as in tests): the window's size, which no part of the
 * table that can be seen exceeds; a fixed guess for a tall window put a third more rows than a 600 px window shows
 * into the screen's first commit. Read once, when the table mounts: reading it forces a layout of the page if
 * anything changed since the last one, which a render in the middle of a scroll would pay on every frame.
 */
const initialViewport = () => ({ width: window.innerWidth, height: window.innerHeight });

/**
 * The local images as a table of which only the rows in and near view are in the page (issue 18: 2,000 images were
 * ~49k DOM nodes), scrolled by the screen's content area. Screen readers still hear the whole table's size
 * (aria-rowcount) and each row's place in it (aria-rowindex). The rows are one Tab stop with a roving focus
 * (useRowFocus.ts); the row holding it is always kept in the page.
 */
export function ImageTable({ images, sort, onSort, pullFor, startingId, onPullAgain, onRemove, loading = false }: ImageTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const scrollWindow = useScrollWindow(bodyRef, undefined, { waitForLayout: true });
  const [rowsLaidOut, setRowsLaidOut] = useState(false);
  const [rowHeights] = useState(() => new RowHeights(() => setRowsLaidOut(true)));
  const [initialRect] = useState(initialViewport);
  // A page is the rows that fit in the view, less one kept for context (read on the key press only).
  const pageRows = () => Math.max(1, Math.floor((scrollWindow.scroller?.clientHeight || initialRect.height) / rowHeights.typical) - 1);
  const rowFocus = useRowFocus(images, bodyRef, pageRows);
  // The same function while the list is the same: a new one makes the virtualizer recompute all 2,000 positions, on
  // every pull progress update that renders the table (issue 15: six pulls at once).
  const getItemKey = useCallback((index: number) => images[index]?.id ?? index, [images]);
  const virtualizer = useVirtualizer({
    count: images.length,
    getScrollElement: () => scrollWindow.scroller,
    estimateSize: () => rowHeights.typical,
    measureElement: rowHeights.measure,
    getItemKey,
    overscan: rowsLaidOut ? OVERSCAN : 0,
    scrollMargin: scrollWindow.offset,
    initialRect,
    rangeExtractor: (range) => withIndex(defaultRangeExtractor(range), rowFocus.activeIndex),
  });
  const pieces = tableBodyPieces(virtualizer.getVirtualItems(), virtualizer.getTotalSize(), scrollWindow.offset);
  return (
    <table className="images-table" role="treegrid" data-testid="images-table" aria-rowcount={images.length + 1}>
      <caption className="visually-hidden">Local images, sorted by {sort.key}, {sort.direction}</caption>
      <thead>
        <tr aria-rowindex={1}>
          <SortableHeader label="Image" column="name" sort={sort} onSort={onSort} />
          <th scope="col" className="images-table__col-id">
            ID
          </th>
          <SortableHeader label="Size" column="size" sort={sort} onSort={onSort} className="images-table__end images-table__col-size" />
          <SortableHeader label="Created" column="created" sort={sort} onSort={onSort} className="images-table__col-created" />
          <th scope="col" className="images-table__registry">
            Registry
          </th>
          <th scope="col" className="images-table__col-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody ref={bodyRef} {...rowFocus.bodyHandlers}>
        {loading && (
          <tr className="images-table__loading">
            <td colSpan={6}>
              <Spinner label="Loading images" />
            </td>
          </tr>
        )}
        {pieces.map((piece) => {
          if (piece.kind === 'space') return <Spacer key={`space-${piece.beforeIndex}`} height={piece.height} />;
          const image = images[piece.index];
          if (image === undefined) return null;
          return (
            <ImageRow
              key={image.id}
              index={piece.index}
              tabStop={image.id === rowFocus.activeId}
              measure={virtualizer.measureElement}
              image={image}
              pull={pullFor(image)}
              starting={startingId === image.id}
              onPullAgain={onPullAgain}
              onRemove={onRemove}
            />
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Rows' heights as the virtualizer's ResizeObserver reports them after layout, and the height to assume for rows not
 * measured yet: the one most of the latest measured rows have (45 px for a row of one line of names, more where
 * names wrap). An estimate that matches means a row scrolled into the page changes no size, so
 * the virtualizer does not recompute 2,000 positions and render again for it (issue 18: scrolling frame time).
 */
class RowHeights {
  private readonly latest: number[] = [];
  typical = ROW_HEIGHT_ESTIMATE;

  /** `onFirstReport`: called once, when layout first reports a row's height (the rows are on screen). */
  constructor(private onFirstReport: (() => void) | undefined) {}

  /**
   * For `measureElement`. When a row mounts there is no report yet: the height already known for it (or the typical
   * one) stands until the report comes, instead of the library's default `offsetHeight`, which forced a layout of the
   * page for each row mounted.
   */
  readonly measure = (row: Element, entry: ResizeObserverEntry | undefined, virtualizer: Virtualizer<HTMLElement, Element>): number => {
    const box = entry?.borderBoxSize?.[0];
    if (box) return this.record(Math.round(box.blockSize));
    const index = virtualizer.indexFromElement(row);
    return virtualizer.itemSizeCache.get(virtualizer.options.getItemKey(index)) ?? this.typical;
  };

  private record(height: number): number {
    this.onFirstReport?.();
    this.onFirstReport = undefined;
    this.latest.push(height);
    if (this.latest.length > TYPICAL_OF_LATEST) this.latest.shift();
    const counts = new Map<number, number>();
    for (const seen of this.latest) counts.set(seen, (counts.get(seen) ?? 0) + 1);
    let typical = height;
    for (const [candidate, count] of counts) {
      const best = counts.get(typical) ?? 0;
      if (count > best || (count === best && candidate < typical)) typical = candidate;
    }
    this.typical = typical;
    return height;
  }
}

/** How many of the latest measured rows decide the typical height (about a window's worth). */
const TYPICAL_OF_LATEST = 32;

/** The height of the rows not in the page, so the scrollbar and the rows' positions are those of the whole table. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="images-table__spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={6} />
    </tr>
  );
}

export type TableBodyPiece = { kind: 'row'; index: number } | { kind: 'space'; height: number; beforeIndex: number };

/**
 * The body's rows in order with a spacer wherever rows are left out: before the first, after the last, and between
 * two rows that are not neighbours (the focused row kept far from the rows in view), so every row sits where it
 * would in the whole table. `offset`: where the table starts in its scroller (item positions include it).
 */
export function tableBodyPieces(items: readonly Pick<VirtualItem, 'index' | 'start' | 'end'>[], totalSize: number, offset: number): TableBodyPiece[] {
  const pieces: TableBodyPiece[] = [];
  let end = offset;
  for (const item of items) {
    if (item.start > end) pieces.push({ kind: 'space', height: item.start - end, beforeIndex: item.index });
    pieces.push({ kind: 'row', index: item.index });
    end = item.end;
  }
  if (offset + totalSize > end) pieces.push({ kind: 'space', height: offset + totalSize - end, beforeIndex: items.length === 0 ? 0 : Number.MAX_SAFE_INTEGER });
  return pieces;
}

/** The rows to render, with the one holding the Tab stop added when it is out of range (so focus is never dropped). */
function withIndex(indexes: number[], index: number): number[] {
  if (index < 0 || indexes.includes(index)) return indexes;
  return [...indexes, index].sort((a, b) => a - b);
}

function SortableHeader({
  label,
  column,
  sort,
  onSort,
  className,
}: {
  label: string;
  column: ImageSortKey;
  sort: ImageSort;
  onSort: (sort: ImageSort) => void;
  /** The column's width and alignment (ImagesScreen.css). */
  className?: string;
}) {
  const current = sort.key === column;
  const direction = current ? sort.direction : 'none';
  const next: ImageSort = current
    ? { key: column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
    : { key: column, direction: FIRST_DIRECTION[column] };
  return (
    <th scope="col" aria-sort={direction} className={className}>
      <button type="button" className="images-table__sort" onClick={() => onSort(next)} data-testid={`images-sort-${column}`}>
        {label}
        <SortIcon size={14} direction={direction} />
      </button>
    </th>
  );
}

interface ImageRowProps {
  index: number;
  /** The row holding the list's one Tab stop; everything in rows is reached with the arrows (useRowFocus.ts). */
  tabStop: boolean;
  measure: (row: HTMLTableRowElement | null) => void;
  image: ImageView;
  pull: PullView | undefined;
  starting: boolean;
  onPullAgain: (image: ImageView) => void;
  onRemove: (image: ImageView) => void;
}

/** Memoised: a pull's progress or the clock's tick renders only what shows them, not every row. */
const ImageRow = memo(function ImageRow({ index, tabStop, measure, image, pull, starting, onPullAgain, onRemove }: ImageRowProps) {
  const name = imageName(image);
  const pulling = pull !== undefined && isActive(pull.state);
  return (
    <tr
      ref={measure}
      role="row"
      tabIndex={tabStop ? 0 : -1}
      data-index={index}
      aria-rowindex={index + 2}
      data-testid="image-row"
      data-tags={image.tags.join(' ')}
      data-id={image.id}
    >
      <td className="images-table__name">
        {image.tags.length > 0 ? (
          <ImageNames tags={image.tags} />
        ) : (
          <span className="muted mono images-table__no-name" title={image.digests[0]}>
            &lt;none&gt;
          </span>
        )}
        {image.containers !== undefined && image.containers > 0 && (
          <Badge tone="neutral" className="image-in-use">
            {image.containers} {image.containers === 1 ? 'container' : 'containers'}
          </Badge>
        )}
        <ImageUpdateStatus imageId={image.id} name={name} />
        {pull && <RowPull pull={pull} />}
      </td>
      <td className="mono muted images-table__nowrap" title={image.id} data-testid="image-id">
        {shortId(image.id)}
      </td>
      <td className="images-table__end images-table__nowrap tabular">{formatBytes(image.sizeBytes)}</td>
      <td className="images-table__nowrap tabular">
        <RelativeTime at={image.createdAt} />
      </td>
      <td className="mono images-table__registry" title={image.registry}>
        {image.registry ?? <span className="muted">—</span>}
      </td>
      <td className="images-table__actions">
        <Button
          size="sm"
          icon={<RefreshIcon size={14} />}
          busy={starting}
          disabled={image.tags.length === 0 || pulling}
          title={image.tags.length === 0 ? 'An image without a name cannot be pulled again' : `Pull ${image.tags[0]} again to update it`}
          aria-label={`Pull again: ${name}`}
          onClick={() => onPullAgain(image)}
          tabIndex={-1}
          data-testid="image-pull-again"
        >
          Pull again
        </Button>
        <Button
          size="sm"
          variant="ghost"
          className="images-table__remove"
          icon={<TrashIcon size={14} />}
          aria-label={`Remove ${name}`}
          title={`Remove ${name}`}
          onClick={() => onRemove(image)}
          tabIndex={-1}
          data-testid="image-remove"
        />
      </td>
    </tr>
  );
});

/** Shared text colours (renderer/styles/base.css) for how a pull ended. */
const FINISHED_TONE: Partial<Record<PullView['state'], string>> = { done: 'tone-success', failed: 'tone-danger', cancelled: 'muted' };

/** A pull of the row's image: its progress while it runs, then how it ended, linking to the Pull screen. */
function RowPull({ pull }: { pull: PullView }) {
  const href = hrefFor('pull', pull.id);
  if (isActive(pull.state)) {
    return (
      <a className="row-pull" href={href} tabIndex={-1} data-testid="image-row-pull" data-state={pull.state}>
        <ProgressBar size="sm" label={`Pulling ${pull.familiar}`} value={pull.state === 'pulling' ? pull.percent : undefined} className="row-pull__bar" />
        <span className="tabular">{pull.state === 'queued' ? 'Queued' : `Pulling ${formatPercent(pull.percent)}`}</span>
      </a>
    );
  }
  const text =
    pull.state === 'done' ? 'Pulled — up to date' : pull.state === 'failed' ? `Pull failed: ${pull.error?.title ?? 'see details'}` : 'Pull cancelled';
  return (
    <a className={classNames('row-pull', FINISHED_TONE[pull.state])} href={href} tabIndex={-1} data-testid="image-row-pull" data-state={pull.state}>
      {text}
    </a>
  );
}

/** Names shown before the rest fold behind "+N more": one image may carry thousands of names. */
const NAMES_SHOWN = 5;

/** The image's names, the first few only until asked for the rest (a button, so Enter and Space work). */
function ImageNames({ tags }: { tags: readonly string[] }) {
  const [expanded, setExpanded] = useState(false);
  const hidden = tags.length - NAMES_SHOWN;
  const shown = expanded || hidden <= 0 ? tags : tags.slice(0, NAMES_SHOWN);
  return (
    <>
      <ul className="inline-list" aria-label="Names">
        {shown.map((tag) => (
          <li key={tag} className="image-tag mono">
            <BreakableName name={tag} />
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <button
          type="button"
          className="link-button image-tags__more"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
          tabIndex={-1}
          data-testid="image-tags-more"
        >
          {expanded ? 'Show fewer names' : `+${hidden.toLocaleString('en-US')} more`}
        </button>
      )}
    </>
  );
}

/** A long name may wrap after a slash rather than mid-word: "registry.example.com/platform/" + "base:2024.11". */
function BreakableName({ name }: { name: string }) {
  const parts = name.split('/');
  return parts.map((part, index) => (
    <Fragment key={index}>
      {part}
      {index < parts.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </Fragment>
  ));
}

import { Fragment, useState } from 'react';
import type { ImageView, PullView } from '../../preload/api';
import { Badge, Button, ProgressBar, RefreshIcon } from '../components';
import { SortIcon, TrashIcon } from '../components/moreIcons';
import { formatBytes, formatDateTime, formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { formatRelativeTime, isActive, shortId } from '../pull/format';
import { useNow } from '../pull/useNow';
import { FIRST_DIRECTION, imageName, type ImageSort, type ImageSortKey } from './imageOrder';
import { ImageUpdateStatus } from '../updates/UpdateStatus';

export interface ImageTableProps {
  images: readonly ImageView[];
  sort: ImageSort;
  onSort: (sort: ImageSort) => void;
  /** The pull to show in a row, if any (looked up by the row's first name). */
  pullFor: (image: ImageView) => PullView | undefined;
  /** The row whose "Pull again" is waiting for main's answer. */
  startingId: string | undefined;
  onPullAgain: (image: ImageView) => void;
  onRemove: (image: ImageView) => void;
}

export function ImageTable({ images, sort, onSort, pullFor, startingId, onPullAgain, onRemove }: ImageTableProps) {
  const now = useNow();
  return (
    <table className="images-table" data-testid="images-table">
      <caption className="visually-hidden">Local images, sorted by {sort.key}, {sort.direction}</caption>
      <thead>
        <tr>
          <SortableHeader label="Image" column="name" sort={sort} onSort={onSort} />
          <th scope="col">ID</th>
          <SortableHeader label="Size" column="size" sort={sort} onSort={onSort} align="end" />
          <SortableHeader label="Created" column="created" sort={sort} onSort={onSort} />
          <th scope="col">Registry</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {images.map((image) => (
          <ImageRow
            key={image.id}
            image={image}
            pull={pullFor(image)}
            now={now}
            starting={startingId === image.id}
            onPullAgain={() => onPullAgain(image)}
            onRemove={() => onRemove(image)}
          />
        ))}
      </tbody>
    </table>
  );
}

function SortableHeader({
  label,
  column,
  sort,
  onSort,
  align = 'start',
}: {
  label: string;
  column: ImageSortKey;
  sort: ImageSort;
  onSort: (sort: ImageSort) => void;
  align?: 'start' | 'end';
}) {
  const current = sort.key === column;
  const direction = current ? sort.direction : 'none';
  const next: ImageSort = current
    ? { key: column, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' }
    : { key: column, direction: FIRST_DIRECTION[column] };
  return (
    <th scope="col" aria-sort={direction} className={align === 'end' ? 'images-table__end' : undefined}>
      <button type="button" className="images-table__sort" onClick={() => onSort(next)} data-testid={`images-sort-${column}`}>
        {label}
        <SortIcon size={14} direction={direction} />
      </button>
    </th>
  );
}

interface ImageRowProps {
  image: ImageView;
  pull: PullView | undefined;
  now: number;
  starting: boolean;
  onPullAgain: () => void;
  onRemove: () => void;
}

function ImageRow({ image, pull, now, starting, onPullAgain, onRemove }: ImageRowProps) {
  const name = imageName(image);
  const pulling = pull !== undefined && isActive(pull.state);
  return (
    <tr data-testid="image-row" data-tags={image.tags.join(' ')} data-id={image.id}>
      <td className="images-table__name">
        {image.tags.length > 0 ? (
          <ImageNames tags={image.tags} />
        ) : (
          <span className="muted mono" title={image.digests[0]}>
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
      <td className="mono muted" title={image.id}>
        {shortId(image.id)}
      </td>
      <td className="images-table__end images-table__nowrap tabular">{formatBytes(image.sizeBytes)}</td>
      <td className="images-table__nowrap tabular">
        <time dateTime={image.createdAt} title={formatDateTime(image.createdAt)}>
          {formatRelativeTime(image.createdAt, now)}
        </time>
      </td>
      <td className="mono images-table__registry">{image.registry ?? <span className="muted">—</span>}</td>
      <td className="images-table__actions">
        <Button
          size="sm"
          icon={<RefreshIcon size={14} />}
          busy={starting}
          disabled={image.tags.length === 0 || pulling}
          title={image.tags.length === 0 ? 'An image without a name cannot be pulled again' : `Pull ${image.tags[0]} again to update it`}
          aria-label={`Pull again: ${name}`}
          onClick={onPullAgain}
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
          onClick={onRemove}
          data-testid="image-remove"
        />
      </td>
    </tr>
  );
}

/** A pull of the row's image: its progress while it runs, then how it ended, linking to the Pull screen. */
function RowPull({ pull }: { pull: PullView }) {
  const href = hrefFor('pull', pull.id);
  if (isActive(pull.state)) {
    return (
      <a className="row-pull" href={href} data-testid="image-row-pull" data-state={pull.state}>
        <ProgressBar size="sm" label={`Pulling ${pull.familiar}`} value={pull.state === 'pulling' ? pull.percent : undefined} className="row-pull__bar" />
        <span className="tabular">{pull.state === 'queued' ? 'Queued' : `Pulling ${formatPercent(pull.percent)}`}</span>
      </a>
    );
  }
  const text =
    pull.state === 'done' ? 'Pulled — up to date' : pull.state === 'failed' ? `Pull failed: ${pull.error?.title ?? 'see details'}` : 'Pull cancelled';
  return (
    <a className={`row-pull row-pull--${pull.state}`} href={href} data-testid="image-row-pull" data-state={pull.state}>
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
      <ul className="image-tags" aria-label="Names">
        {shown.map((tag) => (
          <li key={tag} className="image-tag mono">
            <BreakableName name={tag} />
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <button type="button" className="link-button image-tags__more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)} data-testid="image-tags-more">
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

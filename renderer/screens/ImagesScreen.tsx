import { useEffect, useRef, useState } from 'react';
import type { ImagesUsage, ImageView, PullView } from '../../preload/api';
import { call, liveValueStore, useAction, useEngineStatus, useLiveValue } from '../bridge';
import { Button, Card, EmptyState, ErrorCard, focusScreenHeading, ImagesIcon, PullIcon, RefreshIcon, ScreenLayout, Spinner, TextField } from '../components';
import { ButtonLink } from '../components/ButtonLink';
import { SearchIcon } from '../components/moreIcons';
import { formatBytes } from '../format';
import { ImageTable } from '../images/ImageTable';
import { DEFAULT_SORT, filterImages, imageName, sortImages, type ImageSort } from '../images/imageOrder';
import { RemoveImageDialog } from '../images/RemoveImageDialog';
import { hrefFor } from '../navigation/route';
import type { ScreenProps } from '../navigation/screenProps';
import { isActive } from '../pull/format';
import { usePulls } from '../pull/pullStore';
import { useStartPull } from '../pull/useStartPull';
import { UpdatesToolbar } from '../updates/CheckUpdatesButton';
import '../images/ImagesScreen.css';

const imagesStore = () => liveValueStore('images.list', 'images.changed');

/** The engine's local images: sort, filter, pull one again to update it, remove one. Live via `images.changed`. */
export function ImagesScreen(_props: ScreenProps) {
  const images = useLiveValue('images.list', 'images.changed');
  const refresh = useAction('images.list');
  const engine = useEngineStatus();
  const connected = engine.status?.state === 'connected';
  const engineDown = engine.status?.state === 'disconnected' || images.error?.code === 'ENGINE_UNREACHABLE';

  // The list failed while the engine was away: ask again once it is back.
  const listFailed = images.status === 'error';
  useEffect(() => {
    if (connected && listFailed) imagesStore().reload();
  }, [connected, listFailed]);

  return (
    <ScreenLayout
      id="images"
      title="Images"
      description="The images on the connected engine. Pull one again to update it."
      actions={
        <>
          {/* Issue 14: every image's update state at once; the badges are in the rows. */}
          <UpdatesToolbar />
          <Button
            icon={<RefreshIcon size={14} />}
            busy={refresh.pending}
            disabled={images.status === 'loading'}
            onClick={() => {
              // Asks without emptying the table first; a failure shows the same way as on first load.
              void refresh.run().then((result) => (result.ok ? imagesStore().set(result.value) : imagesStore().reload()));
            }}
            data-testid="images-refresh"
          >
            Refresh
          </Button>
        </>
      }
    >
      {engineDown ? (
        <EngineDisconnected reason={engine.status?.state === 'disconnected' ? engine.status : undefined} onRetry={engine.reconnect} retrying={engine.reconnecting} />
      ) : images.status === 'error' ? (
        <ErrorCard
          title="Could not list the images"
          code={images.error.code}
          cause={images.error.message}
          actions={<Button onClick={() => imagesStore().reload()}>Try again</Button>}
        />
      ) : images.status === 'loading' ? (
        <Spinner label="Loading images" />
      ) : images.value.length === 0 ? (
        <EmptyState
          icon={<ImagesIcon size={24} />}
          title="No images yet"
          data-testid="images-empty"
          action={
            <ButtonLink variant="primary" href={hrefFor('pull')} icon={<PullIcon size={16} />}>
              Pull an image
            </ButtonLink>
          }
        >
          <p>The engine has no local images. Pulled images appear here, with their size, age and registry.</p>
        </EmptyState>
      ) : (
        <ImageList images={images.value} />
      )}
    </ScreenLayout>
  );
}

function EngineDisconnected({ reason, onRetry, retrying }: { reason: { reason: string; fix: string } | undefined; onRetry: () => void; retrying: boolean }) {
  return (
    <EmptyState
      icon={<ImagesIcon size={24} />}
      title="The engine is not connected"
      data-testid="images-engine-disconnected"
      action={
        <Button icon={<RefreshIcon size={14} />} busy={retrying} onClick={onRetry}>
          Retry now
        </Button>
      }
    >
      <p>Images are listed once Stevedore reaches Docker (or Podman).</p>
      {reason && <p>{reason.reason}</p>}
      {reason && <p>{reason.fix}</p>}
    </EmptyState>
  );
}

function ImageList({ images }: { images: readonly ImageView[] }) {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ImageSort>(DEFAULT_SORT);
  const [removing, setRemoving] = useState<ImageView | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  // Pulls started from this screen: their outcome stays on the row; other pulls show only while they run.
  const [startedHere, setStartedHere] = useState<ReadonlySet<string>>(new Set());
  const [starting, setStarting] = useState<{ imageId: string; error?: string } | undefined>(undefined);
  const { start } = useStartPull();
  const { pulls } = usePulls();

  const shown = sortImages(filterImages(images, filter), sort);
  // The engine's own count (each shared layer once), asked again whenever the list changes; a per-image sum would
  // count a layer shared by 2,000 images 2,000 times.
  const [usage, setUsage] = useState<ImagesUsage | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void call('images.usage').then((value) => current && setUsage(value), () => current && setUsage(undefined));
    return () => {
      current = false;
    };
  }, [images]);

  // Docker prints tags the way pulls are named (`familiar`), so a plain comparison finds the row's pull.
  const pullFor = (image: ImageView): PullView | undefined => {
    const name = image.tags[0];
    if (name === undefined) return undefined;
    return pulls.find((pull) => pull.familiar === name && (isActive(pull.state) || startedHere.has(pull.id)));
  };

  const pullAgain = async (image: ImageView): Promise<void> => {
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
  };

  // After a removal, focus goes to the next row (the previous one for the last row), or the heading when none is
  // left. Checked after each render: the row leaves the table when the list of images catches up.
  const focusAfterRemoval = useRef<{ removedId: string; nextId: string | undefined } | undefined>(undefined);
  useEffect(() => {
    const pending = focusAfterRemoval.current;
    if (!pending || shown.some((image) => image.id === pending.removedId)) return;
    focusAfterRemoval.current = undefined;
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
      if (focusAfterRemoval.current) focusScreenHeading();
    },
    [],
  );

  const removed = (image: ImageView): void => {
    const index = shown.findIndex((candidate) => candidate.id === image.id);
    focusAfterRemoval.current = { removedId: image.id, nextId: (shown[index + 1] ?? shown[index - 1])?.id };
    setRemoving(undefined);
    setAnnouncement(`Removed ${imageName(image)}.`);
    // `images.changed` will say the same; asking keeps the table right if the event is slow.
    void call('images.list').then((latest) => imagesStore().set(latest), () => undefined);
  };

  return (
    <Card padded={false} className="images-card">
      <div className="images-toolbar">
        <TextField
          label="Filter images"
          hideLabel
          type="search"
          placeholder="Filter by name, ID or registry"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          trailing={<SearchIcon size={14} />}
          className="images-toolbar__filter"
          data-testid="images-filter"
        />
        <p className="images-toolbar__summary tabular muted" aria-live="polite">
          {shown.length === images.length ? `${images.length} ${images.length === 1 ? 'image' : 'images'}` : `${shown.length} of ${images.length} images`}
          {usage && (
            <span data-testid="images-usage" title="Disk space the images use, each shared layer counted once (as docker system df counts it)">
              {' · '}
              {formatBytes(usage.totalBytes)} on disk{usage.sharedBytes > 0 ? ` (${formatBytes(usage.sharedBytes)} shared)` : ''}
            </span>
          )}
        </p>
      </div>
      {starting?.error && (
        <p className="images-card__error" role="alert">
          {starting.error}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="images-card__no-match muted">
          No image matches “{filter}”. <button type="button" className="link-button" onClick={() => setFilter('')}>Clear the filter</button>
        </p>
      ) : (
        <div className="images-card__scroll">
          <ImageTable
            images={shown}
            sort={sort}
            onSort={setSort}
            pullFor={pullFor}
            startingId={starting && !starting.error ? starting.imageId : undefined}
            onPullAgain={(image) => void pullAgain(image)}
            onRemove={setRemoving}
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

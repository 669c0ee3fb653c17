import { useDeferredValue, useEffect } from 'react';
import type { ImageView } from '../../preload/api';
import { call, livePatchedListStore, useAction, useEngineStatus, useLivePatchedList, type CallFailedError } from '../bridge';
import type { PatchedListValue } from '../bridge/livePatchedList';
import { Button, EmptyState, ErrorCard, ImagesIcon, PullIcon, RefreshIcon, ScreenLayout } from '../components';
import { ButtonLink } from '../components/ButtonLink';
import { ImageList } from '../images/ImageList';
import { hrefFor } from '../navigation/route';
import type { ScreenProps } from '../navigation/screenProps';
import { UpdatesToolbar } from '../updates/CheckUpdatesButton';

const imagesStore = () => livePatchedListStore('images.list', 'images.changed');
const NO_IMAGES: readonly ImageView[] = [];

/** Asks for the whole list without emptying the table; `images.changed` will say the same if the answer is slow. */
const listAgain = (): void => void call('images.list').then(imagesStore().accept, () => undefined);

/**
 * The images as the screen shows them. The store's updates are synchronous (useSyncExternalStore), so the list
 * arriving would build the table in the same task that received it (issue 18: the cold load's longest task, with
 * 2,000 images); deferred, that render keeps what was shown and the new list renders at transition priority, which
 * React splits into short slices and drops if a newer list arrives.
 */
export function useImagesList(): PatchedListValue<readonly ImageView[]> {
  useListKeptAfterLeaving();
  const list = useDeferredValue(useLivePatchedList('images.list', 'images.changed'), rowsShownInThisWindow ? undefined : NOT_YET_SHOWN);
  useEffect(() => {
    if (list.status !== 'loading') rowsShownInThisWindow = true;
  }, [list.status]);
  return list;
}

/**
 * The window's first showing of the rows renders the screen without them first (as loading), and the rows follow at
 * transition priority. The window's first render is a transition (renderer/renderApp.tsx): when the list arrived
 * while it was under way, React redid that render at once, whole, and with the rows in it, one long task again.
 * Later showings (the list kept after leaving) have the rows in their first render.
 */
let rowsShownInThisWindow = false;
const NOT_YET_SHOWN: PatchedListValue<readonly ImageView[]> = { status: 'loading', value: undefined, error: undefined };

/**
 * How long the list stays followed after the screen is left. Coming back within it (a look at Settings or Pull and
 * back) shows the rows in the screen's first render, as Docker Desktop does, instead of asking main for the whole
 * list again (466 KB for 2,000 images: the larger part of the time to the rows on a switch, issue 15's first paint).
 * Meanwhile only the list's changes reach this window; after it the list is not followed at all (issue 18 item 4).
 */
export const KEEP_LIST_AFTER_LEAVING_MS = 60_000;

/**
 * Holds the list while the screen is shown and for KEEP_LIST_AFTER_LEAVING_MS after it leaves (a list still loading
 * or failed is let go at once: renderer/bridge/liveStore.ts `hold`).
 */
function useListKeptAfterLeaving(): void {
  useEffect(() => {
    const release = imagesStore().hold();
    return () => release({ afterMs: KEEP_LIST_AFTER_LEAVING_MS });
  }, []);
}

/**
 * The engine's local images: sort, filter, pull one again to update it, remove one. Live via `images.changed`, which
 * carries only what changed; the store (and its traffic) lives only while this screen is shown and a minute after.
 */
export function ImagesScreen(_props: ScreenProps) {
  const images = useImagesList();
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
              void refresh.run().then((result) => (result.ok ? imagesStore().accept(result.value) : imagesStore().reload()));
            }}
            data-testid="images-refresh"
          >
            Refresh
          </Button>
        </>
      }
    >
      {images.status === 'stale' && !engineDown && <StaleListNotice error={images.error} />}
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
        // The card itself, so the rows come into the table laid out meanwhile (same place as the list's ImageList).
        <ImageList images={NO_IMAGES} loading onListAgain={listAgain} />
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
        <ImageList images={images.value} onListAgain={listAgain} />
      )}
    </ScreenLayout>
  );
}

/** Asking for the list again failed (after the preview reconnected, or a missed change): the rows stay, marked stale. */
function StaleListNotice({ error }: { error: CallFailedError }) {
  return (
    <ErrorCard
      title="Could not refresh the image list"
      code={error.code}
      cause={`${error.message} The images below are as they were before, and may be out of date.`}
      fix="Retry. If it keeps failing, check that Stevedore is still running (in preview, reload the tab)."
      actions={<Button onClick={() => imagesStore().retry()}>Retry</Button>}
      data-testid="images-stale"
    />
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

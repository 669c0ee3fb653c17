/**
 * Main's update view, asked once and followed through `updates.changed` — what changed since the version held, not
 * the whole view (preload/api.ts, UpdatesListSchema). The lookups only find main's answer for a row (by the image ids
 * and stack services main listed): which image is out of date is decided in main.
 */
import { createContext, createElement, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { call, getBridge, useAction, type ActionResult } from '../bridge';
import { LivePatchedListStore, type PatchedList } from '../bridge/livePatchedList';
import type { UpdatesList, UpdatesPosition, UpdatesView } from '../../preload/api';
import type { ImageUpdate } from './updateText';

type UpdatesStatus = Omit<UpdatesView, 'images'>;
let store: LivePatchedListStore<ImageUpdate, UpdatesStatus> | undefined;

/** Main's answer as the patched list's store takes it (its entries are `images`, keyed by `image`). */
function asPatchedList({ images, ...status }: UpdatesList): PatchedList<ImageUpdate, UpdatesStatus> {
  return { ...status, items: images };
}

/** The one store of the update view, shared by every screen; created on first use. */
export function updatesStore(): LivePatchedListStore<ImageUpdate, UpdatesStatus> {
  store ??= new LivePatchedListStore<ImageUpdate, UpdatesStatus>(
    'updates.list',
    // Only the entries a screen shows something for (most images: no update known, ~500 KB at 2,000 images); the
    // changes that follow carry every entry that changed.
    async () => asPatchedList(await call('updates.list', { omitQuiet: true })),
    (onChange) => getBridge().on('updates.changed', onChange),
    (entry) => entry.image,
  );
  return store;
}

const UpdatesContext = createContext<UpdatesView | undefined>(undefined);

/** Each image row's entry, read on its own: a change of one entry renders that row only (issue 15: six pulls at once). */
interface ImageUpdateSource {
  subscribe: (listener: () => void) => () => void;
  entryFor: (imageId: string) => ImageUpdate | undefined;
}
const NO_IMAGE_UPDATES: ImageUpdateSource = { subscribe: () => () => undefined, entryFor: () => undefined };
const ImageUpdatesContext = createContext<ImageUpdateSource>(NO_IMAGE_UPDATES);

/** The entries by local image id, built once per version of the view (the store keeps unchanged entries as they were). */
const entriesByImageId = new WeakMap<readonly ImageUpdate[], Map<string, ImageUpdate>>();
function byImageId(entries: readonly ImageUpdate[]): Map<string, ImageUpdate> {
  let index = entriesByImageId.get(entries);
  if (index === undefined) {
    index = new Map();
    for (const entry of entries) for (const imageId of entry.imageIds) if (!index.has(imageId)) index.set(imageId, entry);
    entriesByImageId.set(entries, index);
  }
  return index;
}

/**
 * Follows main's update view for everything below it (the app shell), so an image row or a service row only reads
 * it: a thousand rows share one subscription, and a component rendered on its own (a table in a test) shows no
 * update state rather than needing a bridge.
 */
export function UpdatesProvider({ children }: { children: ReactNode }) {
  const shared = updatesStore();
  const rows = useSyncExternalStore(shared.subscribe, shared.getSnapshot).value;
  const status = shared.status;
  const view = useMemo(() => (rows === undefined || status === undefined ? undefined : { ...status, images: [...rows] }), [rows, status]);
  const imageUpdates = useMemo<ImageUpdateSource>(
    () => ({
      subscribe: shared.subscribe,
      entryFor: (imageId) => {
        const entries = shared.getSnapshot().value;
        return entries === undefined ? undefined : byImageId(entries).get(imageId);
      },
    }),
    [shared],
  );
  return createElement(UpdatesContext, { value: view }, createElement(ImageUpdatesContext, { value: imageUpdates }, children));
}

/** The current view, or undefined while it loads, when main could not answer, or outside UpdatesProvider. */
export function useUpdatesView(): UpdatesView | undefined {
  return useContext(UpdatesContext);
}

/**
 * The update entry for a local image (Images screen rows), by the image id main listed it under; renders again only
 * when that entry changes. Nothing outside UpdatesProvider.
 */
export function useImageUpdate(imageId: string): ImageUpdate | undefined {
  const source = useContext(ImageUpdatesContext);
  return useSyncExternalStore(source.subscribe, () => source.entryFor(imageId));
}

/** The update entry for one service of a stack. */
export function updateForService(view: UpdatesView | undefined, stackId: string, service: string): ImageUpdate | undefined {
  return view?.images.find((update) => update.usedBy.some((use) => use.stackId === stackId && use.service === service));
}

/** Each service of the stack that main says has an update, with its entry. */
export function stackServicesWithUpdates(view: UpdatesView | undefined, stackId: string): Array<{ service: string; update: ImageUpdate }> {
  const found: Array<{ service: string; update: ImageUpdate }> = [];
  for (const update of view?.images ?? []) {
    if (update.state !== 'update-available') continue;
    for (const use of update.usedBy) if (use.stackId === stackId) found.push({ service: use.service, update });
  }
  return found.sort((a, b) => a.service.localeCompare(b.service));
}

/** Containers of the stack main found running an image older than the local one, by service. */
export function staleContainersOfService(view: UpdatesView | undefined, stackId: string, service: string): number {
  let count = 0;
  for (const update of view?.images ?? []) {
    count += update.staleContainers.filter((container) => container.stackId === stackId && container.service === service).length;
  }
  return count;
}

/**
 * An update call (check, ignore). Main sends what it changed in `updates.changed` before answering where the view is
 * then (UpdatesPosition): the shared store has it already, or asks again if it missed a change.
 */
export function useUpdatesAction<N extends 'updates.check' | 'updates.ignore'>(name: N) {
  const action = useAction(name);
  const run = async (...args: Parameters<typeof action.run>): Promise<ActionResult<UpdatesPosition>> => {
    const result = (await action.run(...args)) as ActionResult<UpdatesPosition>;
    if (result.ok) updatesStore().reached(result.value);
    return result;
  };
  return { ...action, run };
}

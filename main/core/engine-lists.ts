/**
 * The engine's images and containers, listed once per burst of engine events for every view that follows them —
 * the Images screen's feed (image-feed.ts) and the updates view (updates/service.ts) — instead of once per view.
 */
import type Docker from 'dockerode';
import { debounce, type DebounceOptions } from './debounce';
import type { EngineEvent } from './engine/connection';

export interface EngineLists {
  /** `GET /images/json` (tagged and untagged top-level images, not intermediate layers). */
  images: Docker.ImageInfo[];
  /** `GET /containers/json?all=1`. */
  containers: Docker.ContainerInfo[];
}

const listImages = (docker: Docker): Promise<EngineLists['images']> => docker.listImages({ all: false });
const listContainers = (docker: Docker): Promise<EngineLists['containers']> => docker.listContainers({ all: true });

export function listEngine(docker: Docker): Promise<EngineLists> {
  return Promise.all([listImages(docker), listContainers(docker)]).then(([images, containers]) => ({ images, containers }));
}

/** Container actions that change what the views show: containers per image, containers running an older image. */
const CONTAINER_ACTIONS = new Set(['create', 'destroy', 'start', 'die']);

/**
 * Waits for a burst of image or container events to go quiet (a pull emits several in a row; steady activity still
 * refreshes every `maxWaitMs`), then lists the engine once and hands every follower that listing (or its failure).
 * A burst of container events only lists the containers again, with the images listing held: a deploy's services
 * start in bursts of container events, and at 2,000 images `/images/json` is the engine's largest answer. Image
 * events (and `refreshSoon`) list both: an image untagged or removed changes what a container is said to run.
 *
 * `current()` serves a window's own calls (images.list, updates.list): the latest listing while no image or
 * container event and no change of the engine's connection (`invalidate`) has come since it was taken, so opening
 * the Images screen lists the engine once (or not at all) instead of once per call — at 2,000 images each listing
 * is about 250 ms of the engine's time. The engine reports every change that alters a listing through the
 * events stream, and a broken stream is a connection change.
 */
export function followEngineLists(options: {
  docker: () => Docker;
  followers: ReadonlyArray<(lists: () => Promise<EngineLists>) => void>;
  timing: DebounceOptions;
}): {
  onEngineEvent(event: EngineEvent): void;
  current(): Promise<EngineLists>;
  /**
   * For a window's `updates.list`: while a refresh is coming (`refreshComing`), the newest listing that arrived since
   * the engine's connection last changed, at once — that refresh hands the followers the new one and they publish
   * what changed; otherwise `current()`. (images.list: image-feed.ts answers the rows it last took the same way.)
   */
  recent(): Promise<EngineLists>;
  /** Another answer of the engine about its images and containers, kept as the listing is (`images.usage`). */
  keep<T>(load: () => Promise<T>): () => Promise<T>;
  invalidate(): void;
  /**
   * Whether image or container events (or `refreshSoon`) have come whose listing has not arrived yet: the refresh
   * waits out the events' quiet time, or lists the engine for the followers. The one place that knows it: while it
   * is true, a window's updates.list (`recent`) and images.list (image-feed.ts) answer what they hold, and the refresh
   * publishes what changed since.
   */
  refreshComing(): boolean;
  /**
   * Something changed that the engine's events may report late or not at all (a pull just ended): kept answers are
   * forgotten and the followers get a listing taken after this call, with the burst's, as an image event does.
   */
  refreshSoon(): void;
  cancel(): void;
} {
  const kept: Array<KeptAnswer<unknown>> = [];
  const keep = <T>(load: () => Promise<T>): KeptAnswer<T> => {
    const answer = keptAnswer(load);
    kept.push(answer);
    return answer;
  };
  const forgetAll = (): void => {
    for (const answer of kept) answer.forget();
  };
  const images = keptAnswer(() => listImages(options.docker()));
  const containers = keptAnswer(() => listContainers(options.docker()));
  const listing = pairedListing(images, containers);
  let refreshScheduled = false;
  /** Image events (or `refreshSoon`) came that the next refresh has not listed the images for yet. */
  let imagesChanged = false;
  /** Refreshes whose listing is on its way to the followers. */
  let refreshesListing = 0;
  const refresh = debounce(() => {
    refreshScheduled = false;
    // Listed here rather than by the first follower to read it, so that the refresh is known to be coming until the
    // listing arrives, whenever each follower gets to it (the image feed reads it after the lists queued before).
    refreshesListing += 1;
    const fresh = listing.fresh(imagesChanged);
    imagesChanged = false;
    fresh.then(
      () => (refreshesListing -= 1),
      () => (refreshesListing -= 1),
    );
    for (const follower of options.followers) follower(() => fresh);
  }, options.timing);
  const refreshComing = (): boolean => refreshScheduled || refreshesListing > 0;
  /** `withImages`: the images listing held is out of date too. */
  const refreshAfter = (withImages: boolean): void => {
    forgetAll();
    containers.forget();
    if (withImages) images.forget();
    imagesChanged ||= withImages;
    refreshScheduled = true;
    refresh();
  };
  const refreshSoon = (): void => refreshAfter(true);
  return {
    onEngineEvent(event) {
      if (event.Type === 'image') refreshSoon();
      else if (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action ?? '')) refreshAfter(false);
    },
    current: () => listing.get(),
    recent: () => {
      const arrived = listing.arrived();
      return refreshComing() && arrived !== undefined ? Promise.resolve(arrived) : listing.get();
    },
    keep: (load) => keep(load).get,
    invalidate: () => {
      forgetAll();
      images.drop();
      containers.drop();
    },
    refreshComing,
    refreshSoon,
    cancel: () => {
      refreshScheduled = false;
      refresh.cancel();
    },
  };
}

/**
 * The images and containers listings kept apart, handed out together: one object per pair of answers, so the views'
 * work derived from a listing (images.ts, updates/service.ts) is done once per pair, as it was once per listing.
 */
function pairedListing(images: KeptAnswer<EngineLists['images']>, containers: KeptAnswer<EngineLists['containers']>) {
  let paired: EngineLists | undefined;
  const pair = (imagesNow: EngineLists['images'], containersNow: EngineLists['containers']): EngineLists => {
    if (paired?.images !== imagesNow || paired.containers !== containersNow) paired = { images: imagesNow, containers: containersNow };
    return paired;
  };
  const both = (imagesNow: Promise<EngineLists['images']>, containersNow: Promise<EngineLists['containers']>): Promise<EngineLists> =>
    Promise.all([imagesNow, containersNow]).then(([one, other]) => pair(one, other));
  return {
    get: () => both(images.get(), containers.get()),
    /** Lists the containers again, and the images too when `withImages` (else the images held, or listed if none). */
    fresh: (withImages: boolean) => both(withImages ? images.fresh() : images.get(), containers.fresh()),
    arrived: (): EngineLists | undefined => {
      const imagesArrived = images.arrived();
      const containersArrived = containers.arrived();
      return imagesArrived === undefined || containersArrived === undefined ? undefined : pair(imagesArrived, containersArrived);
    },
  };
}

interface KeptAnswer<T> {
  /** The kept answer, or a new one kept from now on. */
  get(): Promise<T>;
  /** A new answer, kept from now on. */
  fresh(): Promise<T>;
  forget(): void;
  /** The newest answer that arrived (by the order they were asked) since the last `drop`, kept or forgotten. */
  arrived(): T | undefined;
  /** Forgets the kept answer and every one before: none of them may be answered any more (another engine). */
  drop(): void;
}

/**
 * One answer of the engine kept until `forget`. An answer still on its way when forgotten is not kept (an event
 * came while the engine worked on it), and a failure is not kept either: the next call asks again.
 */
function keptAnswer<T>(load: () => Promise<T>): KeptAnswer<T> {
  let latest: Promise<T> | undefined;
  let asked = 0;
  let newest: { value: T; order: number } | undefined;
  /** Bumped by `drop`: answers asked before it never become `newest`. */
  let generation = 0;
  const fresh = (): Promise<T> => {
    const answer = load();
    const order = ++asked;
    const askedIn = generation;
    latest = answer;
    answer.then(
      (value) => {
        if (askedIn === generation && (newest === undefined || order > newest.order)) newest = { value, order };
      },
      () => {
        if (latest === answer) latest = undefined;
      },
    );
    return answer;
  };
  return {
    get: () => latest ?? fresh(),
    fresh,
    forget: () => {
      latest = undefined;
    },
    arrived: () => newest?.value,
    drop: () => {
      latest = undefined;
      newest = undefined;
      generation += 1;
    },
  };
}

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

export function listEngine(docker: Docker): Promise<EngineLists> {
  return Promise.all([docker.listImages({ all: false }), docker.listContainers({ all: true })]).then(([images, containers]) => ({ images, containers }));
}

/** Container actions that change what the views show: containers per image, containers running an older image. */
const CONTAINER_ACTIONS = new Set(['create', 'destroy', 'start', 'die']);

/**
 * Waits for a burst of image or container events to go quiet (a pull emits several in a row; steady activity still
 * refreshes every `maxWaitMs`), then lists the engine once and hands every follower that listing (or its failure).
 *
 * `current()` serves a window's own calls (images.list, updates.list): the latest listing while no image or
 * container event and no change of the engine's connection (`invalidate`) has come since it was taken, so opening
 * the Images screen lists the engine once (or not at all) instead of once per call — at 2,000 images each listing
 * is about 250 ms of the engine's time. The engine reports every change that alters a listing through the
 * events stream, and a broken stream is a connection change.
 */
export function followEngineLists(options: {
  list: () => Promise<EngineLists>;
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
  const listing = keep(options.list);
  let refreshScheduled = false;
  /** Refreshes whose listing is on its way to the followers. */
  let refreshesListing = 0;
  const refresh = debounce(() => {
    refreshScheduled = false;
    // Listed here rather than by the first follower to read it, so that the refresh is known to be coming until the
    // listing arrives, whenever each follower gets to it (the image feed reads it after the lists queued before).
    refreshesListing += 1;
    const fresh = listing.fresh();
    fresh.then(
      () => (refreshesListing -= 1),
      () => (refreshesListing -= 1),
    );
    for (const follower of options.followers) follower(() => fresh);
  }, options.timing);
  const refreshComing = (): boolean => refreshScheduled || refreshesListing > 0;
  const refreshSoon = (): void => {
    forgetAll();
    refreshScheduled = true;
    refresh();
  };
  return {
    onEngineEvent(event) {
      if (event.Type === 'image' || (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action ?? ''))) refreshSoon();
    },
    current: () => listing.get(),
    recent: () => {
      const arrived = listing.arrived();
      return refreshComing() && arrived !== undefined ? Promise.resolve(arrived) : listing.get();
    },
    keep: (load) => keep(load).get,
    invalidate: () => {
      forgetAll();
      listing.drop();
    },
    refreshComing,
    refreshSoon,
    cancel: () => {
      refreshScheduled = false;
      refresh.cancel();
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

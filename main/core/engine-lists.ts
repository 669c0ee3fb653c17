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
 * refreshes every `maxWaitMs`), then hands every follower the same lazy listing: the first follower to read it
 * starts the one engine call, the others share its answer (or its failure).
 */
export function followEngineLists(options: {
  list: () => Promise<EngineLists>;
  followers: ReadonlyArray<(lists: () => Promise<EngineLists>) => void>;
  timing: DebounceOptions;
}): { onEngineEvent(event: EngineEvent): void; cancel(): void } {
  const refresh = debounce(() => {
    let listing: Promise<EngineLists> | undefined;
    const lists = (): Promise<EngineLists> => (listing ??= options.list());
    for (const follower of options.followers) follower(lists);
  }, options.timing);
  return {
    onEngineEvent(event) {
      if (event.Type === 'image' || (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action ?? ''))) refresh();
    },
    cancel: () => refresh.cancel(),
  };
}

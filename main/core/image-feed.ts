/**
 * The local images as a versioned feed (issue 18: every change used to send the whole list, 485 KB at 2,000 images,
 * to every window): `images.list` answers every image at a version, and `images.changed` carries only the rows
 * added or changed and the ids removed since the version before (preload/api.ts, patchedListSchemas).
 */
import { randomUUID } from 'node:crypto';
import type { ImageList, ImagesChange, ImageView } from '../../preload/api';

export interface ImageFeedOptions {
  /** Every local image now (ImageService.list). */
  list: () => Promise<ImageView[]>;
  publish: (change: ImagesChange) => void;
}

export class ImageFeed {
  /** A new feed per process: a view that kept a version across a restart of main lists again. */
  private readonly feed = randomUUID();
  private version = 0;
  /** Each image as last published, as JSON to compare; undefined until the first list. */
  private published: Map<string, string> | undefined;
  /** Lists run one at a time, so an older answer that arrives late cannot undo a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ImageFeedOptions) {}

  /** The whole list at its version. What changed since the version before is published first, for other views. */
  snapshot(): Promise<ImageList> {
    return this.serially(async () => {
      const items = await this.options.list();
      this.advance(items, false);
      return { feed: this.feed, version: this.version, items };
    });
  }

  /**
   * Lists again and publishes what changed (the engine reported events). `list` is a listing shared with the updates
   * view (engine-lists.ts), read in turn like any other. A failure publishes nothing.
   */
  refresh(list: () => Promise<ImageView[]> = this.options.list): Promise<void> {
    return this.serially(async () => {
      this.advance(await list(), true);
    }).catch(() => undefined); // The engine went away; its status event already says so.
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private advance(items: readonly ImageView[], engineChanged: boolean): void {
    const now = new Map(items.map((item) => [item.id, JSON.stringify(item)]));
    const before = this.published;
    this.published = now;
    if (before === undefined) {
      // No view holds a version yet, so there is nothing to patch; say only that the images changed.
      this.version += 1;
      if (engineChanged) this.options.publish({ feed: this.feed, version: this.version, changed: [], removed: [] });
      return;
    }
    const changed = items.filter((item) => before.get(item.id) !== now.get(item.id));
    const removed = [...before.keys()].filter((id) => !now.has(id));
    if (changed.length === 0 && removed.length === 0) return;
    this.version += 1;
    this.options.publish({ feed: this.feed, version: this.version, changed, removed });
  }
}

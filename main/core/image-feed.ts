/**
 * The local images as a versioned feed (issue 18: every change used to send the whole list, 485 KB at 2,000 images,
 * to every window): `images.list` answers every image at a version, and `images.changed` carries only the rows
 * added or changed and the ids removed since the version before (preload/api.ts, patchedListSchemas).
 */
import type { ImageList, ImagesChange, ImageView } from '../../preload/api';
import { VersionedDiff } from './versioned-diff';

export interface ImageFeedOptions {
  /** Every local image now (ImageService.list). */
  list: () => Promise<ImageView[]>;
  publish: (change: ImagesChange) => void;
  /**
   * Whether a `refresh` is coming (engine-lists.ts `refreshComing`: events came, and their listing has not arrived).
   * The feed keeps only its rows' version; engine-lists is the one place that knows whether a refresh is coming.
   */
  refreshComing: () => boolean;
}

export class ImageFeed {
  private readonly diff = new VersionedDiff<ImageView>((item) => item.id);
  /** Lists run one at a time, so an older answer that arrives late cannot undo a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  /** The last answer: every window asking at the same version gets this one object. */
  private answered: ImageList | undefined;
  /** Whether the rows last taken are the connected engine's: not after a change of connection, until a list. */
  private takenFromThisEngine = false;

  constructor(private readonly options: ImageFeedOptions) {}

  /**
   * The whole list at its version. What changed since the version before is published first, for other views.
   *
   * While a refresh is coming (image events came and their listing has not arrived; a listing is ~250 ms of the
   * engine's time at 2,000 images), the list last taken is answered at once at its version: that refresh publishes
   * what changed since, as it does for every window already open (docs/architecture.md, "Decisions where the specs
   * are silent").
   */
  snapshot(): Promise<ImageList> {
    const taken = this.diff.takenItems;
    if (taken !== undefined && this.takenFromThisEngine && this.options.refreshComing()) return Promise.resolve(this.answer(taken));
    return this.serially(async () => {
      const items = await this.options.list();
      this.advance(items, false);
      return this.answer(items);
    });
  }

  /**
   * The list at the current version, frozen and the same object for every window until the next version: main holds
   * it unchanged, so the router shapes it once and the preview transport serialises it once (ipc/router.ts), instead
   * of 464 KB at 2,000 images per window. The rows come from one listing and are never changed (versioned-diff.ts).
   */
  private answer(items: readonly ImageView[]): ImageList {
    const { feed, version } = this.diff;
    if (this.answered?.version !== version || this.answered.items !== items) {
      this.answered = Object.freeze({ feed, version, items: Object.freeze(items) as ImageView[] });
    }
    return this.answered;
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

  /**
   * The engine's connection changed (another engine, or its events stream broke): the rows taken may be another
   * engine's, so no window is answered them; the next list takes the engine's own and patches the versions held.
   */
  engineChanged(): void {
    this.takenFromThisEngine = false;
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private advance(items: readonly ImageView[], engineChanged: boolean): void {
    const difference = this.diff.take(items);
    this.takenFromThisEngine = true;
    const position = { feed: this.diff.feed, version: this.diff.version };
    // The first list: no view holds a version to patch, so say only that the images changed.
    if (difference.kind === 'first' && engineChanged) this.options.publish({ ...position, changed: [], removed: [] });
    if (difference.kind === 'changed') this.options.publish({ ...position, changed: difference.changed, removed: difference.removed });
  }
}

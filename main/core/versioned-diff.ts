/**
 * The versioning behind a patched list (preload/api.ts, patchedListSchemas): one feed per process, a version bumped
 * on every change, and what changed between two takes of the list — the items whose JSON would differ (compared
 * field by field, shared/same-row.ts) and the keys gone.
 * The image feed (image-feed.ts) and the updates view (updates/service.ts) both publish through it.
 */
import { randomUUID } from 'node:crypto';
import { sameRow } from '../../shared/same-row';

export type ListDifference<T> =
  /** The first take: no view holds a version yet, so there is nothing to patch. */
  | { kind: 'first' }
  | { kind: 'unchanged' }
  | { kind: 'changed'; changed: T[]; removed: string[] };

export class VersionedDiff<T> {
  /** A new feed per process: a view that kept a version across a restart of main lists again. */
  readonly feed = randomUUID();
  private current = 0;
  /** Each item as last taken, by key; undefined until the first take. */
  private taken: Map<string, T> | undefined;
  /**
   * The list last taken. The same list taken again is unchanged without comparing its 2,000 items again: a
   * window's images.list from the listing main already holds (images.ts derives one list per listing). Callers hand
   * in a new list for new contents and never change one they handed in, nor its items (kept to compare with the next).
   */
  private takenList: readonly T[] | undefined;

  constructor(private readonly keyOf: (item: T) => string) {}

  get version(): number {
    return this.current;
  }

  /** The list last taken (at `version`), or undefined before the first take. */
  get takenItems(): readonly T[] | undefined {
    return this.takenList;
  }

  /** Takes the list as it is now. `alsoChanged`: something beside the items changed, so a new version even if none did. */
  take(items: readonly T[], alsoChanged = false): ListDifference<T> {
    if (items === this.takenList && !alsoChanged) return { kind: 'unchanged' };
    this.takenList = items;
    const now = new Map(items.map((item) => [this.keyOf(item), item]));
    const before = this.taken;
    this.taken = now;
    if (before === undefined) {
      this.current += 1;
      return { kind: 'first' };
    }
    const changed = items.filter((item) => {
      const taken = before.get(this.keyOf(item));
      return taken === undefined || !sameRow(taken, item);
    });
    const removed = [...before.keys()].filter((key) => !now.has(key));
    if (!alsoChanged && changed.length === 0 && removed.length === 0) return { kind: 'unchanged' };
    this.current += 1;
    return { kind: 'changed', changed, removed };
  }
}

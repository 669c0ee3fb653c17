import type { LiveCollectionCall } from '../../preload/api';
import { toCallFailedError, type CallFailedError } from './call';
import { LiveStore } from './liveStore';

/**
 * A collection main owns and reports one item at a time — pulls, deploys: ask for the list once, then follow
 * the event that carries one changed item. Shared by every view that shows it, so a view that mounts later (or
 * comes back) sees the current state, and the window holds one subscription however many views read it.
 */
export interface LiveCollection<T> {
  /** 'loading' until the list answers; items that arrive by event meanwhile are already in `items`. */
  status: 'loading' | 'live' | 'error';
  items: readonly T[];
  error: CallFailedError | undefined;
}

const LOADING: LiveCollection<never> = { status: 'loading', items: [], error: undefined };

export class LiveCollectionStore<T extends { id: string }> extends LiveStore<LiveCollection<T>> {
  private readonly byId = new Map<string, T>();
  private status: LiveCollection<T>['status'] = 'loading';
  private error: CallFailedError | undefined;

  constructor(
    /** One of the contract's `liveCollections`: the follow function subscribes to its paired event. */
    private readonly callName: LiveCollectionCall,
    private readonly load: () => Promise<readonly T[]>,
    private readonly follow: (onItem: (item: T) => void) => () => void,
    /** Orders the items and returns the ones to keep (e.g. only the latest finished ones). */
    private readonly arrange: (items: T[]) => T[] = (items) => items,
  ) {
    super(LOADING);
  }

  /** An item main just answered a start call with. Events about it may have overtaken the answer, and they are newer. */
  readonly addStarted = (item: T): void => {
    if (!this.watched || this.byId.has(item.id)) return;
    this.byId.set(item.id, item);
    this.publish();
  };

  protected begin(current: () => boolean): () => void {
    const seenByEvent = new Set<string>();
    const unsubscribe = this.follow((item) => {
      seenByEvent.add(item.id);
      this.byId.set(item.id, item);
      this.publish();
    });
    this.load().then(
      (items) => {
        if (!current()) return;
        for (const item of items) if (!seenByEvent.has(item.id)) this.byId.set(item.id, item);
        this.status = 'live';
        this.error = undefined;
        this.publish();
      },
      (error: unknown) => {
        if (!current()) return;
        this.status = 'error';
        this.error = toCallFailedError(this.callName, error);
        this.publish();
      },
    );
    return unsubscribe;
  }

  protected reset(): void {
    this.byId.clear();
    this.status = 'loading';
    this.error = undefined;
    this.snapshot = LOADING;
  }

  private publish(): void {
    const kept = this.arrange([...this.byId.values()]);
    if (kept.length !== this.byId.size) {
      const keep = new Set(kept.map((item) => item.id));
      for (const id of this.byId.keys()) if (!keep.has(id)) this.byId.delete(id);
    }
    this.snapshot = { status: this.status, items: kept, error: this.error };
    this.emit();
  }
}

import type { LiveCollectionCall } from '../../preload/api';
import { toCallFailedError, type CallFailedError } from './call';

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

export class LiveCollectionStore<T extends { id: string }> {
  private readonly byId = new Map<string, T>();
  private snapshot: LiveCollection<T> = LOADING;
  private status: LiveCollection<T>['status'] = 'loading';
  private error: CallFailedError | undefined;
  private readonly listeners = new Set<() => void>();
  private unsubscribeFromEvent: (() => void) | undefined;
  /** Bumped on every start and stop, so an answer to an abandoned list call is dropped. */
  private generation = 0;

  constructor(
    /** One of the contract's `liveCollections`: the follow function subscribes to its paired event. */
    private readonly callName: LiveCollectionCall,
    private readonly load: () => Promise<readonly T[]>,
    private readonly follow: (onItem: (item: T) => void) => () => void,
    /** Orders the items and returns the ones to keep (e.g. only the latest finished ones). */
    private readonly arrange: (items: T[]) => T[] = (items) => items,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): LiveCollection<T> => this.snapshot;

  /** An item main just answered a start call with. Events about it may have overtaken the answer, and they are newer. */
  readonly addStarted = (item: T): void => {
    if (this.listeners.size === 0 || this.byId.has(item.id)) return;
    this.byId.set(item.id, item);
    this.publish();
  };

  /** Asks for the list again, e.g. after it failed. */
  readonly reload = (): void => {
    if (this.listeners.size === 0) return;
    this.stop();
    this.start();
    this.publish();
  };

  private start(): void {
    const generation = ++this.generation;
    const seenByEvent = new Set<string>();
    // Subscribe before asking: an event that arrives while the list is in flight is newer than the list.
    this.unsubscribeFromEvent = this.follow((item) => {
      seenByEvent.add(item.id);
      this.byId.set(item.id, item);
      this.publish();
    });
    this.load().then(
      (items) => {
        if (generation !== this.generation) return;
        for (const item of items) if (!seenByEvent.has(item.id)) this.byId.set(item.id, item);
        this.status = 'live';
        this.error = undefined;
        this.publish();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.status = 'error';
        this.error = toCallFailedError(this.callName, error);
        this.publish();
      },
    );
  }

  private stop(): void {
    this.generation++;
    this.unsubscribeFromEvent?.();
    this.unsubscribeFromEvent = undefined;
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
    for (const listener of this.listeners) listener();
  }
}

import { useSyncExternalStore } from 'react';
import type { CallResponse, EventPayload, LivePatchedListCall, livePatchedLists } from '../../preload/api';
import { getBridge } from './bridge';
import { call, toCallFailedError, type RequestlessCallName } from './call';
import type { LiveValue } from './liveValue';
import { LiveStore } from './liveStore';

interface Position {
  feed: string;
  version: number;
}
export interface PatchedList<T> extends Position {
  items: readonly T[];
}
export interface ListChange<T> extends Position {
  changed: readonly T[];
  removed: readonly string[];
}

const LOADING: LiveValue<never> = { status: 'loading', value: undefined, error: undefined };
/** Changes kept while the list is being asked for; beyond this the list is asked for again once it answers. */
const MAX_WAITING_CHANGES = 200;

/**
 * A list main sends as changes (preload/api.ts, patchedListSchemas): the whole list once, then each change applied to
 * the version it follows. A gap (a missed change, main restarted) asks for the whole list again while the rows
 * already shown stay. Rows that did not change keep their identity, so memoised rows do not render again.
 */
export class LivePatchedListStore<T extends { id: string }> extends LiveStore<LiveValue<readonly T[]>> {
  private rows = new Map<string, T>();
  private position: Position | undefined;
  /** Changes that arrived while a list call was in flight; applied after its answer if newer. */
  private waiting: Array<ListChange<T>> = [];
  private relisting = false;
  /** Changes were dropped while waiting for a list. */
  private overflowed = false;
  private current: () => boolean = () => false;

  constructor(
    private readonly callName: LivePatchedListCall,
    private readonly load: () => Promise<PatchedList<T>>,
    private readonly follow: (onChange: (change: ListChange<T>) => void) => () => void,
  ) {
    super(LOADING);
  }

  /** A whole list main answered to another request (the Refresh button); ignored if older than what is shown. */
  readonly accept = (list: PatchedList<T>): void => {
    if (!this.watched) return;
    const position = this.position;
    if (position !== undefined && list.feed === position.feed && list.version < position.version) return;
    const rows = new Map<string, T>();
    for (const item of list.items) {
      const shown = this.rows.get(item.id);
      rows.set(item.id, shown !== undefined && JSON.stringify(shown) === JSON.stringify(item) ? shown : item);
    }
    this.rows = rows;
    this.position = { feed: list.feed, version: list.version };
    this.relisting = false;
    for (const change of this.waiting.splice(0)) if (!this.apply(change)) break;
    if (this.overflowed && !this.relisting) this.relist();
    this.overflowed = false;
    this.publish();
  };

  protected begin(current: () => boolean): () => void {
    this.current = current;
    const unsubscribe = this.follow((change) => {
      if (this.position === undefined || this.relisting) {
        this.waiting.push(change);
        // Too many to keep: dropped, and the list asked for again after the answer in flight (it may be older).
        if (this.waiting.length > MAX_WAITING_CHANGES) {
          this.waiting = [];
          this.overflowed = true;
        }
      } else if (this.apply(change)) {
        this.publish();
      }
    });
    this.ask();
    return unsubscribe;
  }

  protected reset(): void {
    this.rows = new Map();
    this.position = undefined;
    this.waiting = [];
    this.relisting = false;
    this.overflowed = false;
    this.snapshot = LOADING;
  }

  private ask(): void {
    const current = this.current;
    this.load().then(
      (list) => {
        if (current()) this.accept(list);
      },
      (error: unknown) => {
        if (!current()) return;
        this.relisting = false;
        // Rows already shown stay; the next change finds the gap and asks again.
        if (this.position !== undefined) return;
        this.snapshot = { status: 'error', value: undefined, error: toCallFailedError(this.callName, error) };
        this.emit();
      },
    );
  }

  /** Applies a change to the version it follows; false when it does not follow (the whole list is asked for). */
  private apply(change: ListChange<T>): boolean {
    const position = this.position;
    if (position === undefined) return false;
    if (change.feed === position.feed && change.version <= position.version) return true;
    if (change.feed !== position.feed || change.version !== position.version + 1) {
      if (!this.relisting) this.relist();
      return false;
    }
    for (const id of change.removed) this.rows.delete(id);
    for (const item of change.changed) this.rows.set(item.id, item);
    position.version = change.version;
    return true;
  }

  private relist(): void {
    this.relisting = true;
    this.ask();
  }

  private publish(): void {
    this.snapshot = { status: 'live', value: [...this.rows.values()], error: undefined };
    this.emit();
  }
}

type Item<N extends LivePatchedListCall> = CallResponse<N>['items'][number];
const stores = new Map<string, LivePatchedListStore<never>>();

/** The shared store for a (call, event) pair of the contract's `livePatchedLists`; created on first use. */
export function livePatchedListStore<N extends LivePatchedListCall & RequestlessCallName, E extends (typeof livePatchedLists)[N]>(
  callName: N,
  eventName: E,
): LivePatchedListStore<Item<N>> {
  const key = `${callName}|${eventName}`;
  let store = stores.get(key) as LivePatchedListStore<Item<N>> | undefined;
  if (!store) {
    store = new LivePatchedListStore<Item<N>>(
      callName,
      () => (call as (name: N) => Promise<CallResponse<N>>)(callName),
      (onChange) => getBridge().on(eventName, (change: EventPayload<E>) => onChange(change)),
    );
    stores.set(key, store as unknown as LivePatchedListStore<never>);
  }
  return store;
}

/** `useLivePatchedList('images.list', 'images.changed')`: the whole list, kept up to date by its changes. */
export function useLivePatchedList<N extends LivePatchedListCall & RequestlessCallName, E extends (typeof livePatchedLists)[N]>(
  callName: N,
  eventName: E,
): LiveValue<readonly Item<N>[]> {
  const store = livePatchedListStore(callName, eventName);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

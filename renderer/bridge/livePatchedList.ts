import { useSyncExternalStore } from 'react';
import type { CallName, CallResponse, EventPayload, LivePatchedListCall, livePatchedLists } from '../../preload/api';
import { sameRow } from '../../shared/same-row';
import { getBridge } from './bridge';
import { call, toCallFailedError, type CallFailedError, type RequestlessCallName } from './call';
import type { LiveValue } from './liveValue';
import { LiveStore } from './liveStore';

interface Position {
  feed: string;
  version: number;
}
/** `S`: fields sent beside the rows with every list and change (the updates view's check status). */
export type PatchedList<T, S extends object = NoStatus> = Position & S & { items: readonly T[] };
export type ListChange<T, S extends object = NoStatus> = Position & S & { changed: readonly T[]; removed: readonly string[] };
type NoStatus = Record<never, never>;
const NOT_STATUS = new Set(['feed', 'version', 'items', 'changed', 'removed']);

/**
 * What a patched list shows: a live value, or — when asking again failed while rows were shown (after the preview
 * reconnected, or after a missed change) — those rows marked stale with the error, as Docker Desktop keeps its list
 * under an error banner rather than emptying it or passing it for current.
 */
export type PatchedListValue<T> = LiveValue<T> | { status: 'stale'; value: T; error: CallFailedError };

const LOADING: LiveValue<never> = { status: 'loading', value: undefined, error: undefined };
/** Changes kept while the list is being asked for; beyond this the list is asked for again once it answers. */
const MAX_WAITING_CHANGES = 200;

/**
 * A list main sends as changes (preload/api.ts, patchedListSchemas): the whole list once, then each change applied to
 * the version it follows. A gap (a missed change, main restarted) asks for the whole list again while the rows
 * already shown stay. Rows that did not change keep their identity, so memoised rows do not render again.
 */
export class LivePatchedListStore<T, S extends object = NoStatus> extends LiveStore<PatchedListValue<readonly T[]>> {
  private rows = new Map<string, T>();
  private position: Position | undefined;
  private statusNow: S | undefined;
  /** Changes that arrived while a list call was in flight; applied after its answer if newer. */
  private waiting: Array<ListChange<T, S>> = [];
  private relisting = false;
  /** Changes were dropped while waiting for a list. */
  private overflowed = false;
  /** Asking again failed while rows were shown: they are published as stale until a whole list arrives. */
  private staleBecause: CallFailedError | undefined;
  private current: () => boolean = () => false;

  constructor(
    private readonly callName: CallName,
    private readonly load: () => Promise<PatchedList<T, S>>,
    private readonly follow: (onChange: (change: ListChange<T, S>) => void) => () => void,
    /** The key `removed` names a row by. */
    private readonly keyOf: (item: T) => string,
  ) {
    super(LOADING);
  }

  /** A whole list main answered to another request (the Refresh button); ignored if older than what is shown. */
  readonly accept = (list: PatchedList<T, S>): void => {
    if (!this.watched) return;
    const position = this.position;
    if (position !== undefined && list.feed === position.feed && list.version < position.version) return;
    const rows = new Map<string, T>();
    for (const item of list.items) {
      const key = this.keyOf(item);
      const shown = this.rows.get(key);
      rows.set(key, shown !== undefined && sameRow(shown, item) ? shown : item);
    }
    this.rows = rows;
    this.position = { feed: list.feed, version: list.version };
    this.statusNow = statusOf(list);
    this.relisting = false;
    this.staleBecause = undefined;
    for (const change of this.waiting.splice(0)) if (!this.apply(change)) break;
    if (this.overflowed && !this.relisting) this.relist();
    this.overflowed = false;
    this.publish();
  };

  /**
   * Main answered another request with where the list is (updates.check, updates.ignore), having sent every change up
   * to there first: a store still behind it missed one, and asks for the whole list again.
   */
  readonly reached = (answered: Position): void => {
    const position = this.position;
    if (!this.watched || position === undefined || this.relisting) return;
    if (answered.feed === position.feed && answered.version <= position.version) return;
    this.relist();
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
    this.statusNow = undefined;
    this.waiting = [];
    this.relisting = false;
    this.overflowed = false;
    this.staleBecause = undefined;
    this.snapshot = LOADING;
  }

  /** The fields sent beside the rows, as of the rows shown; undefined until the list arrives. */
  get status(): S | undefined {
    return this.statusNow;
  }

  /** Asks for the whole list again, keeping the rows shown (the stale list's Retry). */
  readonly retry = (): void => {
    if (this.watched && this.position !== undefined && !this.relisting) this.relist();
  };

  private ask(): void {
    const current = this.current;
    this.load().then(
      (list) => {
        if (current()) this.accept(list);
      },
      (error: unknown) => {
        if (!current()) return;
        this.relisting = false;
        const failure = toCallFailedError(this.callName, error);
        // Rows already shown stay, marked stale; Retry or the next change (it finds the gap) asks again.
        if (this.position !== undefined) {
          this.staleBecause = failure;
          this.publish();
          return;
        }
        this.snapshot = { status: 'error', value: undefined, error: failure };
        this.emit();
      },
    );
  }

  /** Applies a change to the version it follows; false when it does not follow (the whole list is asked for). */
  private apply(change: ListChange<T, S>): boolean {
    const position = this.position;
    if (position === undefined) return false;
    if (change.feed === position.feed && change.version <= position.version) return true;
    if (change.feed !== position.feed || change.version !== position.version + 1) {
      if (!this.relisting) this.relist();
      return false;
    }
    for (const id of change.removed) this.rows.delete(id);
    for (const item of change.changed) this.rows.set(this.keyOf(item), item);
    position.version = change.version;
    this.statusNow = statusOf(change);
    return true;
  }

  private relist(): void {
    this.relisting = true;
    this.ask();
  }

  private publish(): void {
    const value = [...this.rows.values()];
    this.snapshot = this.staleBecause === undefined ? { status: 'live', value, error: undefined } : { status: 'stale', value, error: this.staleBecause };
    this.emit();
  }
}

/** The fields of a list or change that are neither its position nor its rows. */
function statusOf<S extends object>(from: Position & S): S {
  return Object.fromEntries(Object.entries(from).filter(([key]) => !NOT_STATUS.has(key))) as S;
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
      (item) => item.id,
    );
    stores.set(key, store as unknown as LivePatchedListStore<never>);
  }
  return store;
}

/** `useLivePatchedList('images.list', 'images.changed')`: the whole list, kept up to date by its changes. */
export function useLivePatchedList<N extends LivePatchedListCall & RequestlessCallName, E extends (typeof livePatchedLists)[N]>(
  callName: N,
  eventName: E,
): PatchedListValue<readonly Item<N>[]> {
  const store = livePatchedListStore(callName, eventName);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

import { useSyncExternalStore } from 'react';
import type { CallName, CallResponse, EventPayload, LiveValueCall, liveValues } from '../../preload/api';
import { getBridge } from './bridge';
import { call, toCallFailedError, type CallFailedError, type RequestlessCallName } from './call';
import { LiveStore } from './liveStore';

/**
 * A piece of main-process state that views read as "ask once, then follow the event": the engine status now,
 * later running pulls or stack status. One store per (call, event) pair is shared by every component that reads
 * it, so the app holds one subscription however many views show the value.
 */
export type LiveValue<T> =
  | { status: 'loading'; value: undefined; error: undefined }
  | { status: 'live'; value: T; error: undefined }
  | { status: 'error'; value: undefined; error: CallFailedError };

const LOADING: LiveValue<never> = { status: 'loading', value: undefined, error: undefined };

export class LiveValueStore<T> extends LiveStore<LiveValue<T>> {
  constructor(
    private readonly callName: CallName,
    private readonly load: () => Promise<T>,
    private readonly follow: (onValue: (value: T) => void) => () => void,
  ) {
    super(LOADING);
  }

  /** Takes a value main returned from another call (e.g. the status `engine.reconnect` answers with). */
  readonly set = (value: T): void => {
    this.snapshot = { status: 'live', value, error: undefined };
    this.emit();
  };

  protected begin(current: () => boolean): () => void {
    let eventSeen = false;
    const unsubscribe = this.follow((value) => {
      eventSeen = true;
      this.set(value);
    });
    this.load().then(
      (value) => {
        if (current() && !eventSeen) this.set(value);
      },
      (error: unknown) => {
        if (!current() || eventSeen) return;
        this.snapshot = { status: 'error', value: undefined, error: toCallFailedError(this.callName, error) };
        this.emit();
      },
    );
    return unsubscribe;
  }

  protected reset(): void {
    this.snapshot = LOADING;
  }
}

const stores = new Map<string, LiveValueStore<unknown>>();

/** The shared store for a (call, event) pair of the contract's `liveValues`; created on first use. */
export function liveValueStore<N extends LiveValueCall & RequestlessCallName, E extends (typeof liveValues)[N]>(
  callName: N,
  eventName: E,
): LiveValueStore<CallResponse<N> | EventPayload<E>> {
  type Value = CallResponse<N> | EventPayload<E>;
  const key = `${callName}|${eventName}`;
  let store = stores.get(key) as LiveValueStore<Value> | undefined;
  if (!store) {
    store = new LiveValueStore<Value>(
      callName,
      () => (call as (name: N) => Promise<CallResponse<N>>)(callName),
      (onValue) => getBridge().on(eventName, onValue),
    );
    stores.set(key, store as LiveValueStore<unknown>);
  }
  return store;
}

/** `useLiveValue('registries.list', 'registries.changed')`: the current value, kept up to date by the event. */
export function useLiveValue<N extends LiveValueCall & RequestlessCallName, E extends (typeof liveValues)[N]>(
  callName: N,
  eventName: E,
): LiveValue<CallResponse<N> | EventPayload<E>> {
  const store = liveValueStore(callName, eventName);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

import { useSyncExternalStore } from 'react';
import type { CallName, CallResponse, EventPayload, LiveValueCall, liveValues } from '../../preload/api';
import { getBridge } from './bridge';
import { call, toCallFailedError, type CallFailedError, type RequestlessCallName } from './call';

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

export class LiveValueStore<T> {
  private snapshot: LiveValue<T> = LOADING;
  private readonly listeners = new Set<() => void>();
  private unsubscribeFromEvent: (() => void) | undefined;
  /** Bumped on every start and stop, so an answer to an abandoned initial call is dropped. */
  private generation = 0;

  constructor(
    private readonly callName: CallName,
    private readonly load: () => Promise<T>,
    private readonly follow: (onValue: (value: T) => void) => () => void,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): LiveValue<T> => this.snapshot;

  /** Takes a value main returned from another call (e.g. the status `engine.reconnect` answers with). */
  readonly set = (value: T): void => {
    this.snapshot = { status: 'live', value, error: undefined };
    this.emit();
  };

  /** Asks again, e.g. after the initial call failed. */
  readonly reload = (): void => {
    if (this.listeners.size === 0) return;
    this.stop();
    this.start();
    this.emit();
  };

  private start(): void {
    const generation = ++this.generation;
    let eventSeen = false;
    // Subscribe before asking: an event that arrives while the call is in flight is newer than its answer.
    this.unsubscribeFromEvent = this.follow((value) => {
      eventSeen = true;
      this.set(value);
    });
    this.load().then(
      (value) => {
        if (generation === this.generation && !eventSeen) this.set(value);
      },
      (error: unknown) => {
        if (generation !== this.generation || eventSeen) return;
        this.snapshot = { status: 'error', value: undefined, error: toCallFailedError(this.callName, error) };
        this.emit();
      },
    );
  }

  private stop(): void {
    this.generation++;
    this.unsubscribeFromEvent?.();
    this.unsubscribeFromEvent = undefined;
    this.snapshot = LOADING;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
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

/**
 * Every pull this window knows about, shared by the Pull screen, the Images screen and the sidebar indicator.
 * Main owns the pulls: this only mirrors `pulls.list` and then follows `pulls.progress` (one pull per event),
 * so a view that mounts later, or comes back, shows the current state.
 */
import { useSyncExternalStore } from 'react';
import type { PullView } from '../../preload/api';
import { call, CallFailedError, getBridge } from '../bridge';
import { isActive } from './format';

export interface PullsSnapshot {
  /** 'loading' until `pulls.list` answers; pulls that arrive by event meanwhile are already in `pulls`. */
  status: 'loading' | 'live' | 'error';
  /** Running and queued pulls first (oldest first), then finished ones, newest first. */
  pulls: readonly PullView[];
  /** Running and queued only. */
  active: readonly PullView[];
  error: CallFailedError | undefined;
}

/** Main keeps about 20 finished pulls; keeping as many here matches `pulls.list` after a reload. */
const FINISHED_TO_KEEP = 20;

const INITIAL: PullsSnapshot = { status: 'loading', pulls: [], active: [], error: undefined };

class PullStore {
  private readonly byId = new Map<string, PullView>();
  private snapshot: PullsSnapshot = INITIAL;
  private status: PullsSnapshot['status'] = 'loading';
  private error: CallFailedError | undefined;
  private readonly listeners = new Set<() => void>();
  private unsubscribeFromEvent: (() => void) | undefined;
  /** Bumped on every start and stop, so an answer to an abandoned `pulls.list` is dropped. */
  private generation = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): PullsSnapshot => this.snapshot;

  /**
   * A pull main just answered `pulls.start` with. Progress events for it may have overtaken the answer, and
   * they are newer, so the answer only fills a gap.
   */
  readonly addStarted = (view: PullView): void => {
    if (this.listeners.size === 0 || this.byId.has(view.id)) return;
    this.byId.set(view.id, view);
    this.publish();
  };

  /** Asks `pulls.list` again, e.g. after it failed. */
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
    this.unsubscribeFromEvent = getBridge().on('pulls.progress', (view) => {
      seenByEvent.add(view.id);
      this.byId.set(view.id, view);
      this.publish();
    });
    call('pulls.list').then(
      (views) => {
        if (generation !== this.generation) return;
        for (const view of views) if (!seenByEvent.has(view.id)) this.byId.set(view.id, view);
        this.status = 'live';
        this.error = undefined;
        this.publish();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.status = 'error';
        this.error = error instanceof CallFailedError ? error : new CallFailedError('pulls.list', 'RENDERER', String(error));
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
    this.snapshot = INITIAL;
  }

  private publish(): void {
    const all = [...this.byId.values()];
    const active = all.filter((pull) => isActive(pull.state)).sort(byQueueThenStart);
    const finished = all.filter((pull) => !isActive(pull.state)).sort(byFinishedNewestFirst);
    for (const dropped of finished.splice(FINISHED_TO_KEEP)) this.byId.delete(dropped.id);
    this.snapshot = { status: this.status, pulls: [...active, ...finished], active, error: this.error };
    for (const listener of this.listeners) listener();
  }
}

function byQueueThenStart(a: PullView, b: PullView): number {
  // Running ones (no queue position) before queued ones, which keep their queue order.
  const queueA = a.queuePosition ?? 0;
  const queueB = b.queuePosition ?? 0;
  return queueA - queueB || a.startedAt.localeCompare(b.startedAt);
}

function byFinishedNewestFirst(a: PullView, b: PullView): number {
  return (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt);
}

export const pullStore = new PullStore();

export function usePulls(): PullsSnapshot {
  return useSyncExternalStore(pullStore.subscribe, pullStore.getSnapshot);
}

/**
 * Every pull this window knows about, shared by the Pull screen, the Images screen and the sidebar indicator.
 * Main owns the pulls: this only mirrors `pulls.list` and then follows `pulls.progress` (one pull per event),
 * so a view that mounts later, or comes back, shows the current state.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { PullView } from '../../preload/api';
import { FINISHED_PULLS_KEPT } from '../../shared/contract-limits';
import { call, getBridge, LiveCollectionStore, type CallFailedError } from '../bridge';
import { isActive, type PullState } from './format';

export interface PullsSnapshot {
  /** 'loading' until `pulls.list` answers; pulls that arrive by event meanwhile are already in `pulls`. */
  status: 'loading' | 'live' | 'error';
  /** Running and queued pulls first (oldest first), then finished ones, newest first. */
  pulls: readonly PullView[];
  /** Running and queued only. */
  active: readonly PullView[];
  error: CallFailedError | undefined;
}

function arrangePulls(all: PullView[]): PullView[] {
  const active = all.filter((pull) => isActive(pull.state)).sort(byQueueThenStart);
  const finished = all.filter((pull) => !isActive(pull.state)).sort(byFinishedNewestFirst);
  return [...active, ...finished.slice(0, FINISHED_PULLS_KEPT)];
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

export const pullStore = new LiveCollectionStore<PullView>(
  'pulls.list',
  () => call('pulls.list'),
  (onPull) => getBridge().on('pulls.progress', onPull),
  arrangePulls,
);

export function usePulls(): PullsSnapshot {
  const { status, items, error } = useSyncExternalStore(pullStore.subscribe, pullStore.getSnapshot);
  return useMemo(() => ({ status, pulls: items, active: items.filter((pull) => isActive(pull.state)), error }), [status, items, error]);
}

/** One pull's state, re-rendering only when that state changes (not on each of its progress events). */
export function usePullState(id: string | undefined): PullState | undefined {
  return useSyncExternalStore(pullStore.subscribe, () => (id === undefined ? undefined : pullStore.getSnapshot().items.find((pull) => pull.id === id)?.state));
}

/**
 * Every pull this window knows about, shared by the Pull screen, the Images screen and the sidebar indicator.
 * Main owns the pulls: this only mirrors `pulls.list` and then follows `pulls.progress` (one pull per event),
 * so a view that mounts later, or comes back, shows the current state.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { PullView } from '../../preload/api';
import { FINISHED_PULLS_KEPT } from '../../shared/contract-limits';
import { call, getBridge, LiveCollectionStore, type CallFailedError } from '../bridge';
import { isActive } from './activeStates';
import type { PullState } from './format';

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

/**
 * For each of `names` (as a pull's `familiar` spells it), the first pull in the store's order that `shows` keeps.
 * The same map — and so no render — while none of those pulls changes: a progress update of a pull whose image is
 * not listed does not render the Images screen (issue 15: six pulls at once with 2,000 images listed, each of ~25
 * updates a second rendered the list and its table). `names` and `shows` should keep their identity across renders.
 */
export function usePullsByName(names: ReadonlySet<string>, shows: (pull: PullView) => boolean): ReadonlyMap<string, PullView> {
  const select = useMemo(() => pullsByNameSelector(names, shows), [names, shows]);
  return useSyncExternalStore(pullStore.subscribe, select);
}

/** The snapshot function of usePullsByName: it answers the map it answered last while the entries are the same. */
function pullsByNameSelector(names: ReadonlySet<string>, shows: (pull: PullView) => boolean): () => ReadonlyMap<string, PullView> {
  let last: ReadonlyMap<string, PullView> | undefined;
  return () => {
    const next = new Map<string, PullView>();
    for (const pull of pullStore.getSnapshot().items) if (names.has(pull.familiar) && !next.has(pull.familiar) && shows(pull)) next.set(pull.familiar, pull);
    if (last === undefined || !sameEntries(last, next)) last = next;
    return last;
  };
}

function sameEntries(a: ReadonlyMap<string, PullView>, b: ReadonlyMap<string, PullView>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, pull] of a) if (b.get(name) !== pull) return false;
  return true;
}

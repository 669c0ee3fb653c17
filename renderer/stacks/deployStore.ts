/**
 * The deploys this window knows about. Main owns them: this mirrors `stacks.deploys` and then follows
 * `stacks.deploy.progress` (one deploy per event), so a stack opened while its deploy runs, or after it ended,
 * shows where it is.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { DeployView } from '../../preload/api';
import { call, getBridge } from '../bridge';

class DeployStore {
  private readonly byId = new Map<string, DeployView>();
  private snapshot: readonly DeployView[] = [];
  private readonly listeners = new Set<() => void>();
  private unsubscribeFromEvent: (() => void) | undefined;
  /** Bumped on every start and stop, so an answer to an abandoned `stacks.deploys` is dropped. */
  private generation = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  readonly getSnapshot = (): readonly DeployView[] => this.snapshot;

  /** The view `stacks.deploy` answered with; progress events for it may already be newer. */
  readonly addStarted = (view: DeployView): void => {
    if (this.listeners.size === 0 || this.byId.has(view.id)) return;
    this.byId.set(view.id, view);
    this.publish();
  };

  private start(): void {
    const generation = ++this.generation;
    const seenByEvent = new Set<string>();
    // Subscribe before asking: an event that arrives while the list is in flight is newer than the list.
    this.unsubscribeFromEvent = getBridge().on('stacks.deploy.progress', (view) => {
      seenByEvent.add(view.id);
      this.byId.set(view.id, view);
      this.publish();
    });
    call('stacks.deploys').then(
      (views) => {
        if (generation !== this.generation) return;
        for (const view of views) if (!seenByEvent.has(view.id)) this.byId.set(view.id, view);
        this.publish();
      },
      // Without the list, deploys started from here still show through their events.
      () => undefined,
    );
  }

  private stop(): void {
    this.generation++;
    this.unsubscribeFromEvent?.();
    this.unsubscribeFromEvent = undefined;
    this.byId.clear();
    this.snapshot = [];
  }

  private publish(): void {
    this.snapshot = [...this.byId.values()];
    for (const listener of this.listeners) listener();
  }
}

export const deployStore = new DeployStore();

/** The stack's running deploy, else its most recent one; undefined when it has none this session. */
export function useLatestDeploy(stackId: string): DeployView | undefined {
  const deploys = useSyncExternalStore(deployStore.subscribe, deployStore.getSnapshot);
  return useMemo(() => {
    let latest: DeployView | undefined;
    for (const deploy of deploys) {
      if (deploy.stackId !== stackId) continue;
      if (!latest || deploy.startedAt > latest.startedAt) latest = deploy;
    }
    return latest;
  }, [deploys, stackId]);
}

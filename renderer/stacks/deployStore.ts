/**
 * The deploys this window knows about. Main owns them: this mirrors `stacks.deploys` and then follows
 * `stacks.deploy.progress` (one deploy per event), so a stack opened while its deploy runs, or after it ended,
 * shows where it is.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { DeployView } from '../../preload/api';
import { call, getBridge, LiveCollectionStore } from '../bridge';

// Without the list, deploys started from here still show through their events, so a failed list is not shown.
export const deployStore = new LiveCollectionStore<DeployView>(
  'stacks.deploys',
  () => call('stacks.deploys'),
  (onDeploy) => getBridge().on('stacks.deploy.progress', onDeploy),
);

/** The stack's running deploy, else its most recent one; undefined when it has none this session. */
export function useLatestDeploy(stackId: string): DeployView | undefined {
  const deploys = useSyncExternalStore(deployStore.subscribe, deployStore.getSnapshot).items;
  return useMemo(() => {
    let latest: DeployView | undefined;
    for (const deploy of deploys) {
      if (deploy.stackId !== stackId) continue;
      if (!latest || deploy.startedAt > latest.startedAt) latest = deploy;
    }
    return latest;
  }, [deploys, stackId]);
}

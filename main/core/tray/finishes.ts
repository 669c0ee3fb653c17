/**
 * Decides which finished pulls and deploys deserve an OS notification, and makes sure each one gets exactly
 * one. The shell passes `notify`, which shows it; everything here runs (and is tested) without Electron.
 *
 * A pull that belongs to a stack deploy is announced by the deploy's own notification instead: a stack of six
 * images would otherwise raise seven notifications, and the deploy's failure already carries the failed pull's
 * error title and fix.
 */
import type { DeployView, PullView } from '../../../preload/api';
import { deployNotification, finishedDeployOf, finishedPullOf, pullNotification, type NotificationContent } from './notifications';

export interface FinishSources {
  pulls: { onProgress(listener: (view: PullView) => void): () => void };
  stacks?: {
    onDeployProgress(listener: (view: DeployView) => void): () => void;
    /** Running deploys (with the ids of their pulls), then recent finished ones. */
    deploys(): DeployView[];
  };
  /** The stack's display name; the deploy's project name is used when it is not known. */
  stackName(stackId: string): string | undefined;
  notify(content: NotificationContent): void;
}

/** How many announced ids are remembered: far more than can finish between two events about one of them. */
const REMEMBERED = 500;

/** Starts watching; returns the function that stops it. */
export function watchFinishes(sources: FinishSources): () => void {
  const announced = new Set<string>();
  const firstTime = (key: string): boolean => {
    if (announced.has(key)) return false;
    announced.add(key);
    if (announced.size > REMEMBERED) {
      const [oldest] = announced;
      if (oldest !== undefined) announced.delete(oldest);
    }
    return true;
  };

  const unsubscribers = [
    sources.pulls.onProgress((view) => {
      const finished = finishedPullOf(view);
      if (finished === undefined || !firstTime(`pull:${view.id}`)) return;
      if (sources.stacks?.deploys().some((deploy) => deploy.pulls.some((pull) => pull.pullId === view.id))) return;
      const content = pullNotification(finished);
      if (content) sources.notify(content);
    }),
  ];
  if (sources.stacks) {
    unsubscribers.push(
      sources.stacks.onDeployProgress((view) => {
        const finished = finishedDeployOf(view, sources.stackName(view.stackId) ?? view.project);
        if (finished === undefined || !firstTime(`deploy:${view.id}`)) return;
        sources.notify(deployNotification(finished));
      }),
    );
  }
  return () => {
    for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
  };
}

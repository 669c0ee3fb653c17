/**
 * What the OS notification says when a pull or a deploy ends. On failure: the error's title and its fix, so the
 * notification alone tells the user what to do.
 */
import type { DeployView, ImageUpdate, PullView } from '../../../preload/api';
import { formatBytes } from '../../../shared/format-bytes';

export interface FinishedPull {
  id: string;
  familiar: string;
  state: 'done' | 'failed' | 'cancelled';
  durationMs?: number;
  sizeBytes?: number;
  notes: readonly string[];
  error?: { title: string; fix: string };
}

export interface NotificationContent {
  title: string;
  body: string;
  /** What clicking it opens. */
  target: { screen: 'pull'; pullId: string } | { screen: 'stacks'; stackId: string } | { screen: 'images' };
}

/** Undefined for a cancelled pull: the user did that themselves and needs no news of it. */
export function pullNotification(pull: FinishedPull): NotificationContent | undefined {
  const target = { screen: 'pull', pullId: pull.id } as const;
  if (pull.state === 'done') {
    const details = [pull.sizeBytes !== undefined ? formatBytes(pull.sizeBytes) : undefined, pull.durationMs !== undefined ? `${(pull.durationMs / 1000).toFixed(1)} s` : undefined]
      .filter(Boolean)
      .join(' in ');
    const note = pull.notes[0] ? ` ${pull.notes[0]}` : '';
    return { title: `Pulled ${pull.familiar}`, body: `${details || 'Up to date.'}${note}`.trim(), target };
  }
  if (pull.state === 'failed') {
    return { title: `Pull failed: ${pull.familiar}`, body: pull.error ? `${pull.error.title}. ${pull.error.fix}` : 'The pull failed.', target };
  }
  return undefined;
}

export interface FinishedDeploy {
  stackId: string;
  stackName: string;
  ok: boolean;
  error?: { title: string; fix: string };
  services?: number;
}

export function deployNotification(deploy: FinishedDeploy): NotificationContent {
  const target = { screen: 'stacks', stackId: deploy.stackId } as const;
  if (deploy.ok) {
    const services = deploy.services !== undefined ? ` ${deploy.services} ${deploy.services === 1 ? 'service' : 'services'} running.` : '';
    return { title: `Deployed ${deploy.stackName}`, body: `The stack is up.${services}`.trim(), target };
  }
  return {
    title: `Deploy failed: ${deploy.stackName}`,
    body: deploy.error ? `${deploy.error.title}. ${deploy.error.fix}` : 'The deploy failed; open the stack for its log.',
    target,
  };
}

/**
 * A check found updates not reported before (issue 14; only when the user turned the notification on): one
 * notification for all of them, opening the Images screen where their badges are.
 */
export function updatesNotification(found: readonly ImageUpdate[]): NotificationContent {
  const target = { screen: 'images' } as const;
  const [first, second] = found;
  if (found.length === 1 && first) {
    const from = first.local?.version;
    const to = first.remote?.version;
    return { title: 'Update available', body: from && to && from !== to ? `${first.image}: ${from} → ${to}` : `${first.image} has a newer build.`, target };
  }
  const named = found.length === 2 ? `${first?.image} and ${second?.image}` : `${first?.image}, ${second?.image} and ${found.length - 2} more`;
  return { title: `${found.length} updates available`, body: `${named} have a newer build.`, target };
}

/**
 * The renderer's hash route for a notification's target (`#/pull/<id>`, `#/stacks/<id>`, `#/images`), encoded
 * the way the renderer's `hrefFor` encodes it: stack ids hold a ':' (`app:web`).
 */
export function routeFor(target: NotificationContent['target']): string {
  const segments = target.screen === 'pull' ? ['pull', target.pullId] : target.screen === 'stacks' ? ['stacks', target.stackId] : ['images'];
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** The finished pull a notification describes; undefined while the pull still runs. */
export function finishedPullOf(view: PullView): FinishedPull | undefined {
  if (view.state !== 'done' && view.state !== 'failed' && view.state !== 'cancelled') return undefined;
  const pull: FinishedPull = { id: view.id, familiar: view.familiar, state: view.state, notes: view.notes };
  const duration = view.finishedAt !== undefined ? Date.parse(view.finishedAt) - Date.parse(view.startedAt) : Number.NaN;
  if (Number.isFinite(duration) && duration >= 0) pull.durationMs = duration;
  if (view.sizeBytes !== undefined) pull.sizeBytes = view.sizeBytes;
  // Title and fix come from the error catalogue, which never carries secrets; `detail` (engine text) stays out.
  if (view.error !== undefined) pull.error = { title: view.error.title, fix: view.error.fix };
  return pull;
}

/** The finished deploy a notification describes; undefined while the deploy still runs. */
export function finishedDeployOf(view: DeployView, stackName: string): FinishedDeploy | undefined {
  if (view.state !== 'done' && view.state !== 'failed') return undefined;
  const deploy: FinishedDeploy = { stackId: view.stackId, stackName, ok: view.state === 'done' };
  if (view.state === 'done') deploy.services = view.services.filter((service) => service.state === 'running').length;
  if (view.error !== undefined) deploy.error = { title: view.error.title, fix: view.error.fix };
  return deploy;
}

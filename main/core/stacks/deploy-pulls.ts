/**
 * The pulls of one deploy (main/core/stacks/deploy.ts): one entry per image and platform, however many services
 * use it, with its state as the deploy view shows it.
 */
import type { DeployView, FailureView, PullView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { messageOf } from '../failures';
import type { Preflight } from './preflight';

export interface PullEntry {
  image: string;
  platform?: string;
  services: string[];
  /** `pull-or-build`: a failed pull falls back to building, as compose does for a service with `build:`. */
  buildOnFailure: boolean;
  state: DeployView['pulls'][number]['state'];
  percent: number;
  pullId?: string;
  credential?: PullView['credential'];
  error?: FailureView;
}

export function isFinal(state: PullEntry['state']): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled' || state === 'building';
}

/** One pull per image and platform, however many services use it. */
export function groupPulls(preflight: Preflight): PullEntry[] {
  const entries = new Map<string, PullEntry>();
  for (const service of preflight.services) {
    if ((service.action !== 'pull' && service.action !== 'pull-or-build') || !service.canonical || !service.pullReference) continue;
    const key = `${service.pullReference} ${service.platform ?? ''}`;
    const existing = entries.get(key);
    if (existing) {
      existing.services.push(service.service);
      // Shared with a service that cannot build: its failure must stop the deploy.
      existing.buildOnFailure &&= service.action === 'pull-or-build';
      continue;
    }
    const entry: PullEntry = {
      image: service.canonical,
      services: [service.service],
      buildOnFailure: service.action === 'pull-or-build',
      state: 'waiting',
      percent: 0,
    };
    if (service.platform) entry.platform = service.platform;
    entries.set(key, entry);
  }
  return [...entries.values()];
}

export function failureOf(error: unknown, entry: PullEntry): FailureView {
  const code = error instanceof StevedoreError ? error.code : 'UNKNOWN';
  return {
    code,
    title: `${entry.image} could not be pulled`,
    cause: messageOf(error),
    fix: 'Check the image name and its registry’s credentials, then deploy again.',
    detail: messageOf(error),
    credential: '',
  };
}

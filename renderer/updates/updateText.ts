/**
 * How an image's update state reads. Main decides the state and sends the facts (versions, digests, build times,
 * newer tags); these functions only put them into words: "2.3.6 → 2.3.7 (built 3 days ago)".
 */
import type { ImageUpdate, StackUpdateResult, UpdateState } from '../../preload/api';
import { formatRelativeTime, shortId } from '../pull/format';

export type { ImageUpdate } from '../../preload/api';
export type ServiceOutcome = StackUpdateResult['services'][number]['outcome'];

/** The badge's words for each state; undefined where a badge would only be noise (most images are up to date). */
export const updateBadgeText: Record<UpdateState, string | undefined> = {
  'update-available': 'Update available',
  'could-not-check': 'Could not check',
  'up-to-date': undefined,
  'built-locally': undefined,
  pinned: undefined,
  'not-checked': undefined,
  ignored: undefined,
};

/** One line about an image for every state, for the places that list them all (stack services, dialogs). */
export function updateStateText(update: ImageUpdate, nowMs: number): string {
  switch (update.state) {
    case 'update-available':
      return whatChanged(update, nowMs);
    case 'up-to-date':
      return update.local?.version ? `Up to date (${update.local.version})` : 'Up to date';
    case 'built-locally':
      return 'Built locally: no registry to check';
    case 'pinned':
      return 'Pinned by digest: nothing to check';
    case 'could-not-check':
      return update.problem ? `Could not check: ${update.problem.title}` : 'Could not check';
    case 'not-checked':
      return 'Not checked yet';
    case 'ignored':
      return 'Not checked: you turned checks off';
  }
}

/**
 * "2.3.6 → 2.3.7 (built 3 days ago)": the versions when both sides have one and they differ, else short digests
 * ("1a2b3c4d5e6f → 6f5e4d3c2b1a"); the remote build time when main knows it.
 */
export function whatChanged(update: ImageUpdate, nowMs: number): string {
  const localVersion = update.local?.version;
  const remoteVersion = update.remote?.version;
  let change: string;
  if (localVersion && remoteVersion && localVersion !== remoteVersion) change = `${localVersion} → ${remoteVersion}`;
  else {
    const digests = `${shortDigest(update.local?.digest)} → ${shortDigest(update.remote?.digest)}`;
    // Same version label, new digest: the tag was rebuilt (a base image update, typically).
    change = localVersion && localVersion === remoteVersion ? `${localVersion} rebuilt: ${digests}` : digests;
  }
  const built = update.remote?.created ? ` (built ${formatRelativeTime(update.remote.created, nowMs)})` : '';
  return `${change}${built}`;
}

/** "newer tags: 1.27-alpine, 1.26-alpine", or undefined when main found none (it never switches tags itself). */
export function newerTagsText(update: ImageUpdate): string | undefined {
  return update.newerTags.length > 0 ? `newer tags: ${update.newerTags.join(', ')}` : undefined;
}

/** The first 12 hex digits, as docker prints ids; a dash when the side has no digest. */
function shortDigest(digest: string | undefined): string {
  return digest ? shortId(digest) : '—';
}

/** "2 services have updates", "1 service has an update". */
export function servicesWithUpdatesText(count: number): string {
  return count === 1 ? '1 service has an update' : `${count} services have updates`;
}

export const serviceOutcomeText: Record<ServiceOutcome, string> = {
  recreated: 'Updated: recreated with the new image',
  unchanged: 'Unchanged',
  'pull-failed': 'Pull failed: nothing changed',
  'recreate-failed': 'Pulled, but could not recreate',
  ignored: 'Not updated: checks are off',
};

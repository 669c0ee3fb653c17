import type { PullView } from '../../preload/api';

/**
 * The states in which a pull can still change (and be cancelled). Apart from ./format.ts, which builds Intl formatters
 * when evaluated: the pull store (./pullStore.ts) uses it, and the boot asks for the pulls before the app loads
 * (renderer/boot.ts), in the entry chunk, which must hold no such formatter.
 */
export function isActive(state: PullView['state']): boolean {
  return state === 'queued' || state === 'checking' || state === 'pulling';
}

/**
 * Limits of the contract (preload/api.ts) that the renderer needs as values. Kept apart, without zod, so the page's
 * bundle carries neither zod nor the contract's schemas (tests/unit/renderer-bundle.test.ts): the renderer imports
 * only types from preload/api.ts, and these from here.
 */

/**
 * The longest password or token accepted, one-time or stored. Registry passwords and tokens are at most a few
 * thousand characters (the longest common ones — AWS ECR passwords, Azure and Google access tokens, JWTs — stay
 * under 4 KB); anything longer is a pasted file or a slip, so it is refused with a message rather than sent.
 */
export const MAX_SECRET_LENGTH = 4096;

export function secretTooLongMessage(length: number): string {
  return `The password or token is ${length.toLocaleString('en-US')} characters long; Stevedore accepts at most ${MAX_SECRET_LENGTH.toLocaleString('en-US')}. Paste only the password or token itself.`;
}

/** How many finished pulls `pulls.list` keeps (newest first), so the renderer's list matches it after a reload. */
export const FINISHED_PULLS_KEPT = 20;

/** The most replicas a swarm service can be scaled to from Stevedore. */
export const SWARM_MAX_REPLICAS = 100;

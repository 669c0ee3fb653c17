/**
 * Newer tags "of the same shape" (issue 14, item 2): for `1.25.3-alpine` only `X.Y.Z-alpine` tags count, for `1.25`
 * only `X.Y`. They are shown beside the update, never switched to: changing the tag is the user's decision.
 */

/** A version tag: an optional `v`, dotted numbers, and an optional suffix (`-alpine`, `-bookworm-slim`). */
const VERSION_TAG = /^(v?)(\d{1,9}(?:\.\d{1,9}){0,3})(-[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
export const MAX_NEWER_TAGS = 3;

interface Shaped {
  tag: string;
  shape: string;
  numbers: number[];
}

function shapeOf(tag: string): Shaped | undefined {
  const match = VERSION_TAG.exec(tag);
  if (match === null) return undefined;
  const numbers = (match[2] ?? '').split('.').map(Number);
  return { tag, numbers, shape: `${match[1] ?? ''}|${numbers.length}|${match[3] ?? ''}` };
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Tags newer than `current` with its shape, newest first, at most MAX_NEWER_TAGS; none when `current` is no version. */
export function newerTagsOfSameShape(current: string, tags: readonly string[]): string[] {
  const mine = shapeOf(current);
  if (mine === undefined) return [];
  return tags
    .map(shapeOf)
    .filter((candidate): candidate is Shaped => candidate !== undefined && candidate.shape === mine.shape && compareNumbers(candidate.numbers, mine.numbers) > 0)
    .sort((a, b) => compareNumbers(b.numbers, a.numbers))
    .slice(0, MAX_NEWER_TAGS)
    .map((candidate) => candidate.tag);
}

/** Whether a tag looks like a version, so a tag list is worth asking for. */
export function isVersionTag(tag: string): boolean {
  return shapeOf(tag) !== undefined;
}

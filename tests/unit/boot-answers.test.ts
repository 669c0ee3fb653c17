/**
 * The first answers a window asks for (issue 18: the Images cold load): what main does per answer when the engine's
 * listing is the one it already holds. A window's images.list used to derive the 2,000 rows again from the kept
 * listing (a reference parse per image) and compare them all again as JSON, ~45 ms of main's CPU per answer.
 */
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { EngineLists } from '../../main/core/engine-lists';
import { imageViews } from '../../main/core/images';
import { VersionedDiff } from '../../main/core/versioned-diff';

const listing = (count: number): EngineLists => ({
  images: Array.from({ length: count }, (_, index) => ({
    Id: `sha256:${String(index).padStart(64, '0')}`,
    RepoTags: [`127.0.0.1:5001/many/app${index}:1`],
    RepoDigests: [],
    Created: 1_700_000_000,
    Size: 2_000_000,
  })) as unknown as Docker.ImageInfo[],
  containers: [],
});

describe('answers from a listing main already holds', () => {
  it('derives the rows of one listing once: every answer from it gets the same rows', () => {
    const lists = listing(3);
    const first = imageViews(lists);
    expect(imageViews(lists)).toBe(first);
    // Another listing (an engine event came) is derived again.
    const next = listing(3);
    expect(imageViews(next)).not.toBe(first);
    expect(imageViews(next)).toEqual(first);
  });

  it('a take of the very list taken last is unchanged without comparing its items again', () => {
    let keyed = 0;
    const diff = new VersionedDiff<{ id: string }>((item) => (keyed++, item.id));
    const items = Array.from({ length: 2000 }, (_, index) => ({ id: String(index) }));
    diff.take(items);
    keyed = 0;
    expect(diff.take(items)).toEqual({ kind: 'unchanged' });
    expect(keyed).toBe(0);
    expect(diff.version).toBe(1);
    // Something beside the items changed: a new version still.
    expect(diff.take(items, true)).toEqual({ kind: 'changed', changed: [], removed: [] });
    expect(diff.version).toBe(2);
  });

  it('a take of the same list with an item changed in place is still compared (the identity of the array is not enough)', () => {
    const diff = new VersionedDiff<{ id: string; name: string }>((item) => item.id);
    const items = [{ id: 'a', name: 'one' }];
    diff.take(items);
    const other = [{ id: 'a', name: 'two' }];
    expect(diff.take(other)).toEqual({ kind: 'changed', changed: other, removed: [] });
  });
});

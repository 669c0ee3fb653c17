/**
 * The Images screen's sort and filter (renderer/images/imageOrder.ts) at 2,000 images (issue 18): the work is per
 * image, not per comparison or per keystroke and name — each image's sort key and search text are made once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageView } from '../../preload/api';
import { DEFAULT_SORT, filterImages, sortImages } from '../../renderer/images/imageOrder';
import type { EngineLists } from '../../main/core/engine-lists';
import { imageViews } from '../../main/core/images';

const COUNT = 2000;
const images: ImageView[] = Array.from({ length: COUNT }, (_, index) => ({
  id: `sha256:${String(index).padStart(64, '0')}`,
  tags: [`Registry.Example:5000/Many/App-${String((index * 7919) % COUNT).padStart(4, '0')}:1.0`],
  digests: [],
  sizeBytes: 1_000_000 + ((index * 104729) % COUNT),
  createdAt: new Date(Date.UTC(2026, 10, 1) + ((index * 15485863) % COUNT) * 60_000).toISOString(),
  registry: 'registry.example:5000',
}));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sortImages at 2,000 images', () => {
  it('parses each image’s date once, not twice per comparison', () => {
    const parse = vi.spyOn(Date, 'parse');
    const sorted = sortImages(images, { key: 'created', direction: 'descending' });
    expect(parse.mock.calls.length).toBeLessThanOrEqual(COUNT);
    for (let index = 1; index < sorted.length; index += 1) expect(sorted[index - 1]!.createdAt >= sorted[index]!.createdAt).toBe(true);
  });

  it('sorts names as before: A→Z by the user’s collation, unnamed last, ties by id', () => {
    const unnamed: ImageView = { id: 'sha256:' + 'f'.repeat(64), tags: [], digests: [], sizeBytes: 1, createdAt: '2026-11-01T00:00:00.000Z' };
    const list = [unnamed, ...images.slice(0, 50)];
    const expected = [...images.slice(0, 50)].sort((a, b) => a.tags[0]!.localeCompare(b.tags[0]!) || a.id.localeCompare(b.id));
    expect(sortImages(list, { key: 'name', direction: 'ascending' })).toEqual([...expected, unnamed]);
    expect(sortImages(list, { key: 'name', direction: 'descending' })).toEqual([...expected.reverse(), unnamed]);
  });
});

describe('filterImages at 2,000 images', () => {
  it('lower-cases each image’s text once, not on every keystroke', () => {
    filterImages(images, 'a');
    const lower = vi.spyOn(String.prototype, 'toLowerCase');
    const shown = filterImages(images, 'app-001');
    // The needle only: each image's search text was made on the first filter.
    expect(lower.mock.calls.length).toBeLessThanOrEqual(1);
    expect(shown.map((image) => image.tags[0])).toEqual(images.filter((image) => image.tags[0]!.toLowerCase().includes('app-001')).map((image) => image.tags[0]));
    expect(shown.length).toBe(10);
  });

  it('matches names, ids, digests and the registry, case-insensitively', () => {
    const image: ImageView = { id: 'sha256:abc123', tags: ['Web:1'], digests: ['web@sha256:DEF456'], sizeBytes: 1, createdAt: '2026-11-01T00:00:00.000Z', registry: 'ghcr.io' };
    for (const needle of ['web:1', 'ABC123', 'def456', 'GHCR']) expect(filterImages([image], needle)).toEqual([image]);
    expect(filterImages([image], 'nope')).toEqual([]);
  });
});

describe('the list main sends is already in the screen’s first order (issue 18: the cold load’s longest task)', () => {
  /** 2,000 images made by one build: one creation time, names in no order, ids in another. */
  const oneBuild: EngineLists['images'] = Array.from({ length: COUNT }, (_, index) => ({
    Id: `sha256:${String((index * 104729) % COUNT).padStart(64, '0')}`,
    RepoTags: [`127.0.0.1:5001/bench/many-${String((index * 7919) % COUNT).padStart(4, '0')}:1.0`],
    RepoDigests: [],
    Size: 2_000_000,
    Created: 1_764_460_800,
  })) as unknown as EngineLists['images'];

  it('orders the engine’s images as the Images screen does by default: newest first, then by name', () => {
    const sent = imageViews({ images: oneBuild, containers: [] });
    expect(sent.map((image) => image.id)).toEqual(sortImages(sent, DEFAULT_SORT).map((image) => image.id));
    expect(sent[0]?.tags[0]).toBe('127.0.0.1:5001/bench/many-0000:1.0');
  });

  it('so the screen’s sort of what arrived compares each image about once, not n log n times by collation', () => {
    const sent = imageViews({ images: oneBuild, containers: [] });
    const compare = vi.spyOn(Intl.Collator.prototype, 'compare', 'get');
    sortImages(sent, DEFAULT_SORT);
    expect(compare.mock.calls.length).toBeLessThan(COUNT);
  });
});

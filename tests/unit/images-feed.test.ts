import { describe, expect, it } from 'vitest';
import type { ImagesChange, ImageView } from '../../preload/api';
import { ImageFeed } from '../../main/core/image-feed';

const view = (id: string, tags: string[] = [`app:${id}`]): ImageView => ({
  id: `sha256:${id}`,
  tags,
  digests: [],
  sizeBytes: 1000,
  createdAt: '2026-11-29T12:00:00.000Z',
  containers: 0,
});

/** A feed over a list the test sets, recording what it publishes. */
function feedOver(initial: ImageView[]) {
  let current = initial;
  const published: ImagesChange[] = [];
  const feed = new ImageFeed({ list: async () => current, publish: (change) => published.push(change) });
  return { feed, published, set: (next: ImageView[]) => (current = next) };
}

describe('image feed: the list at a version, then only what changed', () => {
  it('answers the whole list with a version, and publishes only the rows that changed or went', async () => {
    const many = Array.from({ length: 2000 }, (_, index) => view(String(index)));
    const world = feedOver(many);
    const first = await world.feed.snapshot();
    expect(first.items).toHaveLength(2000);
    expect(world.published).toEqual([]);

    const renamed = view('5', ['app:5', 'app:latest']);
    world.set([...many.slice(0, 5), renamed, ...many.slice(6, 1999), view('new')]);
    await world.feed.refresh();
    expect(world.published).toEqual([{ feed: first.feed, version: first.version + 1, changed: [renamed, view('new')], removed: ['sha256:1999'] }]);
    // Small, whatever the size of the list.
    expect(JSON.stringify(world.published[0]).length).toBeLessThan(1000);
  });

  it('publishes nothing when nothing changed', async () => {
    const world = feedOver([view('a')]);
    await world.feed.snapshot();
    await world.feed.refresh();
    expect(world.published).toEqual([]);
  });

  it('a list asked for after a change publishes that change first, so views at the older version catch up', async () => {
    const world = feedOver([view('a')]);
    const first = await world.feed.snapshot();
    world.set([view('a'), view('b')]);
    const second = await world.feed.snapshot();
    expect(second.version).toBe(first.version + 1);
    expect(world.published).toEqual([{ feed: first.feed, version: second.version, changed: [view('b')], removed: [] }]);
  });

  it('an engine change before anyone listed says so without sending the list (no view holds a version to patch)', async () => {
    const world = feedOver([view('a'), view('b')]);
    await world.feed.refresh();
    expect(world.published).toEqual([{ feed: expect.any(String), version: 1, changed: [], removed: [] }]);
    const listed = await world.feed.snapshot();
    expect(listed.version).toBe(1);
  });

  it('lists one at a time, so a slow older answer cannot undo a newer one', async () => {
    let release: (() => void) | undefined;
    let calls = 0;
    const lists = [[view('a')], [view('a'), view('b')]];
    const published: ImagesChange[] = [];
    const feed = new ImageFeed({
      list: async () => {
        const answer = lists[Math.min(calls, 1)]!;
        calls += 1;
        if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
        return answer;
      },
      publish: (change) => published.push(change),
    });
    const first = feed.snapshot();
    const second = feed.snapshot();
    while (release === undefined) await Promise.resolve();
    release();
    const [older, newer] = await Promise.all([first, second]);
    expect(older.items.map((item) => item.id)).toEqual(['sha256:a']);
    expect(newer.items.map((item) => item.id)).toEqual(['sha256:a', 'sha256:b']);
    expect(newer.version).toBe(older.version + 1);
  });

  it('a failed list publishes nothing and is reported to the caller', async () => {
    const published: ImagesChange[] = [];
    const feed = new ImageFeed({ list: () => Promise.reject(new Error('engine gone')), publish: (change) => published.push(change) });
    await expect(feed.snapshot()).rejects.toThrow('engine gone');
    await expect(feed.refresh()).resolves.toBeUndefined();
    expect(published).toEqual([]);
  });
});

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

/** No refresh is ever coming: what engine-lists.ts says while no image or container event came. */
const noRefreshComing = () => false;

/**
 * A feed over a list the test sets, recording what it publishes. `refreshComing` is what engine-lists.ts would say:
 * the test says when events came and when their listing arrived.
 */
function feedOver(initial: ImageView[]) {
  let current = initial;
  let coming = false;
  const published: ImagesChange[] = [];
  const feed = new ImageFeed({ list: async () => current, publish: (change) => published.push(change), refreshComing: () => coming });
  return { feed, published, set: (next: ImageView[]) => (current = next), refreshComing: (now: boolean) => (coming = now) };
}

/** A refresh whose listing the test holds: `listing` resolves once the feed asks for it, `land` answers it. */
function refreshHeldOpen(world: ReturnType<typeof feedOver>) {
  let land: (items: ImageView[]) => void = () => undefined;
  let asked: () => void = () => undefined;
  const listing = new Promise<void>((resolve) => (asked = resolve));
  world.refreshComing(true);
  const done = world.feed.refresh(() => {
    asked();
    return new Promise<ImageView[]>((resolve) => (land = resolve));
  });
  return {
    listing,
    done,
    land: (items: ImageView[]) => {
      world.refreshComing(false);
      land(items);
    },
  };
}

/** The answer if it comes with nothing else settling first (only promise steps, no I/O, no listing), else a failure. */
async function answeredAtOnce<T>(answer: Promise<T>): Promise<T> {
  const waited = Symbol('waited');
  const outcome = await Promise.race([answer, new Promise<typeof waited>((resolve) => setImmediate(() => resolve(waited)))]);
  if (outcome === waited) throw new Error('the list waited for the listing in progress');
  return outcome as T;
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
      refreshComing: noRefreshComing,
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

  it('a window listing while a refresh waits on the engine gets the list taken, at its version, at once; the refresh then patches it', async () => {
    // At 2,000 images a listing is ~250 ms of the engine's time: a window opening Images right after image events
    // must not wait for it, as the refresh publishes what changed from the version the window got.
    const world = feedOver([view('a')]);
    const first = await world.feed.snapshot();
    const refresh = refreshHeldOpen(world);
    await refresh.listing;
    const during = await answeredAtOnce(world.feed.snapshot());
    expect(during).toEqual(first);
    // The engine's listing now, which the refresh gets and main keeps (engine-lists.ts).
    const listed = world.set([view('a'), view('b')]);
    refresh.land(listed);
    const refreshing = refresh.done;
    await refreshing;
    expect(world.published).toEqual([{ feed: first.feed, version: first.version + 1, changed: [view('b')], removed: [] }]);
    // Once the refresh has landed, a window gets the new list.
    const after = await world.feed.snapshot();
    expect(after.items.map((item) => item.id)).toEqual(['sha256:a', 'sha256:b']);
    expect(after.version).toBe(first.version + 1);
  });

  it('a window listing before anything was taken waits for the refresh rather than answering nothing', async () => {
    const world = feedOver([view('a')]);
    const refresh = refreshHeldOpen(world);
    await refresh.listing;
    const during = world.feed.snapshot();
    refresh.land([view('a'), view('b')]);
    await refresh.done;
    expect((await during).items.map((item) => item.id)).toEqual(['sha256:a']);
  });

  it('every window listing the same version gets one frozen answer, which main shapes and serialises once (ipc/router.ts)', async () => {
    const world = feedOver([view('a'), view('b')]);
    const first = await world.feed.snapshot();
    const second = await world.feed.snapshot();
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.items)).toBe(true);
    world.set([view('a')]);
    const changed = await world.feed.snapshot();
    expect(changed).not.toBe(first);
    expect(changed.items.map((item) => item.id)).toEqual(['sha256:a']);
  });

  it('a failed list publishes nothing and is reported to the caller', async () => {
    const published: ImagesChange[] = [];
    const feed = new ImageFeed({ list: () => Promise.reject(new Error('engine gone')), publish: (change) => published.push(change), refreshComing: noRefreshComing });
    await expect(feed.snapshot()).rejects.toThrow('engine gone');
    await expect(feed.refresh()).resolves.toBeUndefined();
    expect(published).toEqual([]);
  });
});

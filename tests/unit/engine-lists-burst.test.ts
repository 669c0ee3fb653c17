/**
 * One listing of the engine's images (and containers) per burst of engine events serves both views that follow
 * them: the Images screen's feed (`images.changed`) and the updates view (`updates.changed`). They used to list
 * the engine each on its own debounce, twice per burst.
 */
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { eventChannel, type ImageList } from '../../preload/api';
import { useCoreOnEngineStandIn } from './core-on-engine-stand-in';

const coreOnEngine = useCoreOnEngineStandIn();

/** Answers held back until released: `passed()` is what an answer awaits; `hold()` closes it and returns the release. */
function gate() {
  let closed: Promise<void> | undefined;
  return {
    passed: () => closed,
    hold: () => {
      let release = (): void => undefined;
      closed = new Promise((resolve) => (release = resolve));
      return () => {
        closed = undefined;
        release();
      };
    },
  };
}

const realSetTimeout = globalThis.setTimeout;

/** Waits on the real clock (the fake one does not move real I/O) until `done()` or `limitMs` have passed. */
async function waitInRealTime(done: () => boolean, limitMs: number): Promise<void> {
  // Counted in sleeps: Date is faked too.
  for (let slept = 0; !done() && slept < limitMs; slept += 5) await new Promise((resolve) => realSetTimeout(resolve, 5));
}

function coreWithStubEngine() {
  const calls = { listImages: 0, listContainers: 0, df: 0 };
  let images = [{ Id: 'sha256:a', RepoTags: ['busybox:1'], RepoDigests: [], Created: 1, Size: 10, Labels: null }];
  let layersSize = 10;
  /** Holds `docker system df` answers back until released, to send an event while one is on its way. */
  const dfGate = gate();
  /** Holds image listings back until released, to ask while the refresh after events lists the engine. */
  const listGate = gate();
  const docker = {
    listImages: async () => {
      calls.listImages++;
      const answer = images;
      await listGate.passed();
      return answer;
    },
    listContainers: async () => (calls.listContainers++, []),
    df: async () => {
      calls.df++;
      const answer = { LayersSize: layersSize, Images: images.map((image) => ({ Id: image.Id, Size: image.Size, SharedSize: 0 })) };
      await dfGate.passed();
      return answer;
    },
  };
  const published: string[] = [];
  const payloads: Array<{ channel: string; payload: unknown }> = [];
  const waiting: Array<{ channel: string; resolve: () => void }> = [];
  const send = (channel: string, payload: unknown): void => {
    published.push(channel);
    payloads.push({ channel, payload });
    for (const waiter of waiting.filter((candidate) => candidate.channel === channel)) waiter.resolve();
  };
  /** Resolves once `name` is published (the updates view also reads the stack files, real I/O the fake clock does not move). */
  const publishedOnce = (name: 'images.changed' | 'updates.changed'): Promise<void> =>
    published.includes(eventChannel(name)) ? Promise.resolve() : new Promise((resolve) => waiting.push({ channel: eventChannel(name), resolve }));
  const { core, connection, engineEvent, engineStatus } = coreOnEngine(docker as unknown as Docker, { events: { send } });
  return {
    calls,
    /** What was published on an event channel, in order. */
    payloadsOf: (name: 'images.changed') => payloads.filter((sent) => sent.channel === eventChannel(name)).map((sent) => sent.payload),
    handlers: core.handlers,
    engineStatus: () => engineStatus(connection.status),
    engineConnected: () =>
      engineStatus({
        state: 'connected',
        endpoint: { url: 'unix:///nonexistent/stevedore-test.sock', source: 'default', tls: false },
        version: '28.0.0',
        apiVersion: '1.48',
        os: 'linux',
        arch: 'amd64',
        product: 'Docker Engine',
        since: new Date(0).toISOString(),
      }),
    publishedOnce,
    engineEvent,
    setImages: (next: typeof images) => (images = next),
    setLayersSize: (bytes: number) => (layersSize = bytes),
    holdListings: listGate.hold,
    holdDf: dfGate.hold,
  };
}

describe('a burst of engine events', () => {
  it('lists the engine once, and both the images feed and the updates view publish from that listing', async () => {
    const engine = coreWithStubEngine();
    engine.setImages([
      { Id: 'sha256:a', RepoTags: ['busybox:1'], RepoDigests: [], Created: 1, Size: 10, Labels: null },
      { Id: 'sha256:b', RepoTags: ['alpine:3'], RepoDigests: [], Created: 2, Size: 20, Labels: null },
    ]);
    // A pull: several image events in a row, then a container created and started from the image.
    for (const action of ['pull', 'tag', 'pull']) {
      engine.engineEvent({ Type: 'image', Action: action, Actor: { ID: 'sha256:b' } });
      await vi.advanceTimersByTimeAsync(50);
    }
    engine.engineEvent({ Type: 'container', Action: 'create', Actor: { ID: 'c1' } });
    engine.engineEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } });
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([engine.publishedOnce('images.changed'), engine.publishedOnce('updates.changed')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(engine.calls.listImages).toBe(1);
    expect(engine.calls.listContainers).toBe(1);
  });

  it('lists again for the next burst', async () => {
    const engine = coreWithStubEngine();
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:a' } });
    await vi.advanceTimersByTimeAsync(5000);
    await engine.publishedOnce('updates.changed');
    // (A container event lists the containers alone: tests/unit/engine-lists-container-events.test.ts.)
    engine.engineEvent({ Type: 'image', Action: 'delete', Actor: { ID: 'sha256:a' } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(engine.calls.listImages).toBe(2);
    expect(engine.calls.listContainers).toBe(2);
  });
});

describe("a window's own calls", () => {
  it('opening the Images screen (images.list with updates.list) lists the engine once, and not again until an event', async () => {
    const engine = coreWithStubEngine();
    const call = (name: 'images.list' | 'updates.list') => (engine.handlers[name] as (request: undefined) => Promise<unknown>)(undefined);
    await Promise.all([call('images.list'), call('updates.list')]);
    expect(engine.calls.listImages).toBe(1);
    await Promise.all([call('images.list'), call('updates.list')]);
    expect(engine.calls.listImages).toBe(1);
  });

  it('opening Images right after image events answers the held list at once, then patches it from the refresh the events started', async () => {
    const engine = coreWithStubEngine();
    const list = async () => (await (engine.handlers['images.list'] as (request: undefined) => Promise<unknown>)(undefined)) as ImageList;
    const before = await list();
    engine.setImages([{ Id: 'sha256:c', RepoTags: ['alpine:3'], RepoDigests: [], Created: 3, Size: 30, Labels: null }]);
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    // Still in the events' quiet time (the refresh lists 250 ms after the last one): no listing of its own.
    const opened = await list();
    expect(engine.calls.listImages).toBe(1);
    expect(opened).toEqual(before);
    await vi.advanceTimersByTimeAsync(5000);
    await engine.publishedOnce('images.changed');
    expect(engine.calls.listImages).toBe(2);
    expect(engine.payloadsOf('images.changed')).toEqual([
      { feed: before.feed, version: before.version + 1, changed: [expect.objectContaining({ id: 'sha256:c' })], removed: ['sha256:a'] },
    ]);
    // Once the refresh has landed, a window gets the new list without another listing.
    const later = await list();
    expect(later.items.map((image) => image.id)).toEqual(['sha256:c']);
    expect(later.version).toBe(before.version + 1);
    expect(engine.calls.listImages).toBe(2);
  });

  it('updates.list right after image events answers from the listing held, and the refresh those events started publishes what changed', async () => {
    const engine = coreWithStubEngine();
    const updatesList = () => (engine.handlers['updates.list'] as (request: { omitQuiet: boolean }) => Promise<unknown>)({ omitQuiet: true });
    await updatesList();
    expect(engine.calls.listImages).toBe(1);
    engine.setImages([{ Id: 'sha256:c', RepoTags: ['alpine:3'], RepoDigests: [], Created: 3, Size: 30, Labels: null }]);
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    await updatesList();
    expect(engine.calls.listImages).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    await engine.publishedOnce('updates.changed');
    expect(engine.calls.listImages).toBe(2);
    await updatesList();
    expect(engine.calls.listImages).toBe(2);
  });

  it('images.list and updates.list while the refresh after events is listing the engine answer what is held at once; the refresh then patches both', async () => {
    const engine = coreWithStubEngine();
    const call = (name: 'images.list' | 'updates.list') => (engine.handlers[name] as (request: { omitQuiet: boolean } | undefined) => Promise<unknown>)(name === 'updates.list' ? { omitQuiet: true } : undefined);
    const before = (await call('images.list')) as ImageList;
    await call('updates.list');
    engine.setImages([{ Id: 'sha256:c', RepoTags: ['alpine:3'], RepoDigests: [], Created: 3, Size: 30, Labels: null }]);
    const release = engine.holdListings();
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    // Past the events' quiet time: the refresh's listing is under way, and held.
    await vi.advanceTimersByTimeAsync(300);
    expect(engine.calls.listImages).toBe(2);
    // The fake clock stays where it is and the listing stays held: an answer that waited for the refresh would never
    // come. updates.list also reads the stack files, real I/O that a race against the fake clock lost under load.
    let answered = false;
    const answers = Promise.all([call('images.list'), call('updates.list')]).then((both) => ((answered = true), both));
    await waitInRealTime(() => answered, 3_000);
    expect(answered, 'both answered while the refresh still lists the engine').toBe(true);
    expect(((await answers)[0] as ImageList).items).toEqual(before.items);
    expect(engine.calls.listImages).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([engine.publishedOnce('images.changed'), engine.publishedOnce('updates.changed')]);
    expect(engine.payloadsOf('images.changed')).toEqual([
      { feed: before.feed, version: before.version + 1, changed: [expect.objectContaining({ id: 'sha256:c' })], removed: ['sha256:a'] },
    ]);
    expect(engine.calls.listImages).toBe(2);
  });

  it("a listing from before a change of the engine's connection is never answered, even while a refresh is coming", async () => {
    const engine = coreWithStubEngine();
    const updatesList = () => (engine.handlers['updates.list'] as (request: { omitQuiet: boolean }) => Promise<unknown>)({ omitQuiet: true });
    await updatesList();
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    engine.engineStatus();
    await updatesList();
    expect(engine.calls.listImages).toBe(2);
  });

  it("images.list never answers the rows of the engine before a change of connection, even while a refresh is coming", async () => {
    const engine = coreWithStubEngine();
    const list = () => (engine.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined);
    await list();
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    // Another engine (or the events stream broke and came back) before the events' refresh lists it.
    engine.engineStatus();
    engine.setImages([{ Id: 'sha256:other', RepoTags: ['other:1'], RepoDigests: [], Created: 2, Size: 20, Labels: null }]);
    expect((await list()).items.map((row) => row.id)).toEqual(['sha256:other']);
  });

  it('lists the engine as soon as it connects, so the first window finds the listing ready', async () => {
    const engine = coreWithStubEngine();
    engine.engineConnected();
    expect(engine.calls.listImages).toBe(1);
    await (engine.handlers['images.list'] as (request: undefined) => Promise<unknown>)(undefined);
    expect(engine.calls.listImages).toBe(1);
  });

  it("makes the Images rows as soon as it connects, so the first window's images.list does not wait for them", async () => {
    const engine = coreWithStubEngine();
    // Each row is made from an image's names: counting their reads says when the rows were made.
    let namesRead = 0;
    const image = { Id: 'sha256:a', RepoDigests: [], Created: 1, Size: 10, Labels: null };
    engine.setImages([
      Object.defineProperty(image, 'RepoTags', {
        enumerable: true,
        get: () => {
          namesRead += 1;
          return ['busybox:1'];
        },
      }) as typeof image & { RepoTags: string[] },
    ]);
    engine.engineConnected();
    await waitInRealTime(() => namesRead > 0, 2000);
    expect(namesRead).toBeGreaterThan(0);
    const readAtConnect = namesRead;
    const answer = await (engine.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined);
    expect(answer.items.map((row) => row.tags)).toEqual([['busybox:1']]);
    expect(namesRead).toBe(readAtConnect);
    expect(engine.calls.listImages).toBe(1);
  });

  it("lists afresh after the engine's connection changed (another engine, or a broken events stream)", async () => {
    const engine = coreWithStubEngine();
    const list = () => (engine.handlers['images.list'] as (request: undefined) => Promise<unknown>)(undefined);
    await list();
    engine.engineStatus();
    await list();
    expect(engine.calls.listImages).toBe(2);
  });
});

describe('images.usage (docker system df, about 500 ms at 2,000 images)', () => {
  const usage = (engine: ReturnType<typeof coreWithStubEngine>) => (engine.handlers['images.usage'] as (request: undefined) => Promise<{ totalBytes: number }>)(undefined);

  it('asks the engine once while no event has changed its images or containers', async () => {
    const engine = coreWithStubEngine();
    await usage(engine);
    await Promise.all([usage(engine), usage(engine)]);
    expect(engine.calls.df).toBe(1);
  });

  it('never answers a total from before an image or container event', async () => {
    const engine = coreWithStubEngine();
    expect((await usage(engine)).totalBytes).toBe(10);
    engine.setLayersSize(30);
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'sha256:c' } });
    expect((await usage(engine)).totalBytes).toBe(30);
    engine.setLayersSize(25);
    engine.engineEvent({ Type: 'container', Action: 'destroy', Actor: { ID: 'c1' } });
    expect((await usage(engine)).totalBytes).toBe(25);
    expect(engine.calls.df).toBe(3);
  });

  it('does not keep an answer the engine gave while an event arrived', async () => {
    const engine = coreWithStubEngine();
    const release = engine.holdDf();
    const early = usage(engine);
    await vi.advanceTimersByTimeAsync(0);
    engine.setLayersSize(40);
    engine.engineEvent({ Type: 'image', Action: 'delete', Actor: { ID: 'sha256:a' } });
    release();
    expect((await early).totalBytes).toBe(10);
    expect((await usage(engine)).totalBytes).toBe(40);
    expect(engine.calls.df).toBe(2);
  });

  it("asks again after the engine's connection changed", async () => {
    const engine = coreWithStubEngine();
    await usage(engine);
    engine.engineStatus();
    await usage(engine);
    expect(engine.calls.df).toBe(2);
  });
});

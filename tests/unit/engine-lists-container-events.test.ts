/**
 * A container event changes the engine's containers, not its images: the refresh after it lists the containers and
 * keeps the images listing it holds. A deploy of eight services sends a burst of container events a second while
 * compose starts them, and at 2,000 images each `/images/json` is the engine's largest answer (session 9 counted ten
 * of them in one deploy, one per burst of container events). An image event (or a pull's end) still lists both: an
 * image untagged or removed changes what the engine says a container runs.
 */
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { eventChannel, type ImageList, type ImagesChange, type UpdatesChange } from '../../preload/api';
import { useCoreOnEngineStandIn } from './core-on-engine-stand-in';

const coreOnEngine = useCoreOnEngineStandIn();

const IMAGE = { Id: 'sha256:a', RepoTags: ['reg.example/app:1'], RepoDigests: [], Created: 1, Size: 10, Labels: null };

function coreWithStubEngine() {
  const calls = { listImages: 0, listContainers: 0 };
  let images = [IMAGE];
  let containers: Array<{ Id: string; Names: string[]; Image: string; ImageID: string; Labels: Record<string, string> }> = [];
  const docker = {
    listImages: async () => (calls.listImages++, images),
    listContainers: async () => (calls.listContainers++, containers),
  };
  const payloads: Array<{ channel: string; payload: unknown }> = [];
  const waiting: Array<{ channel: string; count: number; resolve: () => void }> = [];
  const sentOn = (channel: string) => payloads.filter((sent) => sent.channel === channel).length;
  const send = (channel: string, payload: unknown): void => {
    payloads.push({ channel, payload });
    for (const waiter of waiting.filter((candidate) => candidate.channel === channel && sentOn(channel) >= candidate.count)) waiter.resolve();
  };
  const { core, engineEvent } = coreOnEngine(docker as unknown as Docker, { events: { send } });
  return {
    calls,
    handlers: core.handlers,
    engineEvent,
    setImages: (next: typeof images) => (images = next),
    setContainers: (next: typeof containers) => (containers = next),
    /** Resolves once `count` messages were published on `name` (the updates view also reads the stack files: real I/O). */
    published: (name: 'images.changed' | 'updates.changed', count: number): Promise<void> =>
      sentOn(eventChannel(name)) >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ channel: eventChannel(name), count, resolve })),
    payloadsOf: <T>(name: 'images.changed' | 'updates.changed') => payloads.filter((sent) => sent.channel === eventChannel(name)).map((sent) => sent.payload as T),
  };
}

describe('container events', () => {
  it('list the containers again and keep the images listing: the Images feed shows the new container count', async () => {
    const engine = coreWithStubEngine();
    const before = (await (engine.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined)).version;
    expect(engine.calls).toEqual({ listImages: 1, listContainers: 1 });

    // Compose creates and starts a service's container from the image.
    engine.setContainers([{ Id: 'c1', Names: ['/web-1'], Image: 'reg.example/app:1', ImageID: 'sha256:a', Labels: {} }]);
    engine.engineEvent({ Type: 'container', Action: 'create', Actor: { ID: 'c1' } });
    engine.engineEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } });
    await vi.advanceTimersByTimeAsync(5000);
    await engine.published('images.changed', 1);

    expect(engine.payloadsOf<ImagesChange>('images.changed')).toEqual([{ feed: expect.any(String), version: before + 1, changed: [expect.objectContaining({ id: 'sha256:a', containers: 1 })], removed: [] }]);
    expect(engine.calls).toEqual({ listImages: 1, listContainers: 2 });
  });

  it('list the containers again for the updates view too: a container on an older image of a name shows', async () => {
    const engine = coreWithStubEngine();
    await (engine.handlers['updates.list'] as (request: { omitQuiet: boolean }) => Promise<unknown>)({ omitQuiet: true });
    expect(engine.calls).toEqual({ listImages: 1, listContainers: 1 });

    // A container created (in a terminal) from the image the name pointed at before it moved on.
    engine.setContainers([{ Id: 'c3', Names: ['/stale-1'], Image: 'reg.example/app:1', ImageID: 'sha256:0ld', Labels: {} }]);
    engine.engineEvent({ Type: 'container', Action: 'create', Actor: { ID: 'c3' } });
    await vi.advanceTimersByTimeAsync(5000);
    await engine.published('updates.changed', 1);
    const stale = engine.payloadsOf<UpdatesChange>('updates.changed').flatMap((change) => change.changed.flatMap((entry) => entry.staleContainers.map((container) => `${entry.image} ${container.name}`)));
    expect(stale).toEqual(['reg.example/app:1 stale-1']);
    expect(engine.calls).toEqual({ listImages: 1, listContainers: 2 });
  });

  it('in a burst with an image event list both, once', async () => {
    const engine = coreWithStubEngine();
    await (engine.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined);
    engine.setImages([IMAGE, { Id: 'sha256:b', RepoTags: ['reg.example/other:1'], RepoDigests: [], Created: 2, Size: 20, Labels: null }]);
    engine.setContainers([{ Id: 'c1', Names: ['/other-1'], Image: 'reg.example/other:1', ImageID: 'sha256:b', Labels: {} }]);
    engine.engineEvent({ Type: 'container', Action: 'create', Actor: { ID: 'c1' } });
    engine.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'reg.example/other:1' } });
    engine.engineEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1' } });
    await vi.advanceTimersByTimeAsync(5000);
    await engine.published('images.changed', 1);
    expect(engine.payloadsOf<ImagesChange>('images.changed')[0]?.changed).toEqual([expect.objectContaining({ id: 'sha256:b', containers: 1 })]);
    expect(engine.calls).toEqual({ listImages: 2, listContainers: 2 });
  });
});

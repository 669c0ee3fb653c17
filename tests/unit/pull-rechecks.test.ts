/**
 * The update re-check after a user's pulls (issue 15: six pulls at once with Images open). Pulls that finish together
 * are re-checked together, from the same listing of the engine as the Images screen's feed and the updates view take
 * after the pulls' image events: each finished pull used to take a listing of its own (~250 ms of the engine's time
 * at 2,000 images) and a check of its own, two `updates.changed` each.
 */
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { useCoreOnEngineStandIn } from './core-on-engine-stand-in';
import { EngineDouble, succeed } from './pull/engine-double';

const IMAGES = ['127.0.0.1:5001/team/one:1', '127.0.0.1:5001/team/two:1', '127.0.0.1:5002/other/three:1'];

const coreOnEngine = useCoreOnEngineStandIn();

function coreWithEngineDouble() {
  const engine = new EngineDouble();
  let listings = 0;
  const docker = Object.assign(Object.create(engine.client) as Docker, {
    listImages: async () => (listings++, []),
    listContainers: async () => [],
  });
  const { core, engineEvent } = coreOnEngine(docker);
  const rechecks = vi.spyOn(core.updates, 'recheck');
  return {
    engine,
    core,
    listings: () => listings,
    /** The images each re-check was asked for. */
    rechecked: () => rechecks.mock.calls.map(([images]) => [...(typeof images === 'string' ? [images] : images)].sort()),
    engineEvent,
  };
}

/** Starts a pull of each image and lets the engine double finish them all at once; resolves when they are over. */
async function pullTogether(setup: ReturnType<typeof coreWithEngineDouble>, images: readonly string[]): Promise<void> {
  const before = setup.engine.pulls.length;
  const started = images.map((image) => setup.core.pulls.start({ image }));
  while (setup.engine.pulls.length < before + images.length) await vi.advanceTimersByTimeAsync(1);
  for (const call of setup.engine.pulls.slice(before)) succeed(call);
  const finals = await Promise.all(started.map((pull) => setup.core.pulls.waitFor(pull.id)));
  expect(finals.map((view) => view.state)).toEqual(images.map(() => 'done'));
}

describe('pulls that finish together', () => {
  it('are re-checked once, together, from one listing of the engine', async () => {
    const setup = coreWithEngineDouble();
    await pullTogether(setup, IMAGES);
    await vi.advanceTimersByTimeAsync(5000);
    expect(setup.rechecked()).toEqual([[...IMAGES].sort()]);
    expect(setup.listings()).toBe(1);
  });

  it("share that listing with the views' refresh after the pulls' image events", async () => {
    const setup = coreWithEngineDouble();
    await pullTogether(setup, IMAGES);
    for (const image of IMAGES) setup.engineEvent({ Type: 'image', Action: 'pull', Actor: { ID: image } });
    await vi.advanceTimersByTimeAsync(5000);
    expect(setup.rechecked()).toEqual([[...IMAGES].sort()]);
    expect(setup.listings()).toBe(1);
  });

  it('a pull finishing after that listing is re-checked from a listing taken after it', async () => {
    const setup = coreWithEngineDouble();
    const [first, second, third] = IMAGES as [string, string, string];
    await pullTogether(setup, [first, second]);
    await vi.advanceTimersByTimeAsync(5000);
    await pullTogether(setup, [third]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(setup.rechecked()).toEqual([[first, second].sort(), [third]]);
    expect(setup.listings()).toBe(2);
  });
});

/**
 * The update view's work after a pull (issue 15: six pulls at once with Images open and 2,000 images listed). Each
 * pull's end brings a new listing of the engine, and the view was built again over every image three times (the
 * publish of that listing, the re-check's "checking" and its result): every name parsed again, every entry built
 * again and so compared with the one before (main/core/versioned-diff.ts) — about 40 % of the core's busy time in
 * those pulls. The work now follows what changed: counted here, so the proof does not depend on the machine's load.
 * An entry that did not change stays the same object, which the versioned diff and the renderer's live list take
 * as unchanged without comparing it field by field.
 */
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { UpdatesChangeSchema, type UpdatesChange } from '../../../preload/api';
import type { CheckOutcome, UpdateChecker } from '../../../main/core/updates/checker';
import type { EngineImage } from '../../../main/core/updates/inventory';
import type { EngineLists } from '../../../main/core/engine-lists';
import { UpdatesService } from '../../../main/core/updates/service';
import type * as ReferenceModule from '../../../main/core/credentials/reference';
import { openSettings } from '../../support/settings';

const parses = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../main/core/credentials/reference', async (importOriginal) => {
  const actual = await importOriginal<typeof ReferenceModule>();
  return {
    ...actual,
    parseImageReference: (...args: Parameters<typeof actual.parseImageReference>) => {
      parses.count += 1;
      return actual.parseImageReference(...args);
    },
  };
});

const COUNT = 2000;
const REMOTE_DIGEST = `sha256:${'b'.repeat(64)}`;

function engineImage(n: number, digest?: string, repository = 'reg.example/many/app'): EngineImage {
  return {
    Id: `sha256:${String(n).padStart(64, '0')}`,
    RepoTags: [`${repository}${n}:1`],
    RepoDigests: digest === undefined ? [] : [`${repository}${n}@${digest}`],
    Created: 1_700_000_000,
    Labels: { 'org.opencontainers.image.version': `1.${n}` },
  };
}

/** The engine answers each listing with new objects, as dockerode's parsed JSON is. */
const listingOf = (images: readonly EngineImage[]): EngineLists => ({ images: structuredClone(images), containers: [] }) as unknown as EngineLists;

/** A checker that finds the registry's digest for every image it is asked about (no registry needed). */
const checker = {
  checkAll: async (requests: ReadonlyArray<{ reference: { familiarReference: string } }>) =>
    new Map<string, CheckOutcome>(requests.map(({ reference }) => [reference.familiarReference, { state: 'up-to-date', remote: { digest: REMOTE_DIGEST }, newerTags: [], checkedAt: '2026-11-30T12:00:00.000Z' }])),
} as unknown as UpdateChecker;

/** The updates service over 2,000 listed images (of `repository`), a window holding the view, and counters of the work. */
async function viewOf2000(repository?: string) {
  let images = Array.from({ length: COUNT }, (_, n) => engineImage(n, REMOTE_DIGEST, repository));
  const docker = { listImages: async () => structuredClone(images), listContainers: async () => [] } as unknown as Docker;
  const service = new UpdatesService({ docker: () => docker, checker, stackUses: async () => [], settings: openSettings() });
  const sent: UpdatesChange[] = [];
  service.onPatch((change) => sent.push(UpdatesChangeSchema.parse(change)));
  await service.check(); // every image checked once, as after a day of use
  sent.length = 0;
  let held = await service.list();
  return {
    service,
    sent,
    /** The entries of the view now that are not the objects the view held at the last reset: built again. */
    async entriesBuiltAgain(): Promise<string[]> {
      const before = new Map(held.images.map((entry) => [entry.image, entry]));
      return (await service.list()).images.filter((entry) => before.get(entry.image) !== entry).map((entry) => entry.image);
    },
    /** A pull of `image` ended: the views' publish and the re-check from the one listing taken after it (app.ts). */
    async pullEnded(next: EngineImage[], image: string) {
      images = next;
      const listing = Promise.resolve(listingOf(images));
      const lists = () => listing;
      await Promise.all([service.publish(lists), service.recheck([image], lists)]);
    },
    images: () => images,
    async reset() {
      held = await service.list();
      parses.count = 0;
      sent.length = 0;
    },
  };
}

// 2,000 images checked and listed several times: seconds on the busy two-core bench, not the default 5.
describe("the update view's work after a pull, with 2,000 images listed", { timeout: 60_000 }, () => {
  it('a pull of a new image parses only its names and builds only its entry', async () => {
    const world = await viewOf2000();
    await world.reset();
    await world.pullEnded([...world.images(), engineImage(COUNT, REMOTE_DIGEST)], `reg.example/many/app${COUNT}:1`);

    // What the windows were sent is the same as before: the new entry (unchecked, then up to date), the status.
    expect(world.sent.map((change) => change.changed.map((entry) => `${entry.image} ${entry.state}`))).toEqual([
      [`reg.example/many/app${COUNT}:1 not-checked`],
      [],
      [`reg.example/many/app${COUNT}:1 up-to-date`],
    ]);
    expect(world.sent.map((change) => change.checking)).toEqual([false, true, false]);
    // The new image's tag and digest, not 2,001 tags and digests again.
    expect(parses.count).toBeLessThanOrEqual(4);
    // The new entry is built; the 2,000 others are the objects the view held.
    expect(await world.entriesBuiltAgain()).toEqual([`reg.example/many/app${COUNT}:1`]);
    // In name order still, the new one among the others.
    const names = (await world.service.list()).images.map((entry) => entry.image);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names.indexOf(`reg.example/many/app${COUNT}:1`)).toBe(names.indexOf('reg.example/many/app200:1') + 1);
  });

  it('a pull that moves a tag to a new image builds that entry alone; a listing that changed nothing builds none', async () => {
    const world = await viewOf2000();
    const moved: EngineImage = { ...engineImage(7, REMOTE_DIGEST), Id: `sha256:${'d'.repeat(64)}`, Labels: { 'org.opencontainers.image.version': '2.0' } };
    await world.reset();
    await world.pullEnded(world.images().map((image, n) => (n === 7 ? moved : image)), 'reg.example/many/app7:1');
    expect(world.sent.flatMap((change) => change.changed.map((entry) => `${entry.image} ${entry.state}`))).toEqual(['reg.example/many/app7:1 not-checked', 'reg.example/many/app7:1 up-to-date']);
    expect(parses.count).toBeLessThanOrEqual(2);
    expect(await world.entriesBuiltAgain()).toEqual(['reg.example/many/app7:1']);

    await world.reset();
    const listing = Promise.resolve(listingOf(world.images()));
    await world.service.publish(() => listing);
    expect(world.sent).toEqual([]);
    expect(parses.count).toBe(0);
    expect(await world.entriesBuiltAgain()).toEqual([]);
  });

  it("two cores in one process keep their own parsed names: one core's listings do not undo the other's", async () => {
    // Two cores in one process (the tests, a preview beside the app): each parses its own listings' names once.
    const one = await viewOf2000();
    const other = await viewOf2000('reg.example/other/app');
    await one.reset();
    // The other core lists its engine twice (a window's list, a pull's end) while the first one is idle.
    await other.reset();
    await other.pullEnded([...other.images(), engineImage(COUNT, REMOTE_DIGEST, 'reg.example/other/app')], `reg.example/other/app${COUNT}:1`);
    parses.count = 0;
    await one.pullEnded([...one.images(), engineImage(COUNT, REMOTE_DIGEST)], `reg.example/many/app${COUNT}:1`);
    expect(parses.count).toBeLessThanOrEqual(4);
    expect(await one.entriesBuiltAgain()).toEqual([`reg.example/many/app${COUNT}:1`]);
  });
});

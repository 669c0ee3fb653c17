/**
 * The first answers a window asks for (issue 18: the Images cold load): what main does per answer when the engine's
 * listing is the one it already holds. A window's images.list used to derive the 2,000 rows again from the kept
 * listing (a reference parse per image) and compare them all again as JSON, ~45 ms of main's CPU per answer.
 */
import type Docker from 'dockerode';
import { describe, expect, it, vi } from 'vitest';
import { calls, UpdatesListSchema } from '../../preload/api';
import type { EngineLists } from '../../main/core/engine-lists';
import { imageViews } from '../../main/core/images';
import { UpdateChecker, type UpdateRegistry } from '../../main/core/updates/checker';
import { buildInventory, ParsedNames, type EngineContainer, type EngineImage } from '../../main/core/updates/inventory';
import { UpdatesService } from '../../main/core/updates/service';
import { VersionedDiff } from '../../main/core/versioned-diff';
import { openSettings } from '../support/settings';

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

const engineImage = (n: number, digests: string[] = []): EngineImage => ({
  Id: `sha256:${n}`,
  RepoTags: [`reg.example/many/app${n}:1`],
  RepoDigests: digests,
  Created: 1_700_000_000,
  Labels: {},
});

/** An updates service over `images` (all built here but those given digests), a registry where app1 has a new build. */
function updatesOver(images: EngineImage[], containers: EngineContainer[] = []) {
  const registry: UpdateRegistry = {
    resolve: async () => ({ explanation: { summary: 'anonymous pull.' } }) as never,
    request: async (call) => ({ status: 200, headers: { 'docker-content-digest': call.path.includes('app1/') ? `sha256:${'2'.repeat(64)}` : `sha256:${'1'.repeat(64)}` }, body: Buffer.alloc(0), url: new URL(`https://${call.host}${call.path}`) }),
    describe: async () => ({}),
    tags: async () => [],
  };
  const docker = { listImages: async () => images, listContainers: async () => containers } as unknown as Docker;
  const settings = openSettings();
  const service = new UpdatesService({ docker: () => docker, checker: new UpdateChecker({ registry, platform: () => 'linux/amd64' }), stackUses: async () => [], settings });
  return { service, settings };
}

describe('updates.list for a window that shows only what has something to say', () => {
  it('the contract takes the ask', () => {
    expect(calls['updates.list'].request.safeParse({ omitQuiet: true }).success).toBe(true);
    expect(calls['updates.list'].request.safeParse(undefined).success).toBe(true);
    expect(calls['updates.list'].request.safeParse({ omitQuiet: true, more: 1 }).success).toBe(false);
  });

  it('leaves out the entries with nothing to show: of 400 images, the update found, the image opted out and the one with a container on an older image', async () => {
    const pulled = `sha256:${'1'.repeat(64)}`;
    const images = Array.from({ length: 400 }, (_, n) => engineImage(n, n < 4 ? [`reg.example/many/app${n}@${pulled}`] : []));
    // A container still runs app3's older image (another id under the same name).
    const containers = [{ Id: 'c1', Names: ['/old'], Image: 'reg.example/many/app3:1', ImageID: 'sha256:old', Labels: {} }] as unknown as EngineContainer[];
    const { service } = updatesOver(images, containers);
    await service.check();
    await service.ignore({ image: 'reg.example/many/app2:1', ignore: true });

    const whole = await service.list();
    const shown = UpdatesListSchema.parse(await service.list(undefined, { omitQuiet: true }));
    expect(whole.images).toHaveLength(400);
    expect(shown.images.map((entry) => [entry.image, entry.state, entry.staleContainers.length])).toEqual([
      ['reg.example/many/app1:1', 'update-available', 0],
      ['reg.example/many/app2:1', 'ignored', 0],
      ['reg.example/many/app3:1', 'up-to-date', 1],
    ]);
    // The same version and status as the whole view: the changes that follow apply to it.
    expect({ ...shown, images: [] }).toEqual({ ...whole, images: [] });
    expect(JSON.stringify(shown).length).toBeLessThan(JSON.stringify(whole).length / 50);
  });

  it('reads the preferences once per view, not once per image', async () => {
    const few = updatesOver(Array.from({ length: 2 }, (_, n) => engineImage(n)));
    const many = updatesOver(Array.from({ length: 500 }, (_, n) => engineImage(n)));
    const reads = async (world: ReturnType<typeof updatesOver>): Promise<number> => {
      const get = vi.spyOn(world.settings, 'get');
      await world.service.list();
      return get.mock.calls.length;
    };
    expect(await reads(many)).toBe(await reads(few));
  });
});

describe('the updates view from a listing main already holds', () => {
  it('parses each image name of one listing once: a second view from it reuses the references', () => {
    const images = Array.from({ length: 3 }, (_, n) => engineImage(n));
    const names = new ParsedNames();
    const first = buildInventory(images, [], [], undefined, names);
    const again = buildInventory(images, [], [], undefined, names);
    expect([...again.values()].map((entry) => entry.reference)).toEqual([...first.values()].map((entry) => entry.reference));
    for (const [key, entry] of again) expect(entry.reference).toBe(first.get(key)?.reference);
    // Another listing (an engine event came) is parsed again.
    const next = buildInventory(images.map((image) => ({ ...image })).slice(), [], [], undefined, names);
    expect(next.get('reg.example/many/app0:1')?.reference).toEqual(first.get('reg.example/many/app0:1')?.reference);
  });
});

describe('the updates view answered again from the same listing', () => {
  it('is the view built before while nothing it is built from changed: the same entries, compared with nothing', async () => {
    const images = Array.from({ length: 4 }, (_, n) => engineImage(n, n < 2 ? [`reg.example/many/app${n}@sha256:${'1'.repeat(64)}`] : []));
    const { service } = updatesOver(images);
    const listing = { images: images as unknown as Docker.ImageInfo[], containers: [] };
    const lists = async () => listing;
    const first = await service.list(lists);
    const again = await service.list(lists);
    expect(again.images).toBe(first.images);
    expect(again.version).toBe(first.version);

    // A check's outcomes, an opt-out, another listing: built again.
    await service.check();
    const checked = await service.list(lists);
    expect(checked.images).not.toBe(first.images);
    expect(checked.images.find((entry) => entry.image === 'reg.example/many/app1:1')?.state).toBe('update-available');
    await service.ignore({ image: 'reg.example/many/app1:1', ignore: true });
    const ignored = await service.list(lists);
    expect(ignored.images.find((entry) => entry.image === 'reg.example/many/app1:1')?.state).toBe('ignored');
    const relisted = await service.list(async () => ({ ...listing, images: [...listing.images] }));
    expect(relisted.images).not.toBe(ignored.images);
    expect(relisted.images).toEqual(ignored.images);
    expect(relisted.version).toBe(ignored.version);
  });
});

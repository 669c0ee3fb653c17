import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { UpdatesView } from '../../../preload/api';
import type { CredentialResolution } from '../../../main/core/credentials/resolve';
import { UpdateChecker, type UpdateRegistry } from '../../../main/core/updates/checker';
import type { EngineContainer, EngineImage, StackImageUse } from '../../../main/core/updates/inventory';
import type { Timers } from '../../../main/core/updates/scheduler';
import { UpdatesService } from '../../../main/core/updates/service';
import { openSettings } from '../../support/settings';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const APP = 'reg.example/team/app';

function setup(options: { images: EngineImage[]; containers?: EngineContainer[]; uses?: StackImageUse[]; remote: Record<string, string>; timers?: Timers; now?: () => Date }) {
  let heads = 0;
  const registry: UpdateRegistry = {
    resolve: async () => ({ explanation: { summary: 'anonymous pull.' } }) as unknown as CredentialResolution,
    request: async (call) => {
      heads += 1;
      const found = options.remote[`${call.host}/${call.path.replace(/^\/v2\//, '').replace('/manifests/', ':')}`];
      const url = new URL(`https://${call.host}${call.path}`);
      return found === undefined ? { status: 404, headers: {} as Record<string, string>, body: Buffer.alloc(0), url } : { status: 200, headers: { 'docker-content-digest': found }, body: Buffer.alloc(0), url };
    },
    describe: async () => ({ version: '2.3.7' }),
    tags: async () => [],
  };
  let listings = 0;
  const docker = { listImages: async () => (listings++, options.images), listContainers: async () => options.containers ?? [] } as unknown as Docker;
  const published: UpdatesView[] = [];
  const settings = openSettings();
  const service = new UpdatesService({
    docker: () => docker,
    checker: new UpdateChecker({ registry, platform: () => 'linux/amd64' }),
    stackUses: async () => options.uses ?? [],
    settings,
    ...(options.timers === undefined ? {} : { timers: options.timers }),
    ...(options.now === undefined ? {} : { clock: options.now }),
  });
  service.onChange((view) => published.push(view));
  return { service, settings, published, heads: () => heads, listings: () => listings };
}

const image = (id: string, tags: string[], digests: string[], labels: Record<string, string> = {}): EngineImage => ({ Id: id, RepoTags: tags, RepoDigests: digests, Created: 1_700_000_000, Labels: labels });

describe('UpdatesService', () => {
  it('answers a stopped engine with the typed ENGINE_UNREACHABLE error, not the socket error', async () => {
    const socketError = Object.assign(new Error('connect ENOENT /nonexistent/docker.sock'), { code: 'ENOENT' });
    const docker = { listImages: async () => Promise.reject(socketError), listContainers: async () => Promise.reject(socketError) } as unknown as Docker;
    const service = new UpdatesService({
      docker: () => docker,
      checker: new UpdateChecker({ registry: {} as UpdateRegistry, platform: () => 'linux/amd64' }),
      stackUses: async () => [],
      settings: openSettings(),
      engineEndpoint: () => 'unix:///nonexistent/docker.sock',
    });
    await expect(service.list()).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE', message: expect.stringContaining('Start Docker, or choose the right engine in Settings') });
    await expect(service.check()).rejects.toMatchObject({ code: 'ENGINE_UNREACHABLE' });
  });

  it('lists local images and stack images, not checked yet, built locally or pinned, without asking any registry', async () => {
    const { service, heads } = setup({
      images: [image('sha256:aaa', [`${APP}:1`], [`${APP}@${digest(1)}`], { 'org.opencontainers.image.version': '2.3.6' }), image('sha256:bbb', ['mine:dev'], [])],
      uses: [{ stackId: 'app:shop', project: 'shop', service: 'web', image: `${APP}:1`, optedOut: false }],
      remote: {},
    });
    const view = await service.list();
    expect(view.checking).toBe(false);
    expect(view.images.map((entry) => [entry.image, entry.state])).toEqual([
      ['mine:dev', 'built-locally'],
      [`${APP}:1`, 'not-checked'],
    ]);
    expect(view.images[1]).toMatchObject({ local: { digest: digest(1), version: '2.3.6' }, imageIds: ['sha256:aaa'], usedBy: [{ stackId: 'app:shop', service: 'web' }] });
    expect(heads()).toBe(0);
  });

  it('finds an update on Check now, shows it while checking, and takes a pull into account before any re-check', async () => {
    const images = [image('sha256:aaa', [`${APP}:1`], [`${APP}@${digest(1)}`])];
    const { service, published, heads } = setup({ images, remote: { [`${APP}:1`]: digest(2) } });
    const view = await service.check();
    expect(published.some((sent) => sent.checking)).toBe(true);
    expect(view.lastCheckAt).toEqual(expect.any(String));
    expect(view.images[0]).toMatchObject({ state: 'update-available', remote: { digest: digest(2), version: '2.3.7' } });
    images[0] = image('sha256:ccc', [`${APP}:1`], [`${APP}@${digest(2)}`]);
    expect((await service.list()).images[0]?.state).toBe('up-to-date');
    expect(heads()).toBe(1);
  });

  it('re-checks a pulled image from the listing it is handed (shared with the views), never listing the engine itself', async () => {
    // After every finished pull (a deploy finishes eight): at 2,000 images each listing of its own cost the engine ~0.5 s.
    const images = [image('sha256:aaa', [`${APP}:1`], [`${APP}@${digest(2)}`])];
    const { service, heads, published, listings } = setup({ images, remote: { [`${APP}:1`]: digest(2) } });
    let sharedListings = 0;
    await service.recheck(`${APP}:1`, async () => (sharedListings++, { images: images as unknown as Docker.ImageInfo[], containers: [] }));
    expect(listings()).toBe(0);
    expect(sharedListings).toBeGreaterThan(0);
    expect(heads()).toBe(1);
    expect(published.at(-1)?.images[0]?.state).toBe('up-to-date');
  });

  it("re-checks a deploy's eight pulled images together: as many listings as for one image, one registry request each", async () => {
    const names = Array.from({ length: 8 }, (_, index) => `${APP}${index + 1}:1`);
    const images = names.map((name, index) => image(`sha256:${index + 1}`, [name], [`${name.split(':')[0]}@${digest(2)}`]));
    const listingsFor = async (pulled: string[]) => {
      const { service, heads } = setup({ images, remote: Object.fromEntries(names.map((name) => [name, digest(2)])) });
      let shared = 0;
      await service.recheck(pulled, async () => (shared++, { images: images as unknown as Docker.ImageInfo[], containers: [] }));
      return { shared, heads: heads() };
    };
    const one = await listingsFor(names.slice(0, 1));
    const eight = await listingsFor(names);
    expect(eight).toEqual({ shared: one.shared, heads: 8 });
  });

  it('shows containers still running the image the tag pointed to before', async () => {
    const { service } = setup({
      images: [image('sha256:new', [`${APP}:1`], [`${APP}@${digest(2)}`])],
      containers: [
        { Id: 'c-old', Names: ['/shop-web-1'], Image: 'sha256:old', ImageID: 'sha256:old', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } },
        { Id: 'c-new', Names: ['/shop-api-1'], Image: `${APP}:1`, ImageID: 'sha256:new', Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'api' } },
      ],
      uses: [
        { stackId: 'app:shop', project: 'shop', service: 'web', image: `${APP}:1`, optedOut: false },
        { stackId: 'app:shop', project: 'shop', service: 'api', image: `${APP}:1`, optedOut: false },
      ],
      remote: {},
    });
    expect((await service.list()).images[0]?.staleContainers).toEqual([{ id: 'c-old', name: 'shop-web-1', stackId: 'app:shop', service: 'web' }]);
  });

  it('does not check what the user opted out of (image, stack, compose label), and keeps the choice in settings', async () => {
    const { service, settings, heads } = setup({
      images: [image('sha256:aaa', [`${APP}:1`], [`${APP}@${digest(1)}`]), image('sha256:ddd', ['reg.example/team/db:2'], [`reg.example/team/db@${digest(3)}`]), image('sha256:eee', ['reg.example/team/tool:4'], [`reg.example/team/tool@${digest(4)}`])],
      uses: [
        { stackId: 'app:shop', project: 'shop', service: 'db', image: 'reg.example/team/db:2', optedOut: false },
        { stackId: 'app:other', project: 'other', service: 'tool', image: 'reg.example/team/tool:4', optedOut: true },
      ],
      remote: {},
    });
    await service.ignore({ image: `${APP}:1`, ignore: true });
    await service.ignore({ stackId: 'app:shop', ignore: true });
    expect(settings.get('preferences')).toMatchObject({ updatesIgnoredImages: [`${APP}:1`], updatesIgnoredStacks: ['app:shop'] });
    const view = await service.check();
    expect(view.images.map((entry) => entry.state)).toEqual(['ignored', 'ignored', 'ignored']);
    expect(heads()).toBe(0);
    await service.ignore({ image: `${APP}:1`, ignore: false });
    expect(settings.get('preferences').updatesIgnoredImages).toEqual([]);
  });

  it('refuses a check of something that is not an image reference, saying what is wrong', async () => {
    const { service } = setup({ images: [], remote: {} });
    await expect(service.check({ image: 'Not An Image!' })).rejects.toMatchObject({ code: expect.stringMatching(/REFERENCE/) });
  });

  it('on schedule: tells of new updates once, only with notifications on, and leaves a registry asked in the last 30 minutes alone', async () => {
    const pending: Array<() => void> = [];
    const timers: Timers = { set: (callback) => pending.push(callback), clear: () => undefined };
    let now = Date.parse('2026-11-29T10:00:00Z');
    const images = [image('sha256:aaa', [`${APP}:1`], [`${APP}@${digest(1)}`])];
    const { service, settings, heads } = setup({ images, remote: { [`${APP}:1`]: digest(2) }, timers, now: () => new Date(now) });
    await settings.update('preferences', (current) => ({ value: { ...current, updateSchedule: 'hourly', updateNotifications: true }, result: undefined }));
    const told: string[][] = [];
    service.onNewUpdates((found) => told.push(found.map((entry) => entry.image)));
    const fire = async () => {
      const next = pending.shift();
      if (next === undefined) throw new Error('nothing planned');
      next();
      // The run ends by planning the next one.
      while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
    };
    service.start();
    await fire();
    expect(told).toEqual([[`${APP}:1`]]);
    expect(heads()).toBe(1);
    now += 10 * 60_000;
    await fire();
    // Asked 10 minutes ago: not asked again, and nothing new to tell.
    expect(heads()).toBe(1);
    expect(told).toHaveLength(1);
    now += 60 * 60_000;
    await fire();
    expect(heads()).toBe(2);
    expect(told).toHaveLength(1);
    service.stop();
  });
});

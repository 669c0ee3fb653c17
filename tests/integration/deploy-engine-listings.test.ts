/**
 * What a deploy costs the engine in full listings, on the bench engine (which holds the ui bench's 2,000 images when
 * they are loaded) with the whole core as a host assembles it and the real Compose v2: an eight-service stack of two
 * small images (pulled anonymously when the engine lacks them), deployed from nothing. While compose creates and
 * starts the services, their container events refresh the views (engine-lists.ts); session 9 counted ten
 * `/images/json` and ten `/containers/json` in one such deploy, an images listing for every burst of container
 * events. The images are listed again only after image events (a pull) or a pull's end now: a container event
 * changes no image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ImageList } from '../../preload/api';
import { createCore, type StevedoreCore } from '../../main/core/app';
import { EngineConnection } from '../../main/core/engine/connection';
import { createEventPublisher } from '../../main/core/ipc/events';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { loadBench, type Bench } from '../env/bench';
import { testAppInfo } from '../support/app-info';
import { expectNoComposeProjectsLeft, removeComposeProjectsWhenTestEnds } from '../support/compose-projects';
import { openSettings } from '../support/settings';

const PROJECT = `deploy-listings-${Date.now().toString(36)}`;
const SERVICES = ['svc1', 'svc2', 'svc3', 'svc4', 'svc5', 'svc6', 'svc7', 'svc8'];

let bench: Bench;
let core: StevedoreCore;
let dataDir: string;
/** The engine's full listings (engine-lists.ts: `/images/json`, `/containers/json?all=1` without filters), in order. */
const listings: Array<'images' | 'containers'> = [];

/** The engine as the core sees it, with its full listings counted. */
function counted(docker: Docker): Docker {
  return new Proxy(docker, {
    get(target, property, receiver) {
      if (property === 'listImages') {
        return (options?: Docker.ListImagesOptions) => {
          listings.push('images');
          return target.listImages(options);
        };
      }
      if (property === 'listContainers') {
        return (options?: Docker.ContainerListOptions) => {
          if (options?.filters === undefined) listings.push('containers');
          return target.listContainers(options);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  bench = loadBench();
  dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-deploy-engine-listings-'));
  const engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  const docker = engine.docker.bind(engine);
  vi.spyOn(engine, 'docker').mockImplementation(() => counted(docker()));
  core = createCore({
    appInfo: () => testAppInfo,
    publisher: createEventPublisher(() => []),
    settings: openSettings(dataDir),
    cipher: new MemoryCipher(),
    dataDir,
    engine,
    // Compose v2 from the bench's plugin folder; the images are anonymous, so no credentials are asked for.
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir },
  });
  await core.start();
  expect(core.engine.status.state).toBe('connected');
});

afterAll(async () => {
  try {
    if (core !== undefined) await expectNoComposeProjectsLeft(core.engine.docker(), (project) => project === PROJECT, 'deploy-engine-listings.test.ts');
  } finally {
    core?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});

it('a deploy lists the images again only for image events and its pulls, and the Images feed still counts every new container', async () => {
  removeComposeProjectsWhenTestEnds(core.engine.docker(), (project) => project === PROJECT);
  const images = [bench.images.small.anon, bench.images.small.anonLibrary];
  const yaml = ['services:', ...SERVICES.flatMap((service, n) => [`  ${service}:`, `    image: ${images[n % 2]}`, '    command: ["sleep", "3600"]', '    stop_signal: SIGKILL'])].join('\n');
  const { stack } = await core.stacks.create({ name: PROJECT, yaml });
  expect(stack.project).toBe(PROJECT);
  // Listed at connection (the first window's images.list finds it ready): counted from here on.
  await (core.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined);

  let imageEvents = 0;
  const unsubscribe = core.engine.onEngineEvent((event) => {
    if (event.Type === 'image') imageEvents += 1;
  });
  const before = listings.length;
  try {
    const deploy = await core.stacks.waitForDeploy((await core.stacks.deploy(stack.id)).id);
    expect(deploy.state, JSON.stringify(deploy.error)).toBe('done');
    // The views follow the deploy: every container is counted on its image (the listing after the last burst).
    await expect
      .poll(
        async () => {
          const list = await (core.handlers['images.list'] as (request: undefined) => Promise<ImageList>)(undefined);
          const ids = new Set((await Promise.all(images.map((image) => core.engine.docker().getImage(image).inspect()))).map((image) => image.Id));
          return list.items.filter((item) => ids.has(item.id)).reduce((sum, item) => sum + (item.containers ?? 0), 0);
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(SERVICES.length);
  } finally {
    unsubscribe();
  }
  const during = listings.slice(before);
  const imagesListed = during.filter((listing) => listing === 'images').length;
  const containersListed = during.filter((listing) => listing === 'containers').length;
  console.log(`deploy of ${SERVICES.length} services: ${imagesListed} /images/json, ${containersListed} /containers/json; ${imageEvents} image events`);
  // One images listing at most per image event (a pull's events, or another test's on the shared engine), and one
  // for the pulls' end (app.ts recheckPulled); compose's container events add none.
  expect(imagesListed).toBeLessThanOrEqual(imageEvents + 1);
  expect(containersListed).toBeGreaterThan(0);
  await core.stacks.down(stack.id, { volumes: true });
}, 180_000);
